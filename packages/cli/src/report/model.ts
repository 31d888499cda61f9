/**
 * What `check` found, in one shape every output format renders.
 *
 * @module
 */
import type { Diagnostic } from "@sieve-toolkit/parser";

/** One checked script. */
export interface FileResult {
  /** The name shown to the user: relative to the working directory when inside it, `<stdin>` for stdin. */
  file: string;
  /** Absolute path, or null for stdin. */
  path: string | null;
  /** The decoded source, for code frames. */
  text: string;
  /** Every diagnostic, in source order. */
  diagnostics: Diagnostic[];
  /** No error (warnings allowed). */
  valid: boolean;
}

/** A path that could not be read (exit code 2). */
export interface Failure {
  file: string;
  path: string | null;
  message: string;
}

/** The outcome of one `check` run. */
export interface CheckRun {
  results: FileResult[];
  failures: Failure[];
}

/** The `summary` object of the JSON output (CLI.md). */
export interface Summary {
  files: number;
  valid: number;
  invalid: number;
  errors: number;
  warnings: number;
}

/** Counts files and diagnostics. */
export function summarize(results: readonly FileResult[]): Summary {
  let errors = 0;
  let warnings = 0;
  let valid = 0;
  for (const r of results) {
    if (r.valid) valid++;
    for (const d of r.diagnostics) {
      if (d.severity === "error") errors++;
      else warnings++;
    }
  }
  return { files: results.length, valid, invalid: results.length - valid, errors, warnings };
}

/** `n thing` / `n things`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
