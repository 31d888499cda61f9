/**
 * A private Cyrus timsieved (ManageSieve) for integration tests.
 *
 * Everything lives in one temporary folder: imapd.conf and cyrus.conf (every program gets `-C`,
 * or it would read /etc/imapd.conf and write under /var/lib/cyrus), the mailbox database and
 * spool, a sasldb with the users, the certificate and the sockets. Cyrus's `master` starts
 * `timsieved` on a free port (STARTTLS; timsieved has no implicit-TLS mode) and `lmtpd` on a
 * socket. timsieved refuses users without an INBOX, so each user gets one by an LMTP delivery
 * (`autocreate_post`). Cyrus logs only to syslog: there is no log file to show on failure.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createConnection } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import {
  findExecutable,
  freePort,
  killByPidFile,
  makeCertificate,
  run,
  type TestCertificate,
  type TestUser,
  tail,
  waitForGreeting,
} from "./common.ts";

/** Options for {@link startCyrus}. */
export interface CyrusOptions {
  /** Users; defaults to {@link CYRUS_USERS}. */
  users?: TestUser[];
  /** `sieve_maxscripts` (default 5). */
  maxScripts?: number;
  /** `sieve_maxscriptsize` in KiB, as Cyrus counts it (default 8). */
  maxScriptSizeKiB?: number;
  /** How long to wait for the greeting (default 20000 ms). */
  startTimeoutMs?: number;
}

/** A running private Cyrus timsieved. */
export interface CyrusServer {
  /** Always 127.0.0.1. */
  host: string;
  /** timsieved's port (STARTTLS offered). */
  port: number;
  /** The private folder (removed by `stop()`). */
  dir: string;
  /** The server's self-signed certificate. */
  cert: TestCertificate;
  /** PEM text of the certificate, to pass as the client's `ca`. */
  ca: string;
  /** Path of that PEM file. */
  caPath: string;
  /** SHA-256 fingerprint of the certificate, `AB:CD:…`. */
  fingerprint: string;
  /** Configured users, by name. */
  users: Record<string, TestUser>;
  /** Limits in force. */
  limits: { maxScripts: number; maxScriptSize: number };
  /** The imapd.conf given to every program with `-C`. */
  configPath: string;
  /** Stops `master` by the PID in its pid file and removes the folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** Default users (sasldb stores the passwords in the clear, so SCRAM works too). */
export const CYRUS_USERS: readonly TestUser[] = [
  { name: "alice", password: "alice-pass" },
  { name: "bob", password: "bob-pass" },
  { name: "carol", password: "carol-pass" },
  { name: "dave", password: "dave-pass" },
  { name: "dora", password: "pässwörd-Grüße-€" },
];

const BIN = "/usr/lib/cyrus/bin";

/**
 * Why Cyrus timsieved cannot run here, or null when it can (Debian packages cyrus-common,
 * which holds master/timsieved/lmtpd, and sasl2-bin for saslpasswd2).
 */
export function cyrusMissing(): string | null {
  for (const prog of ["master", "timsieved", "lmtpd"]) {
    if (!existsSync(join(BIN, prog))) return `${BIN}/${prog} not found (install Debian package cyrus-common)`;
  }
  if (!findExecutable("saslpasswd2")) return "saslpasswd2 not found (install Debian package sasl2-bin)";
  if (!findExecutable("openssl")) return "openssl not found (install Debian package openssl)";
  // Cyrus services open /dev/null after dropping privileges and die silently when they cannot;
  // seen on a machine where /dev/null had been replaced by a root-only regular file.
  if (!statSync("/dev/null").isCharacterDevice()) return "/dev/null is not a character device (broken machine)";
  return null;
}

/** Starts a private Cyrus master with timsieved and lmtpd, and gives every user an INBOX. */
export async function startCyrus(options: CyrusOptions = {}): Promise<CyrusServer> {
  const missing = cyrusMissing();
  if (missing) throw new Error(missing);
  const users = [...(options.users ?? CYRUS_USERS)];
  const maxScripts = options.maxScripts ?? 5;
  const maxKiB = options.maxScriptSizeKiB ?? 8;
  const host = "127.0.0.1";

  const dir = mkdtempSync(join(tmpdir(), "sieve-cyrus-"));
  let started = false;
  const pidFile = join(dir, "run", "master.pid");
  try {
    chmodSync(dir, 0o755);
    for (const sub of ["conf", "spool", "sieve", "ssl", "run"]) mkdirSync(join(dir, sub));
    const cert = makeCertificate(join(dir, "ssl"));
    const port = await freePort(host);

    // Cyrus services refuse to run as root, and the Debian "cyrus" user exists only after the
    // package's postinst ran: as root, run everything as nobody and give it the folder.
    const uid = process.getuid?.() ?? 0;
    const account =
      uid === 0
        ? { user: "nobody", group: "nogroup" }
        : {
            user: userInfo().username,
            group: spawnSync("id", ["-gn"], { encoding: "utf8" }).stdout.trim(),
          };

    const configPath = join(dir, "imapd.conf");
    const sasldb = join(dir, "sasldb2");
    const lmtpSocket = join(dir, "run", "lmtp");
    writeFileSync(
      configPath,
      `# Generated by test/harness/cyrus.ts: a private timsieved for one test run.
configdirectory: ${dir}/conf
partition-default: ${dir}/spool
sievedir: ${dir}/sieve
cyrus_user: ${account.user}
cyrus_group: ${account.group}
servername: localhost
syslog_prefix: sieve-test-${port}
admins: cyrus
unixhierarchysep: yes
allowplaintext: yes
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: ${sasldb}
sasl_mech_list: PLAIN LOGIN SCRAM-SHA-1 SCRAM-SHA-256
autocreate_post: yes
autocreate_quota: 0
sieve_maxscripts: ${maxScripts}
sieve_maxscriptsize: ${maxKiB}
tls_server_cert: ${cert.certPath}
tls_server_key: ${cert.keyPath}
lmtpsocket: ${lmtpSocket}
idlesocket: ${dir}/run/idle
notifysocket: ${dir}/run/notify
`,
    );
    // master does not pass -C on to what it starts: every command line names the config itself.
    const cfg = `-C ${configPath}`;
    const cyrusConf = join(dir, "cyrus.conf");
    writeFileSync(
      cyrusConf,
      `START {
  recover cmd="${BIN}/ctl_cyrusdb ${cfg} -r"
}
SERVICES {
  sieve cmd="${BIN}/timsieved ${cfg}" listen="${host}:${port}" prefork=0
  lmtpunix cmd="${BIN}/lmtpd ${cfg}" listen="${lmtpSocket}" prefork=0
}
EVENTS {
}
`,
    );

    const saslpasswd2 = findExecutable("saslpasswd2")!;
    for (const u of users) {
      // -p reads the password from stdin without prompting; -u is the realm timsieved uses (servername).
      const res = spawnSync(saslpasswd2, ["-f", sasldb, "-u", "localhost", "-p", "-c", u.name], {
        input: u.password,
        encoding: "utf8",
      });
      if (res.status !== 0) throw new Error(`saslpasswd2 ${u.name} failed: ${res.stderr}`);
    }
    if (uid === 0) run("chown", ["-R", `${account.user}:${account.group}`, dir], "chown");

    // The daemonised master keeps its stdio: pipes would make spawnSync wait for ever.
    const startupLog = join(dir, "run", "startup.log");
    const out = openSync(startupLog, "w");
    const res = spawnSync(join(BIN, "master"), ["-C", configPath, "-M", cyrusConf, "-p", pidFile, "-d"], {
      stdio: ["ignore", out, out],
    });
    closeSync(out);
    if (res.error || res.status !== 0) {
      throw new Error(`cyrus master failed (${res.error?.message ?? `exit ${res.status}`}):\n${tail(startupLog)}`);
    }
    try {
      await waitForGreeting(host, port, options.startTimeoutMs ?? 20000);
    } catch (err) {
      throw new Error(
        `${(err as Error).message}\n(Cyrus logs only to syslog; a service that cannot open /dev/null or its ` +
          `config dies silently)\n${tail(startupLog)}`,
      );
    }
    for (const u of users) await deliver(lmtpSocket, u.name);
    started = true;
    return {
      host,
      port,
      dir,
      cert,
      ca: cert.pem,
      caPath: cert.certPath,
      fingerprint: cert.fingerprint,
      users: Object.fromEntries(users.map((u) => [u.name, u])),
      limits: { maxScripts, maxScriptSize: maxKiB * 1024 },
      configPath,
      stop: async () => {
        await killByPidFile(pidFile);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } finally {
    if (!started) {
      await killByPidFile(pidFile);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * Delivers one message to `user` over LMTP, which makes lmtpd create the user's INBOX
 * (`autocreate_post`); without it timsieved answers every login with "Authentication Error".
 */
function deliver(socketPath: string, user: string): Promise<void> {
  const steps = [
    "LHLO localhost",
    "MAIL FROM:<harness@localhost>",
    `RCPT TO:<${user}>`,
    "DATA",
    `From: harness@localhost\r\nTo: ${user}@localhost\r\nSubject: create INBOX\r\n\r\nHello.\r\n.`,
    "QUIT",
  ];
  return new Promise((resolve, reject) => {
    const sock = createConnection(socketPath);
    let buf = "";
    let step = -1; // -1: waiting for the 220 banner
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`LMTP delivery to ${user} timed out; got ${JSON.stringify(buf)}`));
    }, 10000);
    sock.setEncoding("utf8");
    sock.on("data", (chunk: string) => {
      buf += chunk;
      // A reply is complete at a line "NNN text" (a "NNN-" line continues it).
      for (;;) {
        const m = /^(\d{3}) [^\r\n]*\r\n/m.exec(buf);
        if (!m) return;
        const reply = buf.slice(0, m.index + m[0].length);
        buf = buf.slice(m.index + m[0].length);
        const code = Number(m[1]);
        if (code >= 400) {
          clearTimeout(timer);
          sock.destroy();
          reject(new Error(`LMTP delivery to ${user}: after ${steps[step] ?? "connect"}: ${reply.trim()}`));
          return;
        }
        step++;
        if (step >= steps.length) {
          clearTimeout(timer);
          sock.end();
          resolve();
          return;
        }
        sock.write(`${steps[step]}\r\n`);
      }
    });
    sock.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
