/**
 * LOGOUT (RFC 5804 §2.3).
 *
 * @module
 */
import { compileCommand } from "../compiler.ts";
import type { CommandContext } from "./run.ts";

/**
 * Says goodbye and closes the connection. The server's answer (OK, or BYE) is read but any
 * failure to get it is ignored: the connection is closed either way.
 */
export async function logout(ctx: CommandContext): Promise<void> {
  const { conn } = ctx;
  if (conn.closed) return;
  conn.beginPhase(ctx.timeout, "LOGOUT");
  try {
    conn.discardStale();
    conn.send(compileCommand("LOGOUT"));
    await conn.readResponse();
  } catch {
    // Already closing: nothing the caller could do about it.
  } finally {
    conn.endPhase();
    conn.close();
  }
}
