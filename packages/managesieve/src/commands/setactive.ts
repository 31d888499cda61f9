/**
 * SETACTIVE (RFC 5804 §2.8).
 *
 * @module
 */
import { compileCommand } from "../compiler.ts";
import { type CommandContext, runSimple } from "./run.ts";

/**
 * Makes `name` the active script; `""` deactivates scripting.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_NO` (e.g. NONEXISTENT) and those of {@link runSimple}
 */
export async function setActive(ctx: CommandContext, name: string): Promise<void> {
  await runSimple(ctx, compileCommand("SETACTIVE", [name]), "SETACTIVE");
}
