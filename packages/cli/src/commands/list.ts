/**
 * `sievectl list`: the scripts on the server (LISTSCRIPTS, RFC 5804 §2.7), the active one marked.
 *
 * @module
 */
import { CONNECTION_HELP, CONNECTION_OPTIONS } from "../account.ts";
import { parseCommandArgs } from "../args.ts";
import { expectPositionals, helpOrVersion, withClient } from "../connect.ts";
import { type Io, makeStyle, sanitize, useColor } from "../io.ts";

export const help = `Usage: sievectl list [options]

List the scripts on the server. The active one is marked with '*' (the one the server runs on
incoming mail; at most one is active, RFC 5804 §2.7).

Options:
      --json                   print {"scripts": [{"name": …, "active": true|false}, …]}
  -q, --quiet                  names only, one per line, no mark
${CONNECTION_HELP}
Exit codes: 0 success, 1 the server said NO, 2 usage error or cannot connect/authenticate.
`;

/** Runs `sievectl list`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommandArgs("list", argv, CONNECTION_OPTIONS);
  const early = helpOrVersion(p, io, help);
  if (early !== null) return early;
  expectPositionals("list", p, 0, 0, "no arguments");
  return withClient("list", p, io, true, async (client) => {
    const scripts = await client.listScripts();
    if (p.global.json) {
      io.stdout.write(`${JSON.stringify({ scripts: scripts.map((s) => ({ name: s.name, active: s.active })) })}\n`);
      return 0;
    }
    const style = makeStyle(useColor(io.stdout, io.env, p.global.noColor));
    for (const s of scripts) {
      const name = sanitize(s.name);
      if (p.global.quiet) io.stdout.write(`${name}\n`);
      else io.stdout.write(s.active ? `* ${style.bold(name)}\n` : `  ${name}\n`);
    }
    return 0;
  });
}
