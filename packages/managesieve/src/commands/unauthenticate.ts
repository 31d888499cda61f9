/**
 * UNAUTHENTICATE (RFC 5804 §2.14.1).
 *
 * @module
 */
import { compileCommand } from "../compiler.ts";
import { type CommandContext, runSimple } from "./run.ts";

/**
 * Returns the session to the non-authenticated state (TLS stays).
 *
 * @throws ManageSieveError `MANAGESIEVE_E_NO` and those of {@link runSimple}
 */
export async function unauthenticate(ctx: CommandContext): Promise<void> {
  await runSimple(ctx, compileCommand("UNAUTHENTICATE"), "UNAUTHENTICATE");
}
