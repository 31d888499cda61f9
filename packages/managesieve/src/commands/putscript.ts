/**
 * PUTSCRIPT (RFC 5804 §2.6).
 *
 * @module
 */
import { compileCommand } from "../compiler.ts";
import { type CommandContext, expectNoData, expectOk, run, warningsOf } from "./run.ts";

/**
 * Stores a script under `name` (already validated and NFC-normalised). The body is always sent as
 * a `{n+}` literal with its UTF-8 length.
 *
 * @returns the text of an `OK (WARNINGS)` response, else `warnings: null`
 * @throws ManageSieveError `MANAGESIEVE_E_NO` (bad script, QUOTA/…, …), `MANAGESIEVE_E_ARGUMENT`
 *   (lone surrogates) and those of {@link run}
 */
export async function putScript(
  ctx: CommandContext,
  name: string,
  content: string,
): Promise<{ warnings: string | null }> {
  const response = await run(ctx, compileCommand("PUTSCRIPT", [name, { literal: content }]), "PUTSCRIPT");
  const ok = expectOk(response, "PUTSCRIPT");
  expectNoData(response, "PUTSCRIPT");
  return warningsOf(ok);
}
