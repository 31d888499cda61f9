/**
 * A private Dovecot/Pigeonhole ManageSieve server for integration tests.
 *
 * Everything lives in one temporary folder (config, certificate, base_dir, state_dir, logs, users'
 * homes), so it never touches /etc/dovecot or /var/run/dovecot and any number can run at once.
 * See ../../../shared/peers/README.md for how the real server behaves.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import {
  findExecutable,
  freePort,
  killByPidFile,
  makeCertificate,
  serverIdentity,
  type TestServer,
  type TestCertificate,
  type TestUser,
  tail,
  waitForGreeting,
} from "./common.ts";

/** Options for {@link startDovecot}. */
export interface DovecotOptions {
  /**
   * Start the variant with `disable_plaintext_auth = yes`. It listens on 127.0.0.2: Dovecot treats a
   * connection whose local and remote addresses are equal as secure, and the client's source
   * address is 127.0.0.1, so only this way is the cleartext connection really "insecure".
   */
  disablePlaintextAuth?: boolean;
  /** Users; defaults to {@link DOVECOT_USERS}. Names and passwords must not contain ":" or newlines. */
  users?: TestUser[];
  /** `sieve_quota_max_scripts` (default 5). */
  maxScripts?: number;
  /** `sieve_quota_max_storage` in bytes (default 20480). */
  maxStorage?: number;
  /** `sieve_max_script_size` in bytes (default 8192). */
  maxScriptSize?: number;
  /** How long to wait for the first greeting (default 20000 ms). */
  startTimeoutMs?: number;
}

/** A running private Dovecot. */
export interface DovecotServer extends TestServer {
  /** Address both listeners are bound to (127.0.0.1, or 127.0.0.2 for the plaintext-disabled variant). */
  host: string;
  /** Port of the plain listener that offers STARTTLS. */
  port: number;
  /** Port of the implicit-TLS listener. */
  tlsPort: number;
  /** The limits in force, in bytes / scripts. */
  limits: { maxScripts: number; maxStorage: number; maxScriptSize: number };
  /** Whether `disable_plaintext_auth = yes`. */
  plaintextDisabled: boolean;
  /** The config file given to `dovecot -c`. */
  configPath: string;
  /** The log file (all of Dovecot's logging goes there). */
  logPath: string;
  /** The log so far, to attach to a failing assertion. */
  log(): string;
}

/** Default users. dora has a non-ASCII password (NFC, unchanged by SASLprep) to test UTF-8 in SASL. */
export const DOVECOT_USERS: readonly TestUser[] = [
  { name: "alice", password: "alice-pass" },
  { name: "bob", password: "bob-pass" },
  { name: "carol", password: "carol-pass" },
  { name: "dave", password: "dave-pass" },
  { name: "erin", password: "erin-pass" },
  { name: "dora", password: "pässwörd-Grüße-€" },
];

/** Where the Debian packages put the login and protocol processes. */
const LIBEXEC = ["/usr/lib/dovecot", "/usr/libexec/dovecot"];

/**
 * Why Dovecot's ManageSieve cannot run here, or null when it can: the `dovecot` binary
 * (dovecot-core) and `managesieve-login` (dovecot-managesieved) must both exist.
 */
export function dovecotMissing(): string | null {
  if (!findExecutable("dovecot")) {
    return "dovecot not found (install Debian packages dovecot-core dovecot-sieve dovecot-managesieved)";
  }
  if (!LIBEXEC.some((d) => existsSync(join(d, "managesieve-login")))) {
    return "managesieve-login not found (install Debian package dovecot-managesieved)";
  }
  if (!findExecutable("openssl")) return "openssl not found (install Debian package openssl)";
  return null;
}

/** Starts a private Dovecot with ManageSieve on two free ports (STARTTLS and implicit TLS). */
export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  const missing = dovecotMissing();
  if (missing) throw new Error(missing);
  const dovecot = findExecutable("dovecot")!;

  const plaintextDisabled = options.disablePlaintextAuth === true;
  const host = plaintextDisabled ? "127.0.0.2" : "127.0.0.1";
  const users = [...(options.users ?? DOVECOT_USERS)];
  const limits = {
    maxScripts: options.maxScripts ?? 5,
    maxStorage: options.maxStorage ?? 20480,
    maxScriptSize: options.maxScriptSize ?? 8192,
  };

  const dir = mkdtempSync(join(tmpdir(), "sieve-dovecot-"));
  let started = false;
  try {
    // Users' processes run as an unprivileged uid when we are root; they must reach their homes.
    chmodSync(dir, 0o755);
    for (const sub of ["run", "state", "log", "ssl", "home"]) mkdirSync(join(dir, sub));
    const cert = makeCertificate(join(dir, "ssl"));
    const port = await freePort(host);
    let tlsPort = await freePort(host);
    while (tlsPort === port) tlsPort = await freePort(host);

    const account = mailAccount();
    const passwd: string[] = [];
    for (const u of users) {
      if (/[:\r\n]/.test(u.name + u.password)) throw new Error(`user ${u.name}: ":" or newline in name or password`);
      const home = join(dir, "home", u.name);
      mkdirSync(home);
      if (account.chown) chownSync(home, account.uid, account.gid);
      // {PLAIN} lets Dovecot derive SCRAM-SHA-1/256 keys itself, so every mechanism works with one entry.
      passwd.push(`${u.name}:{PLAIN}${u.password}:${account.uid}:${account.gid}::${home}::`);
    }
    const passwdPath = join(dir, "passwd");
    // The auth process runs as the "dovecot" user and must read it; the passwords are throw-away.
    writeFileSync(passwdPath, `${passwd.join("\n")}\n`, { mode: 0o644 });

    const logPath = join(dir, "log", "dovecot.log");
    const configPath = join(dir, "dovecot.conf");
    writeFileSync(
      configPath,
      dovecotConfig({ dir, host, port, tlsPort, cert, passwdPath, logPath, plaintextDisabled, limits, account }),
    );

    // The daemonised master keeps the stdio it was given: pipes would never reach EOF and spawnSync
    // would hang, so its output goes to a file.
    const startupLog = join(dir, "log", "startup.log");
    const out = openSync(startupLog, "w");
    const res = spawnSync(dovecot, ["-c", configPath], { stdio: ["ignore", out, out] });
    closeSync(out);
    if (res.error || res.status !== 0) {
      throw new Error(
        `dovecot -c ${configPath} failed (${res.error?.message ?? `exit ${res.status}`}):\n${tail(startupLog)}\n${tail(logPath)}`,
      );
    }
    const pidFile = join(dir, "run", "master.pid");
    const server: DovecotServer = {
      host,
      port,
      tlsPort,
      dir,
      ...serverIdentity(cert, users),
      limits,
      plaintextDisabled,
      configPath,
      logPath,
      log: () => (existsSync(logPath) ? readFileSync(logPath, "utf8") : ""),
      stop: async () => {
        await killByPidFile(pidFile);
        rmSync(dir, { recursive: true, force: true });
      },
    };
    try {
      await waitForGreeting(host, port, options.startTimeoutMs ?? 20000);
    } catch (err) {
      const log = tail(logPath);
      await server.stop();
      throw new Error(`${(err as Error).message}\n--- dovecot log ---\n${log}`);
    }
    started = true;
    return server;
  } finally {
    // A failure before the master was up leaves no process, only the folder.
    if (!started && existsSync(dir)) {
      await killByPidFile(join(dir, "run", "master.pid"));
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** The uid/gid users' processes run as, and the service users when we are not root. */
interface MailAccount {
  uid: number;
  gid: number;
  /** Whether the homes must be chowned to uid/gid (when we are root). */
  chown: boolean;
  /** Our own user and group name, when not root (Dovecot must not try to switch users then). */
  self: { user: string; group: string } | null;
}

function mailAccount(): MailAccount {
  const uid = process.getuid?.() ?? 0;
  if (uid === 0) {
    // Dovecot refuses to run mail processes as root; nobody/nogroup exist on every Debian.
    return { uid: 65534, gid: 65534, chown: true, self: null };
  }
  const gid = process.getgid?.() ?? uid;
  const group = spawnSync("id", ["-gn"], { encoding: "utf8" }).stdout.trim() || String(gid);
  return { uid, gid, chown: false, self: { user: userInfo().username, group } };
}

interface ConfigInput {
  dir: string;
  host: string;
  port: number;
  tlsPort: number;
  cert: TestCertificate;
  passwdPath: string;
  logPath: string;
  plaintextDisabled: boolean;
  limits: { maxScripts: number; maxStorage: number; maxScriptSize: number };
  account: MailAccount;
}

/** The private config: what shared/peers/dovecot-doveconf-n.txt records, with our paths and ports. */
function dovecotConfig(c: ConfigInput): string {
  const asSelf = c.account.self
    ? // Not root: every service runs as us and nothing may chroot.
      `default_login_user = ${c.account.self.user}
default_internal_user = ${c.account.self.user}
default_internal_group = ${c.account.self.group}
service anvil {
  chroot =
}
service auth-worker {
  user = $default_internal_user
}
`
    : "";
  return `# Generated by test/harness/dovecot.ts: a private ManageSieve server for one test run.
instance_name = sieve-test-${c.port}
base_dir = ${c.dir}/run
state_dir = ${c.dir}/state
log_path = ${c.logPath}
info_log_path = ${c.logPath}
debug_log_path = ${c.logPath}
protocols = sieve
listen = ${c.host}
first_valid_uid = 1
first_valid_gid = 1
ssl = yes
ssl_cert = <${c.cert.certPath}
ssl_key = <${c.cert.keyPath}
disable_plaintext_auth = ${c.plaintextDisabled ? "yes" : "no"}
auth_mechanisms = plain login scram-sha-1 scram-sha-256
auth_verbose = yes
mail_location = maildir:~/Maildir
${asSelf}passdb {
  driver = passwd-file
  args = scheme=PLAIN ${c.passwdPath}
}
userdb {
  driver = passwd-file
  args = ${c.passwdPath}
}
service managesieve-login {
  inet_listener sieve {
    address = ${c.host}
    port = ${c.port}
  }
  inet_listener sieve_tls {
    address = ${c.host}
    port = ${c.tlsPort}
    ssl = yes
  }${c.account.self ? "\n  chroot =" : ""}
}
service managesieve {
  process_limit = 64
}
protocol sieve {
  managesieve_max_compile_errors = 5
  managesieve_max_line_length = 64k
}
plugin {
  sieve = file:~/sieve;active=~/.dovecot.sieve
  sieve_quota_max_scripts = ${c.limits.maxScripts}
  sieve_quota_max_storage = ${c.limits.maxStorage}
  sieve_max_script_size = ${c.limits.maxScriptSize}
  sieve_max_redirects = 4
  sieve_max_actions = 32
  sieve_extensions = +editheader +spamtest +spamtestplus +virustest +vacation-seconds +special-use +vnd.dovecot.debug +vnd.dovecot.environment +vnd.dovecot.report +mboxmetadata +servermetadata
  sieve_spamtest_status_type = score
  sieve_spamtest_status_header = X-Spam-Score: ([-[:digit:].]+)
  sieve_spamtest_max_value = 10
  sieve_virustest_status_type = text
  sieve_virustest_status_header = X-Virus-Scan: Found to be (.+)\\.
  sieve_virustest_text_value1 = clean
  sieve_virustest_text_value5 = infected
  sieve_vacation_min_period = 1d
  sieve_vacation_default_period = 7d
  sieve_vacation_max_period = 30d
}
`;
}
