/**
 * What every command module shares: send one command and read its whole response within one
 * deadline, and turn NO/BYE into errors with the server's words kept verbatim.
 *
 * @module
 */
import type { CompiledCommand } from "../compiler.ts";
import type { Connection } from "../connection.ts";
import { ManageSieveError } from "../errors.ts";
import { type Response, type StatusLine, statusError } from "../response.ts";

/** The connection a command runs on and its deadline (ms, `Infinity` for none). */
export interface CommandContext {
  conn: Connection;
  timeout: number;
}

/**
 * Sends `command` and reads its response (data lines and the status line) within `ctx.timeout`.
 * A BYE closes the connection and throws.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_BYE`, `MANAGESIEVE_E_TIMEOUT`, `MANAGESIEVE_E_CLOSED`,
 *   `MANAGESIEVE_E_PROTOCOL`, `MANAGESIEVE_E_LIMIT`, `MANAGESIEVE_E_ABORTED`
 */
export async function run(ctx: CommandContext, command: CompiledCommand, what: string): Promise<Response> {
  const { conn } = ctx;
  conn.discardStale();
  conn.beginPhase(ctx.timeout, what);
  try {
    conn.send(command);
    const response = await conn.readResponse();
    if (response.status.status === "BYE") {
      // RFC 5804 §1.2: BYE "should be immediately followed by a server hang-up".
      conn.close();
      throw statusError(response.status, what);
    }
    return response;
  } finally {
    conn.endPhase();
  }
}

/**
 * Returns the OK status line, or throws for NO.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_NO` with `responseCode` and `serverText`
 */
export function expectOk(response: Response, what: string): StatusLine {
  if (response.status.status !== "OK") throw statusError(response.status, what);
  return response.status;
}

/**
 * Checks that a command that returns no data got none.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_PROTOCOL`
 */
export function expectNoData(response: Response, what: string): void {
  if (response.data.length > 0) {
    throw new ManageSieveError("MANAGESIEVE_E_PROTOCOL", `${what}: unexpected data before the status line`);
  }
}

/** Runs a command that answers only OK/NO (SETACTIVE, DELETESCRIPT, HAVESPACE, …). */
export async function runSimple(ctx: CommandContext, command: CompiledCommand, what: string): Promise<StatusLine> {
  const response = await run(ctx, command, what);
  const ok = expectOk(response, what);
  expectNoData(response, what);
  return ok;
}

/** `{ warnings }` of a PUTSCRIPT/CHECKSCRIPT OK: the text of an `OK (WARNINGS)`, else `null` (RFC 5804 §1.3). */
export function warningsOf(ok: StatusLine): { warnings: string | null } {
  return { warnings: ok.code?.name === "WARNINGS" ? (ok.text ?? "") : null };
}
