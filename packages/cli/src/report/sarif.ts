/**
 * `--format sarif`: a SARIF 2.1.0 log for code-scanning uploads (GitHub, GitLab, Azure DevOps).
 * One run, tool `sievectl`, one rule per diagnostic code that occurs, one result per
 * diagnostic. Artifact URIs are relative to `%SRCROOT%` (the working directory).
 *
 * @module
 */
import { relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { CheckRun } from "./model.ts";
import type { SarifArtifactLocation, SarifLog, SarifReportingDescriptor, SarifResult } from "./sarif-types.ts";

const SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const SRCROOT = "%SRCROOT%";

/** One-line descriptions of the diagnostic codes (the full catalogue is docs/errors.md). */
const RULES: Readonly<Record<string, string>> = {
  SIEVE_E_UTF8: "The script is not valid UTF-8.",
  SIEVE_E_CHAR: "A character that is not allowed in a Sieve script.",
  SIEVE_E_UNTERMINATED_STRING: "A quoted string is not closed.",
  SIEVE_E_UNTERMINATED_COMMENT: "A bracket comment is not closed.",
  SIEVE_E_UNTERMINATED_MULTILINE: "A text: multi-line string has no terminating '.' line.",
  SIEVE_E_NUMBER_OVERFLOW: "A number is too large.",
  SIEVE_E_IDENTIFIER_TOO_LONG: "An identifier or tag is too long.",
  SIEVE_E_SYNTAX: "The script does not follow the Sieve grammar.",
  SIEVE_E_LIMIT: "A size or count limit was exceeded.",
  SIEVE_E_NESTING: "Blocks or tests are nested too deeply.",
  SIEVE_E_REQUIRE: "A misplaced or malformed require command.",
  SIEVE_E_UNKNOWN_EXTENSION: "require names an extension that is not known.",
  SIEVE_E_UNSUPPORTED_EXTENSION: "require names an extension the target server does not support.",
  SIEVE_E_UNKNOWN_COMMAND: "An unknown command, or one whose extension is not required.",
  SIEVE_E_UNKNOWN_TEST: "An unknown test, or one whose extension is not required.",
  SIEVE_E_UNKNOWN_TAG: "A tagged argument the command or test does not take.",
  SIEVE_E_TAG_CONFLICT: "Tagged arguments that exclude each other.",
  SIEVE_E_ARGUMENT: "Wrong number or type of arguments.",
  SIEVE_E_TEST: "A test is missing or not allowed here.",
  SIEVE_E_BLOCK: "A block is missing or not allowed here.",
  SIEVE_E_COMPARATOR: "An unknown or unusable comparator.",
  SIEVE_E_MATCH_TYPE: "An unknown or unusable match type.",
  SIEVE_E_RELATIONAL: "An invalid relational operator.",
  SIEVE_E_VARIABLE: "An invalid variable name or reference.",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Sieve syntax, not a template
  SIEVE_E_ENCODED_CHARACTER: "An invalid ${hex:…} or ${unicode:…} encoded character.",
  SIEVE_E_CONTROL: "A control command used where it is not allowed.",
  SIEVE_E_HEADER_NAME: "An invalid header field name.",
  SIEVE_E_ADDRESS: "An invalid e-mail address.",
  SIEVE_E_VALUE: "An invalid argument value.",
  SIEVE_E_INCLUDE: "An included script is missing, invalid or included in a cycle.",
  SIEVE_W_HEADER_NAME: "A suspicious header field name.",
  SIEVE_W_UNREACHABLE: "Code that can never run.",
  SIEVE_W_DEPRECATED: "A deprecated construct.",
  SIEVE_W_VALUE: "A suspicious argument value.",
};

/** Options of {@link sarifLog}. */
export interface SarifOptions {
  /** `%SRCROOT%`: relative URIs are relative to this directory. */
  base: string;
  version: string;
  quiet?: boolean;
}

/** Where a file is, as a SARIF artifact location. */
function artifact(file: string, path: string | null, base: string): SarifArtifactLocation {
  if (path === null) return { uri: encodeURI(file.split(sep).join("/")) };
  const rel = relative(base, path);
  if (rel === "" || rel.startsWith("..") || rel.startsWith(sep)) return { uri: pathToFileURL(path).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

/** Builds the SARIF log. */
export function sarifLog(run: CheckRun, opts: SarifOptions): SarifLog {
  const rules: SarifReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const results: SarifResult[] = [];
  for (const r of run.results) {
    const loc = artifact(r.file, r.path, opts.base);
    for (const d of r.diagnostics) {
      if (opts.quiet && d.severity !== "error") continue;
      let index = ruleIndex.get(d.code);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(d.code, index);
        rules.push({
          id: d.code,
          shortDescription: { text: RULES[d.code] ?? d.code },
          defaultConfiguration: { level: d.code.startsWith("SIEVE_W_") ? "warning" : "error" },
        });
      }
      results.push({
        ruleId: d.code,
        ruleIndex: index,
        level: d.severity,
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { ...loc },
              region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
            },
          },
        ],
      });
    }
  }
  const notifications = run.failures.map((f) => ({
    level: "error" as const,
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: artifact(f.file, f.path, opts.base) } }],
  }));
  return {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "sievectl",
            version: opts.version,
            semanticVersion: opts.version,
            rules,
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { uri: pathToFileURL(opts.base.endsWith(sep) ? opts.base : opts.base + sep).href },
        },
        invocations: [
          notifications.length > 0
            ? { executionSuccessful: false, toolExecutionNotifications: notifications }
            : { executionSuccessful: true },
        ],
        results,
        columnKind: "utf16CodeUnits",
      },
    ],
  };
}

/** The SARIF text, two-space indented, with a final newline. */
export function renderSarif(run: CheckRun, opts: SarifOptions): string {
  return `${JSON.stringify(sarifLog(run, opts), null, 2)}\n`;
}
