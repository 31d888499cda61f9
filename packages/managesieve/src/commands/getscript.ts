/**
 * GETSCRIPT (RFC 5804 §2.9).
 *
 * @module
 */
import { compileCommand } from "../compiler.ts";
import { ManageSieveError } from "../errors.ts";
import { type CommandContext, expectOk, run } from "./run.ts";

/**
 * Downloads a script's bytes, exactly as stored.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_NO` (e.g. NONEXISTENT), `MANAGESIEVE_E_PROTOCOL` (not
 *   exactly one string before the OK) and those of {@link run}
 */
export async function getScript(ctx: CommandContext, name: string): Promise<Uint8Array> {
  const response = await run(ctx, compileCommand("GETSCRIPT", [name]), "GETSCRIPT");
  expectOk(response, "GETSCRIPT");
  // RFC 5804 §4: response-getscript = sieve-script CRLF response-ok
  const [line, extra] = response.data;
  const item = line?.items[0];
  if (extra !== undefined || item?.type !== "string" || line!.items.length !== 1) {
    throw new ManageSieveError("MANAGESIEVE_E_PROTOCOL", "GETSCRIPT: expected exactly one string before OK");
  }
  return item.bytes;
}
