/**
 * RENAMESCRIPT (RFC 5804 §2.11), and its emulation for servers without VERSION (the five
 * steps of §2.11).
 *
 * @module
 */
import { compileCommand } from "../compiler.ts";
import { ManageSieveError } from "../errors.ts";
import { deleteScript } from "./deletescript.ts";
import { getScript } from "./getscript.ts";
import { listScripts } from "./listscripts.ts";
import { putScript } from "./putscript.ts";
import { type CommandContext, runSimple } from "./run.ts";
import { setActive } from "./setactive.ts";

/**
 * Renames a script with RENAMESCRIPT; the active script stays active.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_NO` (NONEXISTENT, ALREADYEXISTS) and those of {@link runSimple}
 */
export async function renameScript(ctx: CommandContext, oldName: string, newName: string): Promise<void> {
  await runSimple(ctx, compileCommand("RENAMESCRIPT", [oldName, newName]), "RENAMESCRIPT");
}

/**
 * Emulates RENAMESCRIPT (RFC 5804 §2.11): LISTSCRIPTS, GETSCRIPT old, PUTSCRIPT new, SETACTIVE
 * new if old was active, DELETESCRIPT old. It never replaces an existing script.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_NO` with a NONEXISTENT or ALREADYEXISTS response code
 *   (and `serverText: null`) when the check of step 1 fails, and the errors of each step
 */
export async function emulateRenameScript(ctx: CommandContext, oldName: string, newName: string): Promise<void> {
  const scripts = await listScripts(ctx);
  const old = scripts.find((s) => s.name === oldName);
  if (old === undefined) {
    throw new ManageSieveError("MANAGESIEVE_E_NO", `RENAMESCRIPT (emulated): script "${oldName}" does not exist`, {
      responseCode: { name: "NONEXISTENT", args: [] },
    });
  }
  if (scripts.some((s) => s.name === newName)) {
    throw new ManageSieveError("MANAGESIEVE_E_NO", `RENAMESCRIPT (emulated): script "${newName}" already exists`, {
      responseCode: { name: "ALREADYEXISTS", args: [] },
    });
  }
  const bytes = await getScript(ctx, oldName);
  let content: string;
  try {
    content = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new ManageSieveError("MANAGESIEVE_E_PROTOCOL", "RENAMESCRIPT (emulated): script is not valid UTF-8", {
      cause,
    });
  }
  await putScript(ctx, newName, content);
  if (old.active) await setActive(ctx, newName);
  await deleteScript(ctx, oldName);
}
