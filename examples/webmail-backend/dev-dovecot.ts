/**
 * A private Dovecot with ManageSieve for trying the backend (the one the tests use,
 * test/harness/dovecot.ts): config, users and scripts live in a temporary folder that is removed
 * on Ctrl-C. Needs the Debian packages dovecot-core, dovecot-managesieved, dovecot-sieve, openssl.
 *
 * Run: node --import tsx examples/webmail-backend/dev-dovecot.ts [ENV_FILE]
 *
 * Prints, and writes to ENV_FILE when given, the SIEVE_* settings of src/main.ts that reach it.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { startDovecot } from "../../test/harness/dovecot.ts";

const envFile = process.argv[2];
const server = await startDovecot();
const settings = [
  `SIEVE_HOST=${server.host}`,
  `SIEVE_PORT=${server.port}`,
  `SIEVE_CA_FILE=${server.caPath}`,
  "SIEVE_SERVERNAME=localhost",
].join("\n");
if (envFile) {
  mkdirSync(dirname(envFile), { recursive: true });
  writeFileSync(envFile, `${settings}\n`);
}
process.stdout.write(`${settings}\n`);
// Throw-away test users of the harness; printing their passwords is the point here.
process.stdout.write(
  `users: ${Object.values(server.users)
    .map((u) => `${u.name} / ${u.password}`)
    .join(", ")}\n`,
);
process.stdout.write(`dovecot ready on ${server.host}:${server.port} (Ctrl-C stops it)\n`);

const stop = () => {
  void server.stop().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
// Keep the process alive until a signal: the Dovecot master is a separate daemon.
setInterval(() => {}, 1 << 30);
