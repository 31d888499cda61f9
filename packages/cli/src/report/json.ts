/**
 * `--format json` / `--json`: exactly the shape of CLI.md ("check output").
 *
 * @module
 */
import type { CheckRun, Summary } from "./model.ts";
import { summarize } from "./model.ts";

/** One diagnostic as the JSON output shows it (no offsets: they are UTF-16 internals). */
export interface JsonDiagnostic {
  severity: "error" | "warning";
  code: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The document `sievectl check --json` prints. */
export interface JsonReport {
  files: Array<{ file: string; valid: boolean; diagnostics: JsonDiagnostic[] }>;
  summary: Summary;
}

/** Builds the JSON document. */
export function jsonReport(run: CheckRun): JsonReport {
  return {
    files: run.results.map((r) => ({
      file: r.file,
      valid: r.valid,
      diagnostics: r.diagnostics.map((d) => ({
        severity: d.severity,
        code: d.code,
        message: d.message,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
      })),
    })),
    summary: summarize(run.results),
  };
}

/** The JSON text, two-space indented, with a final newline. */
export function renderJson(run: CheckRun): string {
  return `${JSON.stringify(jsonReport(run), null, 2)}\n`;
}
