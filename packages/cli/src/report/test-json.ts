/**
 * The `--json` format of `sievectl test`: one JSON object per message per line (CLI.md, "test
 * output"), so a batch over a Maildir can be piped into `jq` line by line.
 *
 * @module
 */
import type { Diagnostic } from "@sieve-toolkit/parser";
import type { RunError, RunResult, TraceEvent } from "@sieve-toolkit/interpreter";

/** What one message's run printed: the interpreter's result and the message's name. */
export interface MessageOutcome {
  message: string;
  result: RunResult;
}

/** The object of one line: CLI.md's shape, `trace` added with `--trace`. */
export interface TestJsonLine {
  /** The message's name; null on a compile error (no message ran). */
  message: string | null;
  status: "ok" | "compile-error" | "runtime-error";
  actions: RunResult["actions"];
  headers: RunResult["headers"];
  errors: RunError[];
  /** The script, on a compile error. */
  script?: string;
  /** With `--trace`: the events of the run. */
  trace?: TraceEvent[];
}

/** One message's line, ending in a newline. */
export function jsonMessageLine(outcome: MessageOutcome, trace: boolean): string {
  const r = outcome.result;
  const line: TestJsonLine = {
    message: outcome.message,
    status: r.status,
    actions: r.actions,
    headers: r.headers,
    errors: r.errors,
  };
  if (trace) line.trace = r.trace;
  return `${JSON.stringify(line)}\n`;
}

/**
 * The single line of a script that does not compile: `message` null, `script` its name,
 * `errors` its error diagnostics as `{line, column, message, code}` (the runtime errors' shape).
 */
export function jsonCompileErrorLine(script: string, diagnostics: readonly Diagnostic[]): string {
  const line: TestJsonLine = {
    message: null,
    status: "compile-error",
    actions: [],
    headers: { added: [], deleted: [] },
    errors: diagnostics
      .filter((d) => d.severity === "error")
      .map((d) => ({ line: d.line, column: d.column, message: d.message, code: d.code })),
    script,
  };
  return `${JSON.stringify(line)}\n`;
}
