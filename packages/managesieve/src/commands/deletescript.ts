/**
 * DELETESCRIPT (RFC 5804 §2.10).
 *
 * @module
 */
import { compileCommand } from "../compiler.ts";
import { type CommandContext, runSimple } from "./run.ts";

/**
 * Deletes a script (not the active one: the server answers NO (ACTIVE)).
 *
 * @throws ManageSieveError `MANAGESIEVE_E_NO` (ACTIVE, NONEXISTENT) and those of {@link runSimple}
 */
export async function deleteScript(ctx: CommandContext, name: string): Promise<void> {
  await runSimple(ctx, compileCommand("DELETESCRIPT", [name]), "DELETESCRIPT");
}
