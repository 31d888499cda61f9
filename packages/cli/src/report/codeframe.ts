/**
 * A compiler-style code frame: the source line of a diagnostic with a caret line under the
 * span `column`..`endColumn`.
 *
 * @module
 */
import type { Diagnostic } from "@sieve-toolkit/parser";
import { type Style, sanitize } from "../io.ts";

/** The text of 1-based line `n`, without its line ending; undefined past the end. */
export function lineOf(text: string, n: number): string | undefined {
  let start = 0;
  for (let i = 1; i < n; i++) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const nl = text.indexOf("\n", start);
  let line = nl < 0 ? text.slice(start) : text.slice(start, nl);
  if (line.endsWith("\r")) line = line.slice(0, -1);
  return line;
}

/** True for the second half of a surrogate pair, which takes no column of its own on screen. */
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Renders the frame lines (without a trailing newline):
 *
 * ```
 *   3 |     fileinto "Junk";
 *     |     ^^^^^^^^
 * ```
 *
 * A span over several lines is underlined to the end of its first line. Tabs are kept in the
 * caret line so it lines up under any tab width; control characters are shown as U+FFFD.
 */
export function codeFrame(
  text: string,
  d: Pick<Diagnostic, "line" | "column" | "endLine" | "endColumn" | "severity">,
  style: Style,
): string {
  const source = lineOf(text, d.line);
  if (source === undefined) return "";
  const gutter = String(d.line);
  const pad = " ".repeat(gutter.length);
  const start = Math.min(Math.max(d.column - 1, 0), source.length);
  const end = d.endLine > d.line ? source.length : Math.min(Math.max(d.endColumn - 1, start), source.length);
  let prefix = "";
  for (let i = 0; i < start; i++) {
    const c = source.charCodeAt(i);
    if (isLowSurrogate(c)) continue;
    prefix += c === 0x09 ? "\t" : " ";
  }
  let width = 0;
  for (let i = start; i < end; i++) if (!isLowSurrogate(source.charCodeAt(i))) width++;
  const color = d.severity === "error" ? style.red : style.yellow;
  const carets = color("^".repeat(Math.max(width, 1)));
  const bar = style.blue("|");
  return `${style.blue(` ${gutter} `)}${bar} ${sanitize(source)}\n${style.blue(` ${pad} `)}${bar} ${prefix}${carets}`;
}
