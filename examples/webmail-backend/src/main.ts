/**
 * Runs the webmail backend, configured from the environment:
 *
 *   SIEVE_HOST (required), SIEVE_PORT (4190), SIEVE_TLS (starttls | implicit | none),
 *   SIEVE_CA_FILE (PEM of a private CA), SIEVE_SERVERNAME (name on the certificate),
 *   SIEVE_FINGERPRINT (pin the certificate instead), WEBMAIL_HOST (127.0.0.1), WEBMAIL_PORT (8080).
 *
 * Run: node --import tsx examples/webmail-backend/src/main.ts
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { createWebmailServer } from "./server.ts";
import type { ServerOptions } from "./sieve.ts";

/** Reads the ManageSieve settings from `env`; throws with the variable's name when one is wrong. */
export function serverOptionsFrom(env: NodeJS.ProcessEnv): ServerOptions {
  const host = env.SIEVE_HOST;
  if (!host) throw new Error("SIEVE_HOST is not set (the ManageSieve server's host name)");
  const tls = env.SIEVE_TLS ?? "starttls";
  if (tls !== "starttls" && tls !== "implicit" && tls !== "none") {
    throw new Error(`SIEVE_TLS must be starttls, implicit or none, not '${tls}'`);
  }
  const options: ServerOptions = { host, tls, port: portFrom(env.SIEVE_PORT, 4190, "SIEVE_PORT") };
  if (env.SIEVE_CA_FILE) options.ca = readFileSync(env.SIEVE_CA_FILE, "utf8");
  if (env.SIEVE_SERVERNAME) options.servername = env.SIEVE_SERVERNAME;
  if (env.SIEVE_FINGERPRINT) options.fingerprint = env.SIEVE_FINGERPRINT;
  return options;
}

/** A port number from an environment variable, or `fallback` when it is unset. */
function portFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number`);
  return port;
}

const listenHost = process.env.WEBMAIL_HOST || "127.0.0.1";
const listenPort = portFrom(process.env.WEBMAIL_PORT, 8080, "WEBMAIL_PORT");
const server = createWebmailServer({
  managesieve: serverOptionsFrom(process.env),
  log: (line) => process.stderr.write(`${line}\n`),
});
server.listen(listenPort, listenHost, () => {
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : listenPort;
  process.stdout.write(`webmail backend listening on http://${listenHost}:${port}\n`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => server.close());
