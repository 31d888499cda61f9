/**
 * `sievectl activate NAME`: SETACTIVE (RFC 5804 §2.8).
 *
 * @module
 */
import { CONNECTION_HELP, CONNECTION_OPTIONS } from "../account.ts";
import { parseCommandArgs } from "../args.ts";
import { expectPositionals, helpOrVersion, withClient } from "../connect.ts";
import { type Io, sanitize } from "../io.ts";

export const help = `Usage: sievectl activate [options] NAME

Make script NAME the active one (the script the server runs on incoming mail). The previously
active script, if any, becomes inactive in the same step.

Options:
  -q, --quiet                  no message on success
${CONNECTION_HELP}
Exit codes: 0 success, 1 the server said NO (e.g. no such script), 2 usage error or cannot
connect/authenticate.
`;

/** Runs `sievectl activate`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommandArgs("activate", argv, CONNECTION_OPTIONS);
  const early = helpOrVersion(p, io, help);
  if (early !== null) return early;
  expectPositionals("activate", p, 1, 1, "NAME");
  const name = p.positionals[0] as string;
  return withClient("activate", p, io, true, async (client) => {
    await client.setActive(name);
    if (!p.global.quiet) io.stderr.write(`sievectl activate: '${sanitize(name)}' is now active\n`);
    return 0;
  });
}
