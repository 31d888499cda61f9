/**
 * HAVESPACE (RFC 5804 §2.5).
 *
 * @module
 */
import { compileCommand } from "../compiler.ts";
import { type CommandContext, runSimple } from "./run.ts";

/**
 * Asks whether a script of `size` bytes could be stored as `name`.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_NO` (QUOTA, QUOTA/MAXSCRIPTS, QUOTA/MAXSIZE, …),
 *   `MANAGESIEVE_E_ARGUMENT` (size not a 32-bit unsigned integer) and those of {@link runSimple}
 */
export async function haveSpace(ctx: CommandContext, name: string, size: number): Promise<void> {
  await runSimple(ctx, compileCommand("HAVESPACE", [name, size]), "HAVESPACE");
}
