/**
 * The human format of `check`: `file:line:column: error: message [code]` and a code frame
 * per diagnostic, then a summary line.
 *
 * @module
 */
import type { Diagnostic } from "@sieve-toolkit/parser";
import { type Style, sanitize } from "../io.ts";
import { codeFrame } from "./codeframe.ts";
import { type CheckRun, plural, summarize } from "./model.ts";

/** Options of {@link renderDiagnostic} and {@link renderText}. */
export interface TextOptions {
  style: Style;
  /** Only errors, and no summary line. */
  quiet?: boolean;
}

/** One diagnostic with its code frame, ending in a newline. */
export function renderDiagnostic(file: string, text: string, d: Diagnostic, style: Style): string {
  const label = d.severity === "error" ? style.bold(style.red("error")) : style.bold(style.yellow("warning"));
  const head = `${style.bold(`${sanitize(file)}:${d.line}:${d.column}:`)} ${label}: ${sanitize(d.message)} ${style.dim(`[${d.code}]`)}`;
  const frame = codeFrame(text, d, style);
  return frame === "" ? `${head}\n` : `${head}\n${frame}\n`;
}

/** The whole report: diagnostics separated by blank lines, then the summary (unless quiet). */
export function renderText(run: CheckRun, opts: TextOptions): string {
  const blocks: string[] = [];
  for (const r of run.results) {
    for (const d of r.diagnostics) {
      if (opts.quiet && d.severity !== "error") continue;
      blocks.push(renderDiagnostic(r.file, r.text, d, opts.style));
    }
  }
  let out = blocks.join("\n");
  if (!opts.quiet) {
    const s = summarize(run.results);
    const unreadable = run.failures.length > 0 ? `, ${run.failures.length} unreadable` : "";
    const counts = `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}`;
    const line =
      s.invalid === 0 && unreadable === ""
        ? opts.style.green(`${plural(s.files, "file")} checked: all valid (${counts})`)
        : opts.style.red(
            `${plural(s.files, "file")} checked: ${s.valid} valid, ${s.invalid} invalid${unreadable} (${counts})`,
          );
    out += `${out === "" ? "" : "\n"}${line}\n`;
  }
  return out;
}
