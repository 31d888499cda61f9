/**
 * `sievectl delete NAME`: DELETESCRIPT (RFC 5804 §2.10). Refuses the active script unless
 * `--force`, which deactivates it first (the server itself never deletes an active script).
 *
 * @module
 */
import { normalizeScriptName } from "@sieve-toolkit/managesieve";
import { CONNECTION_HELP, CONNECTION_OPTIONS } from "../account.ts";
import { parseCommandArgs } from "../args.ts";
import { expectPositionals, helpOrVersion, withClient } from "../connect.ts";
import { type Io, sanitize } from "../io.ts";

export const help = `Usage: sievectl delete [options] NAME

Delete script NAME. The active script is refused: deleting it would leave no filter running.
With --force the active script is deactivated first (SETACTIVE "") and then deleted.

Options:
  -f, --force                  also delete the active script
  -q, --quiet                  no message on success
${CONNECTION_HELP}
Exit codes: 0 deleted, 1 refused (active script without --force) or the server said NO (no
such script), 2 usage error or cannot connect/authenticate.
`;

const OPTIONS = { ...CONNECTION_OPTIONS, force: { type: "boolean", short: "f" } } as const;

/** Runs `sievectl delete`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommandArgs("delete", argv, OPTIONS);
  const early = helpOrVersion(p, io, help);
  if (early !== null) return early;
  expectPositionals("delete", p, 1, 1, "NAME");
  const name = p.positionals[0] as string;
  return withClient("delete", p, io, true, async (client) => {
    // Compare as the client sends names: NFC (RFC 5804 §1.6, Net-Unicode).
    const wanted = normalizeScriptName(name);
    const active = (await client.listScripts()).find((s) => s.active && normalizeScriptName(s.name) === wanted);
    if (active) {
      if (p.values.force !== true) {
        io.stderr.write(
          `sievectl delete: '${sanitize(name)}' is the active script; deactivate it first, or use --force\n`,
        );
        return 1;
      }
      // RFC 5804 §2.10: the server MUST NOT delete an active script; deactivate, then delete.
      await client.setActive("");
    }
    await client.deleteScript(name);
    if (!p.global.quiet) {
      io.stderr.write(
        `sievectl delete: deleted '${sanitize(name)}'${active ? " (it was active; no script is active now)" : ""}\n`,
      );
    }
    return 0;
  });
}
