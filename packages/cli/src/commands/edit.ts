/**
 * `sievectl edit NAME`: download a script, open it in the user's editor, validate it (locally
 * against the server's SIEVE list, then CHECKSCRIPT) and upload it.
 *
 * The connection is closed while the editor runs (an editing session may outlast the server's
 * idle timeout) and reopened for the upload with the credentials already read. On any failure
 * the edited copy is kept and its path printed, so no work is lost; on a terminal, a script the
 * checks reject can be re-opened in the editor at once.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isManageSieveError, type ManageSieveClient } from "@sieve-toolkit/managesieve";
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveAccount } from "../account.ts";
import { parseCommandArgs } from "../args.ts";
import { expectPositionals, helpOrVersion, reportError, Session } from "../connect.ts";
import { describeFsError } from "../files.ts";
import { type Io, sanitize } from "../io.ts";
import { checkLocally, serverUpload } from "../upload.ts";

export const help = `Usage: sievectl edit [options] NAME

Download script NAME (or start an empty one if it does not exist), open it in $VISUAL, else
$EDITOR, else vi, and when the editor exits: validate it locally against the server's SIEVE
capability, then with CHECKSCRIPT, then upload it (HAVESPACE, PUTSCRIPT). An active script
stays active. Nothing is uploaded when the file did not change.

If anything fails after editing, the edited copy is kept and its path printed. On a terminal,
a script the checks reject can be re-opened in the editor straight away.

Options:
  -q, --quiet                  fewer messages
${CONNECTION_HELP}
Exit codes: 0 uploaded (or unchanged), 1 the script is invalid or the server said NO,
2 usage error, the editor failed, or cannot connect/authenticate.
`;

/** A file name for the temporary copy: the script name without path separators or controls. */
function fileNameFor(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we replace
  const safe = name.replace(/[/\\\x00-\x1f\x7f]/g, "_").slice(0, 100);
  return `${safe === "" || safe.startsWith(".") ? `_${safe}` : safe}.sieve`;
}

/** Runs `$VISUAL`/`$EDITOR`/`vi` on `file` through the shell (so `EDITOR="code --wait"` works). */
function runEditor(file: string, io: Io): Promise<{ ok: boolean; why: string }> {
  const editor = io.env.VISUAL || io.env.EDITOR || "vi";
  return new Promise((resolve) => {
    // The file is passed as "$1", never spliced into the command string.
    const child = spawn("/bin/sh", ["-c", `${editor} "$1"`, "sh", file], {
      stdio: "inherit",
      env: { ...io.env },
      cwd: io.cwd,
    });
    child.on("error", (err) => resolve({ ok: false, why: err.message }));
    child.on("exit", (code, signal) =>
      resolve(
        code === 0
          ? { ok: true, why: "" }
          : { ok: false, why: `editor '${editor}' ${signal ? `was killed by ${signal}` : `exited with ${code}`}` },
      ),
    );
  });
}

/** Asks "edit again?" on the terminal; false when not interactive. */
async function again(io: Io): Promise<boolean> {
  if (!io.tty) return false;
  const answer = await io.tty.readLine("Edit again? [Y/n] ", { echo: true });
  return answer !== null && !/^\s*n/i.test(answer);
}

/** Runs `sievectl edit`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommandArgs("edit", argv, CONNECTION_OPTIONS);
  const early = helpOrVersion(p, io, help);
  if (early !== null) return early;
  expectPositionals("edit", p, 1, 1, "NAME");
  const name = p.positionals[0] as string;
  const say = (s: string) => {
    if (!p.global.quiet) io.stderr.write(`sievectl edit: ${s}\n`);
  };

  let session: Session;
  try {
    session = new Session(resolveAccount("edit", p, io), io, p.global.debug);
  } catch (err) {
    return reportError("edit", err, io);
  }

  // 1. Download.
  let original: Uint8Array;
  let sieveCaps: string[];
  let client: ManageSieveClient | null = null;
  try {
    client = await session.open(true);
    sieveCaps = client.capabilities.sieve;
    try {
      original = await client.getScriptBytes(name);
    } catch (err) {
      if (!isManageSieveError(err, "MANAGESIEVE_E_NO") || err.responseCode?.name !== "NONEXISTENT") throw err;
      say(`'${sanitize(name)}' does not exist yet: starting a new script`);
      original = new Uint8Array(0);
    }
  } catch (err) {
    return reportError("edit", err, io, session.account);
  } finally {
    await client?.logout();
    client = null;
  }

  // 2. A private copy: mkdtemp makes the folder 0700, the file is 0600.
  const dir = mkdtempSync(join(tmpdir(), "sievectl-edit-"));
  const file = join(dir, fileNameFor(name));
  writeFileSync(file, original, { mode: 0o600 });
  const keep = (code: number) => {
    io.stderr.write(`sievectl edit: your edited copy is kept in ${file}\n`);
    return code;
  };

  for (;;) {
    // 3. Edit.
    const ed = await runEditor(file, io);
    if (!ed.ok) {
      io.stderr.write(`sievectl edit: ${sanitize(ed.why)}; nothing was uploaded\n`);
      return keep(2);
    }
    let edited: Uint8Array;
    try {
      edited = readFileSync(file);
    } catch (err) {
      io.stderr.write(`sievectl edit: cannot read ${file}: ${describeFsError(err)}\n`);
      return keep(2);
    }
    if (Buffer.from(edited).equals(Buffer.from(original))) {
      say("no changes; nothing uploaded");
      rmSync(dir, { recursive: true, force: true });
      return 0;
    }

    // 4. Validate locally against what the server supports.
    const local = checkLocally(edited, sieveCaps, `${name} (edited)`, io, {
      quiet: p.global.quiet,
      noColor: p.global.noColor,
    });
    if (local.text === null || !local.valid) {
      if (local.text === null) io.stderr.write("sievectl edit: the script is not UTF-8\n");
      if (await again(io)) continue;
      io.stderr.write("sievectl edit: the script is invalid; nothing was uploaded\n");
      return keep(1);
    }

    // 5. Reconnect, CHECKSCRIPT, HAVESPACE, PUTSCRIPT.
    try {
      client = await session.open(true);
      await serverUpload(client, name, local.text, {
        activate: false,
        who: "sievectl edit",
        io,
        quiet: p.global.quiet,
      });
    } catch (err) {
      const code = reportError("edit", err, io, session.account);
      // A script the server rejects (NO without a quota code) can be fixed in the editor.
      const fixable = isManageSieveError(err, "MANAGESIEVE_E_NO") && !err.responseCode?.name.startsWith("QUOTA");
      await client?.logout();
      client = null;
      if (fixable && (await again(io))) continue;
      return keep(code);
    }
    await client.logout();
    client = null;
    say(`uploaded '${sanitize(name)}'`);
    rmSync(dir, { recursive: true, force: true });
    return 0;
  }
}
