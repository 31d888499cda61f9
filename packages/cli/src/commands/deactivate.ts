/**
 * `sievectl deactivate`: SETACTIVE "" (RFC 5804 §2.8): no script runs on incoming mail.
 *
 * @module
 */
import { CONNECTION_HELP, CONNECTION_OPTIONS } from "../account.ts";
import { parseCommandArgs } from "../args.ts";
import { expectPositionals, helpOrVersion, withClient } from "../connect.ts";
import type { Io } from "../io.ts";

export const help = `Usage: sievectl deactivate [options]

Deactivate the active script, so that no script runs on incoming mail. The script itself stays
on the server. Not an error when no script is active (RFC 5804 §2.8).

Options:
  -q, --quiet                  no message on success
${CONNECTION_HELP}
Exit codes: 0 success, 1 the server said NO, 2 usage error or cannot connect/authenticate.
`;

/** Runs `sievectl deactivate`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommandArgs("deactivate", argv, CONNECTION_OPTIONS);
  const early = helpOrVersion(p, io, help);
  if (early !== null) return early;
  expectPositionals("deactivate", p, 0, 0, "no arguments");
  return withClient("deactivate", p, io, true, async (client) => {
    await client.setActive("");
    if (!p.global.quiet) io.stderr.write("sievectl deactivate: no script is active now\n");
    return 0;
  });
}
