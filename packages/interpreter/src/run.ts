/**
 * `run()`: a {@link Program} against one message and envelope. No I/O: the host answers every
 * outside question. A runtime error ends the run with the implicit keep only (RFC 5228
 * §2.10.6), reported in `errors`, never thrown.
 *
 * @module
 */
import { SieveError } from "@sieve-toolkit/parser";
import type { Program } from "./compile.ts";
import { SieveRuntimeError } from "./errors.ts";
import { type Host, withSettings } from "./host.ts";
import { MessageView } from "./message/view.ts";
import { Result } from "./result.ts";
import { execBlock, Runtime } from "./runtime.ts";
import { Tracer } from "./trace.ts";
import { type Envelope, resolveLimits, type RunOptions, type RunResult } from "./types.ts";

/**
 * Runs `program` on `message`.
 *
 * @param message - a {@link MessageView}, or raw RFC 5322 bytes (bare LF is fine)
 * @param envelope - the SMTP envelope (`from: null` is the null sender)
 * @param host - answers mailbox, include, duplicate, environment and time questions; default: none
 * @returns the actions; `status: "runtime-error"` with `errors` (codes `SIEVE_E_CONFLICT`,
 *   `SIEVE_E_ACTION_LIMIT`, `SIEVE_E_REDIRECT_LIMIT`, `SIEVE_E_STEP_LIMIT`,
 *   `SIEVE_E_REDIRECT_ADDRESS`, `SIEVE_E_MAILBOX`, `SIEVE_E_INCLUDE`, `SIEVE_E_UNSUPPORTED`)
 * @throws TypeError for invalid options (limits, trace level); never for script or message problems
 */
export async function run(
  program: Program,
  message: MessageView | Uint8Array,
  envelope: Envelope,
  host: Host = {},
  options: RunOptions = {},
): Promise<RunResult> {
  const limits = resolveLimits(program.limits, options.limits);
  const tracer = new Tracer(options.trace ?? "none");
  const defaultMailbox = options.defaultMailbox ?? "INBOX";
  const result = new Result(limits, defaultMailbox);
  // editheader (RFC 5293) edits a fork: a view the caller reuses stays as it was built.
  const view = message instanceof Uint8Array ? MessageView.fromBytes(message) : message.fork();
  const runHost = options.settings === undefined ? host : withSettings(host, options.settings);
  const rt = new Runtime({ message: view, envelope, host: runHost, limits, result, tracer, defaultMailbox, program });
  // RFC 5293 §7: after a runtime error the implicit keep files the original message: no edits.
  const headers: RunResult["headers"] = { added: [], deleted: [] };
  try {
    await execBlock(program.commands, rt);
  } catch (e) {
    // Lower layers (the regex engine: a pattern built from variables, its step budget) throw
    // SieveErrors without a position; they fail this run like any runtime error, at the
    // command or test that was running.
    if (!(e instanceof SieveError)) throw e;
    const at = e instanceof SieveRuntimeError ? { line: e.line ?? 0, column: e.column ?? 0 } : rt.lastAt;
    const error = { line: at.line, column: at.column, message: e.message, code: e.code };
    tracer.add("commands", { type: "error", ...error });
    const failed = Result.failed();
    return {
      status: "runtime-error",
      ...failed,
      errors: [error],
      warnings: rt.warnings,
      trace: tracer.events,
      headers,
    };
  }
  // RFC 5232 §5: the implicit keep carries the internal variable's flags.
  const done = result.finish(program.requires.has("imap4flags") ? [...rt.flags] : []);
  return {
    status: "ok",
    ...done,
    errors: [],
    warnings: rt.warnings,
    trace: tracer.events,
    headers: view.headerEdits(),
  };
}
