/**
 * The interpreter's errors: one compile error and one runtime error, both {@link SieveError}s
 * with stable codes (ARCHITECTURE.md rule 4).
 *
 * @module
 */
import { type Diagnostic, SieveError } from "@sieve-toolkit/parser";

/** Codes a run can report in `RunResult.errors` (catalogued in docs/errors.md). */
export type SieveRuntimeCode =
  /** `reject` combined with a delivering action, or a second `reject` (RFC 5429 §2.1). */
  | "SIEVE_E_CONFLICT"
  /** More actions than `maxActions` (default 32). */
  | "SIEVE_E_ACTION_LIMIT"
  /** More redirects than `maxRedirects` (default 4). */
  | "SIEVE_E_REDIRECT_LIMIT"
  /** More steps than `maxSteps`. */
  | "SIEVE_E_STEP_LIMIT"
  /** A redirect address built at run time is not an RFC 5322 addr-spec (RFC 5228 §4.2). */
  | "SIEVE_E_REDIRECT_ADDRESS"
  /** A mailbox name built at run time is unusable (empty, NUL). */
  | "SIEVE_E_MAILBOX"
  /** `include` failed: missing script, loop, depth or count limit, invalid included script. */
  | "SIEVE_E_INCLUDE"
  /** A command or test this engine does not run (yet): its hook is empty. */
  | "SIEVE_E_UNSUPPORTED"
  /** Any other runtime failure. */
  | "SIEVE_E_RUNTIME";

/**
 * Thrown by {@link compile} when the script does not validate. `diagnostics` holds every
 * problem `check()` found. Code: `SIEVE_E_COMPILE`.
 */
export class SieveCompileError extends SieveError {
  /** Every diagnostic of the failed check, errors and warnings. */
  readonly diagnostics: Diagnostic[];

  /** @param diagnostics - what `check()` reported; the first error becomes the message */
  constructor(diagnostics: Diagnostic[]) {
    const first = diagnostics.find((d) => d.severity === "error");
    super("SIEVE_E_COMPILE", first ? `line ${first.line}: ${first.message}` : "script does not compile", {
      ...(first ? { line: first.line, column: first.column } : {}),
    });
    this.name = "SieveCompileError";
    this.diagnostics = diagnostics;
  }
}

/**
 * A failure while running a script. `run()` never lets it escape: it ends the run with status
 * `runtime-error` and lists it in `RunResult.errors`.
 */
export class SieveRuntimeError extends SieveError {
  /** The runtime code, narrowed. */
  declare readonly code: SieveRuntimeCode;

  /**
   * @param code - one of {@link SieveRuntimeCode}
   * @param message - a sentence a person understands
   * @param at - the command or test that failed
   */
  constructor(code: SieveRuntimeCode, message: string, at: { line: number; column: number }) {
    super(code, message, { line: at.line, column: at.column });
    this.name = "SieveRuntimeError";
  }
}
