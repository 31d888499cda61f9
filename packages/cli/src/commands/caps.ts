/**
 * `sievectl caps`: the server's capabilities (RFC 5804 §1.7). Works before login: only with
 * `--login` does it authenticate and show what the server says afterwards (e.g. `OWNER`).
 *
 * @module
 */
import type { Capabilities } from "@sieve-toolkit/managesieve";
import { CONNECTION_HELP, CONNECTION_OPTIONS } from "../account.ts";
import { parseCommandArgs } from "../args.ts";
import { expectPositionals, helpOrVersion, withClient } from "../connect.ts";
import { type Io, sanitize } from "../io.ts";

export const help = `Usage: sievectl caps [options]

Print the server's capabilities (RFC 5804 §1.7): implementation, SASL mechanisms, the Sieve
extensions it supports (SIEVE), and the rest. Connects and secures the connection, but does
not log in unless --login is given.

Options:
      --login                  log in first and show the capabilities sent after login
      --json                   print a JSON object
${CONNECTION_HELP}
Exit codes: 0 success, 2 usage error or cannot connect (or log in).
`;

const OPTIONS = { ...CONNECTION_OPTIONS, login: { type: "boolean" } } as const;

/** Runs `sievectl caps`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommandArgs("caps", argv, OPTIONS);
  const early = helpOrVersion(p, io, help);
  if (early !== null) return early;
  expectPositionals("caps", p, 0, 0, "no arguments");
  return withClient("caps", p, io, p.values.login === true, async (client) => {
    const caps = client.capabilities;
    if (p.global.json) {
      io.stdout.write(
        `${JSON.stringify(
          { server: client.server, secure: client.secure, authenticated: client.authenticated, capabilities: caps },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    io.stdout.write(renderCaps(caps, client.server, client.secure));
    return 0;
  });
}

/** The human-readable form: one aligned `name: value` line per capability. */
function renderCaps(caps: Capabilities, server: { host: string; port: number }, secure: boolean): string {
  const rows: Array<[string, string]> = [
    ["server", `${server.host}:${server.port} (${secure ? "TLS, verified" : "not verified or not encrypted"})`],
  ];
  for (const [name, value] of caps.raw) rows.push([name, value ?? ""]);
  const width = Math.max(...rows.map(([n]) => n.length));
  return `${rows.map(([n, v]) => `${sanitize(n.padEnd(width))}  ${sanitize(v)}`.trimEnd()).join("\n")}\n`;
}
