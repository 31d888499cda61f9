/**
 * Pieces shared by the private-server harnesses (Dovecot, Cyrus): finding binaries, free ports,
 * a throw-away self-signed certificate, waiting for a ManageSieve greeting, stopping by PID.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { delimiter, join } from "node:path";

/** A user of a private test server. */
export interface TestUser {
  /** Login name. */
  name: string;
  /** Password in the clear (servers store it so that SCRAM works too). */
  password: string;
}

/** A self-signed certificate made at test time. */
export interface TestCertificate {
  /** PEM file of the certificate; it is its own CA, so pass its contents as `ca`. */
  certPath: string;
  /** PEM file of the unencrypted private key. */
  keyPath: string;
  /** The certificate in PEM form (what a client passes as `ca`). */
  pem: string;
  /** SHA-256 of the certificate DER as upper-case hex with colons, as Node's `fingerprint256`. */
  fingerprint: string;
}

/**
 * Finds an executable by name on PATH and in the sbin folders, which are not on an ordinary
 * user's PATH on Debian although Dovecot and saslpasswd2 live there.
 */
export function findExecutable(name: string, extraDirs: string[] = []): string | null {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/sbin", "/usr/local/sbin", ...extraDirs];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: keep looking
    }
  }
  return null;
}

/** Asks the kernel for a free TCP port on `host` (there is a small race until the server binds it). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error(`no free port on ${host}`))));
    });
  });
}

/** Runs a program, throwing with its output when it fails: a harness must never fail quietly. */
export function run(cmd: string, args: string[], what: string): string {
  const res = spawnSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (res.error || res.status !== 0) {
    const why = res.error ? res.error.message : `exit ${res.status ?? res.signal}`;
    throw new Error(`${what} failed (${why}): ${cmd} ${args.join(" ")}\n${res.stdout ?? ""}${res.stderr ?? ""}`);
  }
  return res.stdout;
}

/**
 * Makes a self-signed certificate for localhost/127.0.0.1 in `dir` with `openssl req -x509`.
 * Valid for two days: long enough for any run, short enough that nobody mistakes it for a real one.
 */
export function makeCertificate(dir: string): TestCertificate {
  const openssl = findExecutable("openssl");
  if (!openssl) throw new Error("openssl not found: install Debian package `openssl` to run the ManageSieve tests");
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  run(
    openssl,
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      keyPath,
      "-out",
      certPath,
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-days",
      "2",
    ],
    "openssl req",
  );
  const pem = readFileSync(certPath, "utf8");
  return { certPath, keyPath, pem, fingerprint: new X509Certificate(pem).fingerprint256 };
}

/** What every private test server (Dovecot, Cyrus) gives a client test. */
export interface TestServer {
  /** The address it listens on. */
  host: string;
  /** The port that offers STARTTLS. */
  port: number;
  /** The private folder (removed by `stop()`). */
  dir: string;
  /** The server's self-signed certificate (CN=localhost, SAN DNS:localhost, IP:127.0.0.1). */
  cert: TestCertificate;
  /** PEM text of the certificate, to pass as the client's `ca`. */
  ca: string;
  /** Path of that PEM file. */
  caPath: string;
  /** SHA-256 fingerprint of the certificate, `AB:CD:…`. */
  fingerprint: string;
  /** Configured users, by name. */
  users: Record<string, TestUser>;
  /** The configuration file the server was started with. */
  configPath: string;
  /** Stops the server by the PID in its pid file and removes the folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** The {@link TestServer} fields that follow from its certificate and users. */
export function serverIdentity(
  cert: TestCertificate,
  users: readonly TestUser[],
): Pick<TestServer, "cert" | "ca" | "caPath" | "fingerprint" | "users"> {
  return {
    cert,
    ca: cert.pem,
    caPath: cert.certPath,
    fingerprint: cert.fingerprint,
    users: Object.fromEntries(users.map((u) => [u.name, u])),
  };
}

/**
 * Connects until the server sends a complete ManageSieve greeting (capability lines ending in an
 * `OK` line), retrying while the port refuses: daemons return before their listeners are ready.
 * Returns the greeting text.
 */
export async function waitForGreeting(host: string, port: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "no attempt";
  while (Date.now() < deadline) {
    try {
      return await readGreeting(host, port, Math.max(500, deadline - Date.now()));
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      await sleep(100);
    }
  }
  throw new Error(`no ManageSieve greeting from ${host}:${port} within ${timeoutMs} ms (last: ${lastError})`);
}

/** One attempt: connect, read the greeting, say LOGOUT so the server logs a clean disconnect. */
function readGreeting(host: string, port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = createConnection({ host, port });
    let buf = "";
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error("timed out reading the greeting"));
    }, timeoutMs);
    sock.setEncoding("utf8");
    sock.on("data", (chunk: string) => {
      buf += chunk;
      if (/^(OK|NO|BYE)\b[^\r\n]*\r\n/m.test(buf)) {
        clearTimeout(timer);
        sock.end("LOGOUT\r\n");
        if (/^OK\b/m.test(buf)) resolve(buf);
        else reject(new Error(`server refused: ${buf.trim()}`));
      }
    });
    sock.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    sock.on("close", () => {
      clearTimeout(timer);
      reject(new Error(`connection closed before the greeting ended: ${JSON.stringify(buf)}`));
    });
  });
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether a process with this PID exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Stops the daemon whose PID is in `pidFile`: SIGTERM, then SIGKILL after `graceMs`. Only this PID
 * is signalled; the daemon's master takes its own children down.
 */
export async function killByPidFile(pidFile: string, graceMs = 5000): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").trim(), 10);
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await sleep(50);
  if (alive(pid)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // exited between the check and the kill
    }
  }
}

/** The last `lines` lines of a log file, for error messages; "" when it does not exist. */
export function tail(path: string, lines = 40): string {
  if (!existsSync(path)) return "";
  return readFileSync(path, "utf8").split("\n").slice(-lines).join("\n");
}

/**
 * What to do when a server binary is missing: with CI set the caller must fail loudly (CI installs
 * the packages, so a missing binary is a broken run); otherwise the suite is skipped with `reason`.
 */
export function missingPolicy(): "fail" | "skip" {
  return process.env.CI ? "fail" : "skip";
}
