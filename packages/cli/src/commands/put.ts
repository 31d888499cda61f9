/**
 * `sievectl put FILE [NAME]` (alias `upload`): validate, then upload a script, optionally
 * activating it. The order of operations and why it is safe is in `../upload.ts`.
 *
 * @module
 */
import { basename, resolve } from "node:path";
import { CONNECTION_HELP, CONNECTION_OPTIONS } from "../account.ts";
import { parseCommandArgs, UsageError } from "../args.ts";
import { expectPositionals, helpOrVersion, withClient } from "../connect.ts";
import { describeFsError, displayName, readBytes } from "../files.ts";
import { type Io, readAll, sanitize } from "../io.ts";
import { checkLocally, decodeUtf8, serverUpload } from "../upload.ts";

export const help = `Usage: sievectl put [options] FILE [NAME]
       sievectl upload [options] FILE [NAME]

Upload FILE (- for stdin) as script NAME (default: the file's name without .sieve/.siv).
Nothing is written on the server until every check passed:

  1. validate locally against the server's SIEVE capability (the extensions it supports)
  2. CHECKSCRIPT: the server validates it (servers with VERSION, RFC 5804 §2.12)
  3. HAVESPACE: the server has room for it (quota)
  4. PUTSCRIPT under NAME (replaces an existing NAME only on success; if NAME is the active
     script it stays active, with the new content)
  5. with --activate: SETACTIVE NAME (if it fails, the previously active script stays active)

Options:
      --activate               make it the active script after uploading
      --no-local-check         skip step 1 (the server still checks)
      --json                   print {"name", "bytes", "activated", "warnings"} on success
  -q, --quiet                  no progress messages, no warnings
${CONNECTION_HELP}
Exit codes: 0 uploaded, 1 the script is invalid (locally or by the server) or the server said
NO (quota, …), 2 usage error, FILE unreadable, or cannot connect/authenticate.
`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  activate: { type: "boolean" },
  "no-local-check": { type: "boolean" },
} as const;

/** The default script name: the file's base name without a `.sieve`/`.siv` extension. */
export function defaultName(file: string): string {
  return basename(file).replace(/\.(sieve|siv)$/i, "");
}

/** Runs `sievectl put` / `sievectl upload`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommandArgs("put", argv, OPTIONS);
  const early = helpOrVersion(p, io, help);
  if (early !== null) return early;
  expectPositionals("put", p, 1, 2, "FILE [NAME]");
  const [file, nameArg] = p.positionals as [string, string | undefined];
  if (file === "-" && nameArg === undefined)
    throw new UsageError("give a NAME when reading the script from stdin", "put");
  const name = nameArg ?? defaultName(file);
  if (name === "") throw new UsageError("the script name is empty", "put");

  // Read the file before connecting: a typo in the path should not cost a login.
  let bytes: Uint8Array;
  const path = file === "-" ? null : resolve(io.cwd, file);
  const shown = path === null ? "<stdin>" : displayName(path, io.cwd);
  try {
    bytes = path === null ? await readAll(io.stdin) : await readBytes(path);
  } catch (err) {
    io.stderr.write(`sievectl put: cannot read '${shown}': ${describeFsError(err)}\n`);
    return 2;
  }

  return withClient("put", p, io, true, async (client) => {
    const skip = p.values["no-local-check"] === true;
    const local = skip
      ? { valid: true, text: decodeUtf8(bytes) }
      : checkLocally(bytes, client.capabilities.sieve, shown, io, { quiet: p.global.quiet, noColor: p.global.noColor });
    if (local.text === null || !local.valid) {
      const why = local.text === null ? "is not UTF-8" : "is invalid for this server";
      io.stderr.write(`sievectl put: '${sanitize(shown)}' ${why}; nothing was uploaded\n`);
      return 1;
    }
    const res = await serverUpload(client, name, local.text, {
      activate: p.values.activate === true,
      who: "sievectl put",
      io,
      quiet: p.global.quiet,
    });
    if (p.global.json) {
      io.stdout.write(`${JSON.stringify(res)}\n`);
    } else if (!p.global.quiet) {
      io.stderr.write(
        `sievectl put: uploaded '${sanitize(name)}' (${res.bytes} bytes)${res.activated ? " and activated it" : ""}\n`,
      );
    }
    return 0;
  });
}
