/**
 * CHECKSCRIPT (RFC 5804 §2.12).
 *
 * @module
 */
import { compileCommand } from "../compiler.ts";
import { type CommandContext, expectNoData, expectOk, run, warningsOf } from "./run.ts";

/**
 * Asks the server to validate a script without storing it.
 *
 * @returns the text of an `OK (WARNINGS)` response, else `warnings: null`
 * @throws ManageSieveError `MANAGESIEVE_E_NO` (the server's error text is in `serverText`),
 *   `MANAGESIEVE_E_ARGUMENT` and those of {@link run}
 */
export async function checkScript(ctx: CommandContext, content: string): Promise<{ warnings: string | null }> {
  const response = await run(ctx, compileCommand("CHECKSCRIPT", [{ literal: content }]), "CHECKSCRIPT");
  const ok = expectOk(response, "CHECKSCRIPT");
  expectNoData(response, "CHECKSCRIPT");
  return warningsOf(ok);
}
