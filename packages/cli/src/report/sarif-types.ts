/**
 * The subset of SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/) that
 * `sievectl check --format sarif` writes. Hand-written so the CLI needs no `@types/sarif`;
 * property names and optionality follow the 2.1.0 JSON schema.
 *
 * @module
 */

export interface SarifLog {
  $schema?: string;
  version: "2.1.0";
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: SarifToolComponent };
  /** Named base URIs that relative `artifactLocation`s refer to (§3.14.14). */
  originalUriBaseIds?: Record<string, SarifArtifactLocation>;
  invocations?: SarifInvocation[];
  results: SarifResult[];
  /** How columns are counted (§3.14.26); ours are UTF-16 code units. */
  columnKind?: "utf16CodeUnits" | "unicodeCodePoints";
}

export interface SarifToolComponent {
  name: string;
  version?: string;
  semanticVersion?: string;
  informationUri?: string;
  rules?: SarifReportingDescriptor[];
}

export interface SarifReportingDescriptor {
  id: string;
  name?: string;
  shortDescription?: SarifMessage;
  fullDescription?: SarifMessage;
  helpUri?: string;
  defaultConfiguration?: { level?: SarifLevel };
}

export type SarifLevel = "none" | "note" | "warning" | "error";

export interface SarifMessage {
  text: string;
}

export interface SarifArtifactLocation {
  uri?: string;
  uriBaseId?: string;
}

export interface SarifRegion {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  /** One past the last character (§3.30.8). */
  endColumn?: number;
}

export interface SarifPhysicalLocation {
  artifactLocation?: SarifArtifactLocation;
  region?: SarifRegion;
}

export interface SarifLocation {
  physicalLocation?: SarifPhysicalLocation;
}

export interface SarifResult {
  ruleId?: string;
  ruleIndex?: number;
  level?: SarifLevel;
  message: SarifMessage;
  locations?: SarifLocation[];
}

export interface SarifNotification {
  level?: SarifLevel;
  message: SarifMessage;
  locations?: SarifLocation[];
}

export interface SarifInvocation {
  executionSuccessful: boolean;
  toolExecutionNotifications?: SarifNotification[];
}
