/**
 * `sievectl rename OLD NEW`: RENAMESCRIPT (RFC 5804 §2.11), emulated by the client on
 * servers without it (never overwriting).
 *
 * @module
 */
import { CONNECTION_HELP, CONNECTION_OPTIONS } from "../account.ts";
import { parseCommandArgs } from "../args.ts";
import { expectPositionals, helpOrVersion, withClient } from "../connect.ts";
import { type Io, sanitize } from "../io.ts";

export const help = `Usage: sievectl rename [options] OLD NEW

Rename script OLD to NEW. Fails (NO, ALREADYEXISTS) rather than overwrite an existing NEW.
The active script stays active under its new name.

Options:
  -q, --quiet                  no message on success
${CONNECTION_HELP}
Exit codes: 0 success, 1 the server said NO (no such script, NEW exists), 2 usage error or
cannot connect/authenticate.
`;

/** Runs `sievectl rename`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommandArgs("rename", argv, CONNECTION_OPTIONS);
  const early = helpOrVersion(p, io, help);
  if (early !== null) return early;
  expectPositionals("rename", p, 2, 2, "OLD NEW");
  const [from, to] = p.positionals as [string, string];
  return withClient("rename", p, io, true, async (client) => {
    await client.renameScript(from, to);
    if (!p.global.quiet) io.stderr.write(`sievectl rename: '${sanitize(from)}' is now '${sanitize(to)}'\n`);
    return 0;
  });
}
