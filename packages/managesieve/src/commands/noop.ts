/**
 * NOOP (RFC 5804 §2.13).
 *
 * @module
 */
import { compileCommand } from "../compiler.ts";
import { type CommandContext, runSimple } from "./run.ts";

/**
 * Does nothing on the server (keeps the session alive, resynchronises).
 *
 * @returns the argument of the `TAG` response code (quoted or literal), or `null`
 * @throws ManageSieveError those of {@link runSimple}
 */
export async function noop(ctx: CommandContext, tag?: string): Promise<string | null> {
  const ok = await runSimple(ctx, compileCommand("NOOP", tag === undefined ? [] : [tag]), "NOOP");
  return ok.code?.name === "TAG" ? (ok.code.args[0] ?? null) : null;
}
