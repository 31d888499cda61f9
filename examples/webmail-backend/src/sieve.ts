/**
 * The Sieve work behind the endpoints: one authenticated ManageSieve connection per request,
 * validation against the server's own `SIEVE` capability list, and dry runs.
 *
 * @module
 */
import { compile, dryRun, type RunResult, run, SieveCompileError } from "@sieve-toolkit/interpreter";
import { type ConnectOptions, ManageSieveClient } from "@sieve-toolkit/managesieve";
import { check, type Diagnostic } from "@sieve-toolkit/parser";
import type { Credentials } from "./auth.ts";
import { HttpError } from "./http.ts";

/** Connection settings of the ManageSieve server (everything but who logs in). */
export type ServerOptions = Omit<ConnectOptions, "signal" | "logger">;

/**
 * Connects, authenticates as `credentials`, runs `work` and logs out, whatever happens. A
 * connection per request keeps no user's session open between requests; ManageSieve logins
 * are cheap next to a person typing. `signal` aborts the exchange (`MANAGESIEVE_E_ABORTED`).
 */
export async function withClient<T>(
  server: ServerOptions,
  credentials: Credentials,
  work: (client: ManageSieveClient) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  // The signal closes the connection when the frontend gives up on the request.
  const client = await ManageSieveClient.connect(signal ? { ...server, signal } : server);
  try {
    await client.authenticate({ username: credentials.username, password: credentials.password });
    return await work(client);
  } finally {
    await client.logout();
  }
}

/** The outcome of validating a script against a server's extensions. */
export interface Validation {
  valid: boolean;
  /** Errors and warnings with 1-based `line`/`column` and `endLine`/`endColumn`. */
  diagnostics: Diagnostic[];
  /** The extensions the script requires. */
  requires: string[];
}

/**
 * Validates `content` as the server would see it: only the extensions it advertises in its
 * `SIEVE` capability may be required.
 */
export function validateFor(content: string, sieveExtensions: readonly string[]): Validation {
  const result = check(content, { capabilities: sieveExtensions });
  return { valid: result.valid, diagnostics: result.diagnostics, requires: result.requires };
}

/** The 422 for a script that does not validate: nothing was sent to the server. */
export function invalidScript(validation: Validation): HttpError {
  const first = validation.diagnostics.find((d) => d.severity === "error");
  const message = first ? `line ${first.line}:${first.column}: ${first.message}` : "the script is not valid";
  return new HttpError(422, "WEBMAIL_E_INVALID_SCRIPT", message, { diagnostics: validation.diagnostics });
}

/** What a dry run needs besides the script. */
export interface DryRunInput {
  /** The message as the user posted it (RFC 5322 text). */
  message: string;
  /** The envelope; both default to the empty string (RFC 5228 §5.4 treats that as absent). */
  envelope: { from: string; to: string };
  /** Mailboxes that exist, for `mailboxexists` and `fileinto :create`; INBOX always does. */
  mailboxes: string[];
}

/** What a dry run answers: the interpreter's result without the trace. */
export type DryRunOutput = Omit<RunResult, "trace">;

/**
 * Compiles `script` against the server's extensions and runs it on the message with no I/O.
 *
 * @throws HttpError 422 `WEBMAIL_E_INVALID_SCRIPT` with diagnostics when it does not compile
 */
export async function dryRunScript(
  script: string,
  sieveExtensions: readonly string[],
  input: DryRunInput,
): Promise<DryRunOutput> {
  let program: ReturnType<typeof compile>;
  try {
    program = compile(script, { capabilities: sieveExtensions });
  } catch (err) {
    if (err instanceof SieveCompileError) {
      throw invalidScript({ valid: false, diagnostics: err.diagnostics, requires: [] });
    }
    throw err;
  }
  const bytes = new TextEncoder().encode(input.message);
  const host = dryRun({ mailboxes: input.mailboxes });
  const { trace: _trace, ...result } = await run(program, bytes, input.envelope, host);
  return result;
}
