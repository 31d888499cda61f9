/**
 * LISTSCRIPTS (RFC 5804 §2.7).
 *
 * @module
 */
import { compileCommand } from "../compiler.ts";
import { ManageSieveError } from "../errors.ts";
import { type CommandContext, expectOk, run } from "./run.ts";

/** One entry of LISTSCRIPTS. */
export interface ScriptInfo {
  /** The name as the server sent it. */
  name: string;
  /** Whether this is the active script. */
  active: boolean;
}

/**
 * Lists the user's scripts.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_NO`, `MANAGESIEVE_E_PROTOCOL` (a malformed entry, or more
 *   than one ACTIVE) and those of {@link run}
 */
export async function listScripts(ctx: CommandContext): Promise<ScriptInfo[]> {
  const response = await run(ctx, compileCommand("LISTSCRIPTS"), "LISTSCRIPTS");
  expectOk(response, "LISTSCRIPTS");
  const out: ScriptInfo[] = [];
  let actives = 0;
  for (const line of response.data) {
    // RFC 5804 §4: sieve-name [SP "ACTIVE"] CRLF; "ACTIVE may only occur with one sieve-name".
    const [name, flag, extra] = line.items;
    const active = flag?.type === "atom" && flag.value.toUpperCase() === "ACTIVE";
    if (name?.type !== "string" || (flag !== undefined && !active) || extra !== undefined) {
      throw new ManageSieveError("MANAGESIEVE_E_PROTOCOL", "LISTSCRIPTS: malformed script entry");
    }
    if (active) actives++;
    out.push({ name: name.value, active });
  }
  if (actives > 1) throw new ManageSieveError("MANAGESIEVE_E_PROTOCOL", "LISTSCRIPTS: more than one active script");
  return out;
}
