/**
 * `sievectl get NAME [FILE]`: download a script (GETSCRIPT, RFC 5804 §2.9) byte for byte, to
 * stdout or atomically into FILE.
 *
 * @module
 */
import { resolve } from "node:path";
import { CONNECTION_HELP, CONNECTION_OPTIONS } from "../account.ts";
import { parseCommandArgs } from "../args.ts";
import { expectPositionals, helpOrVersion, withClient } from "../connect.ts";
import { describeFsError, displayName, writeAtomic } from "../files.ts";
import type { Io } from "../io.ts";

export const help = `Usage: sievectl get [options] NAME [FILE]

Download script NAME. Without FILE (or with -) it goes to stdout; a FILE is written
atomically (a temporary file renamed over it), so it is never left half-written. The bytes
are exactly those on the server (line endings and encoding unchanged).
${CONNECTION_HELP}
Exit codes: 0 success, 1 the server said NO (e.g. no such script), 2 usage error, FILE cannot
be written, or cannot connect/authenticate.
`;

/** Runs `sievectl get`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommandArgs("get", argv, CONNECTION_OPTIONS);
  const early = helpOrVersion(p, io, help);
  if (early !== null) return early;
  expectPositionals("get", p, 1, 2, "NAME [FILE]");
  const [name, file] = p.positionals as [string, string | undefined];
  return withClient("get", p, io, true, async (client) => {
    const bytes = await client.getScriptBytes(name);
    if (file === undefined || file === "-") {
      // Text when it is UTF-8 (as Sieve scripts must be), else the raw bytes unchanged.
      let text: string | null = null;
      try {
        text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch {
        text = null;
      }
      io.stdout.write(text ?? bytes);
      return 0;
    }
    const path = resolve(io.cwd, file);
    try {
      await writeAtomic(path, bytes);
    } catch (err) {
      io.stderr.write(`sievectl get: cannot write '${displayName(path, io.cwd)}': ${describeFsError(err)}\n`);
      return 2;
    }
    return 0;
  });
}
