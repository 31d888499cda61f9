/**
 * ManageSieve round trips against a real server: our `sievectl` CLI and library against
 * `sieve-connect` (Debian's Perl ManageSieve client), doing the same job on the same server.
 *
 *   node --import tsx bench/managesieve.ts [--runs N]          (npm run bench:managesieve; N = 7)
 *
 * Starts a private Dovecot/Pigeonhole with test/harness/dovecot.ts (STARTTLS port on 127.0.0.1,
 * its own self-signed CA) and times one job, "upload a script, activate it, list, download it":
 *
 * - `sievectl`, four processes as a user would type them (`put FILE NAME`, `activate NAME`,
 *   `list`, `get NAME`), the bundled CLI (`node scripts/build.mjs` runs first; the bundle is
 *   rebuilt between rounds if a source changed, so the launcher never falls back to tsx),
 *   SASL PLAIN; and once more with its default mechanism (SCRAM-SHA-256);
 * - `sieve-connect`, four processes (`--upload`, `--activate`, `--list`, `--download`), SASL
 *   PLAIN, password on stdin (`--passwordfd 0`), server certificate verified against the
 *   harness CA (`--tlscafile`);
 * - one session each: `ManageSieveClient` in this process (connect, authenticate, putScript,
 *   setActive, listScripts, getScript, logout) and `sieve-connect --exec` with the four
 *   commands in a file;
 * - references: a library login alone (connect, STARTTLS, AUTHENTICATE PLAIN, LOGOUT), the time
 *   from TCP connect to the greeting, and the bare start of `node`, `sievectl --version` and
 *   `sieve-connect --version` (no network: what a process costs before it connects).
 *
 * Every contender uses its own user, so none sees another's scripts. Before timing, one
 * untimed round checks each contender's result: the script is listed as active and the
 * downloaded bytes equal the uploaded ones (this check is repeated on every timed round).
 * Contenders run alternately, in reversed order every other round; medians are printed.
 *
 * Needs Debian's dovecot-core, dovecot-sieve, dovecot-managesieved and openssl; sieve-connect
 * (package sieve-connect) for its rows, which are skipped without it. Installs nothing.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ManageSieveClient } from "../packages/managesieve/src/index.ts";
import { findExecutable } from "../test/harness/common.ts";
import { type DovecotServer, dovecotMissing, startDovecot } from "../test/harness/dovecot.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
if (!Number.isInteger(RUNS) || RUNS <= 0) {
  console.error("usage: node --import tsx bench/managesieve.ts [--runs N]");
  process.exit(2);
}
const NAME = "bench";
const SIEVECTL = join(ROOT, "packages/cli/bin/sievectl.mjs");

/** A typical script (the benchmark corpus averages 557 bytes), LF line ends. */
const SCRIPT = `require ["fileinto", "imap4flags", "variables", "envelope", "subaddress", "vacation"];

# Mailing lists go to their own folder, named after the list.
if header :matches "List-Id" "*<*.lists.example.org>" {
  set :lower "list" "\${2}";
  fileinto "Lists/\${list}";
  stop;
}
if envelope :detail "to" "invoices" {
  addflag "$Invoice";
  fileinto :flags "\\\\Flagged" "Finance";
  stop;
}
if anyof (header :contains "X-Spam-Flag" "YES", header :contains "subject" "[SPAM]") {
  fileinto "Junk";
  stop;
}
if header :contains "subject" "out of office test" {
  vacation :days 7 :subject "Away" text:
I am away until Monday and will answer when I am back.
.
;
}
`;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const ms = (n: number): string => n.toFixed(0);

interface Proc {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  ms: number;
}

/** Runs one process to its end, feeding `input` on stdin; `ms` is spawn → exit. */
function runProc(cmd: string, argv: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}) {
  return new Promise<Proc>((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: "pipe" });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: performance.now() - t0,
      }),
    );
    child.stdin.end(opts.input ?? "");
  });
}

function must(p: Proc, what: string): Proc {
  if (p.code !== 0) throw new Error(`${what}: exit ${p.code}\n${p.stderr}${p.stdout.toString("utf8")}`);
  return p;
}

// --- the sievectl bundle -------------------------------------------------------------------------
const { newestMtime } = (await import(join(ROOT, "packages/cli/bin/sources.mjs"))) as {
  newestMtime: (inputs: string[]) => number;
};
/** The launcher's own test: is dist/ at least as new as every source that went into it? */
function bundleFresh(): boolean {
  try {
    const stamp = JSON.parse(readFileSync(join(ROOT, "packages/cli/dist/stamp.json"), "utf8")) as {
      newestMtime: number;
      inputs: string[];
    };
    return stamp.newestMtime >= newestMtime(stamp.inputs);
  } catch {
    return false;
  }
}
let rebuilds = 0;
function build(): void {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts/build.mjs")], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`node scripts/build.mjs failed:\n${r.stderr}${r.stdout}`);
  rebuilds++;
}
function ensureBundle(): void {
  if (!bundleFresh()) build();
  if (!bundleFresh()) throw new Error("the sievectl bundle is stale right after building (sources changing?)");
}

// --- contenders ----------------------------------------------------------------------------------
interface Contender {
  key: string;
  label: string;
  /** Another contender's key to compare with, or null (reference rows). */
  vs: string | null;
  /** What it does, for the report. */
  does: string;
  /** One run; returns per-step times (ms), in order, after checking the result. */
  run: () => Promise<number[]>;
  steps: string[];
  times: number[];
  stepTimes: number[][];
}

/** The contender's result: `listing` shows NAME as the active script, `downloaded` is the upload. */
function checkResult(who: string, active: boolean, listing: string, downloaded: Buffer): void {
  if (!active) throw new Error(`${who}: '${NAME}' is not listed as the active script:\n${listing}`);
  if (!downloaded.equals(Buffer.from(SCRIPT, "utf8"))) {
    throw new Error(`${who}: the downloaded script differs from the upload (${downloaded.length} bytes)`);
  }
}

function sievectlContender(
  server: DovecotServer,
  user: string,
  scriptPath: string,
  sasl: string | null,
): Omit<Contender, "key" | "label" | "vs"> {
  const conn = [`--server`, `sieve://${user}@127.0.0.1:${server.port}`, "--ca", server.caPath];
  if (sasl) conn.push("--sasl", sasl);
  const env = { ...process.env, SIEVECTL_PASSWORD: server.users[user]!.password };
  const steps = [["put", scriptPath, NAME], ["activate", NAME], ["list"], ["get", NAME]];
  return {
    does: steps.map((s) => `sievectl ${s.join(" ")} ${conn.join(" ")}`).join("\n"),
    steps: steps.map((s) => s[0]!),
    times: [],
    stepTimes: [],
    run: async () => {
      const t: number[] = [];
      let listed = "";
      let got: Buffer = Buffer.alloc(0);
      for (const s of steps) {
        const p = must(await runProc(process.execPath, [SIEVECTL, ...s, ...conn], { env }), `sievectl ${s[0]}`);
        t.push(p.ms);
        if (s[0] === "list") listed = p.stdout.toString("utf8");
        if (s[0] === "get") got = p.stdout;
      }
      // `list` marks the active script "* NAME".
      checkResult("sievectl", listed.split("\n").includes(`* ${NAME}`), listed, got);
      return t;
    },
  };
}

function sieveConnectArgs(server: DovecotServer, user: string): string[] {
  return [
    "--server",
    "127.0.0.1",
    "--port",
    String(server.port),
    "--nosrv",
    "--user",
    user,
    "--passwordfd",
    "0",
    "--tlscafile",
    server.caPath,
    "--authmech",
    "PLAIN",
  ];
}

function sieveConnectContender(
  sc: string,
  server: DovecotServer,
  user: string,
  work: string,
  scriptPath: string,
): Omit<Contender, "key" | "label" | "vs"> {
  const conn = sieveConnectArgs(server, user);
  const input = `${server.users[user]!.password}\n`;
  const download = join(work, `${user}-download.sieve`);
  const steps = [
    ["--localsieve", scriptPath, "--remotesieve", NAME, "--upload"],
    ["--remotesieve", NAME, "--activate"],
    ["--list"],
    ["--localsieve", download, "--remotesieve", NAME, "--download"],
  ];
  return {
    does: steps.map((s) => `sieve-connect ${conn.join(" ")} ${s.join(" ")}   # password on stdin`).join("\n"),
    steps: ["upload", "activate", "list", "download"],
    times: [],
    stepTimes: [],
    run: async () => {
      rmSync(download, { force: true });
      const t: number[] = [];
      let listed = "";
      for (const s of steps) {
        const p = must(await runProc(sc, [...conn, ...s], { input }), `sieve-connect ${s.at(-1)}`);
        t.push(p.ms);
        if (s.at(-1) === "--list") listed = p.stdout.toString("utf8");
      }
      // `--list` prints `"NAME" ACTIVE`.
      checkResult("sieve-connect", listed.includes(`"${NAME}" ACTIVE`), listed, readFileSync(download));
      return t;
    },
  };
}

function sieveConnectExecContender(
  sc: string,
  server: DovecotServer,
  user: string,
  work: string,
  scriptPath: string,
): Omit<Contender, "key" | "label" | "vs"> {
  const conn = sieveConnectArgs(server, user);
  const input = `${server.users[user]!.password}\n`;
  const download = join(work, `${user}-download.sieve`);
  const cmds = join(work, `${user}-commands.txt`);
  writeFileSync(cmds, `put ${scriptPath} ${NAME}\nactivate ${NAME}\nlist\nget ${NAME} ${download}\n`);
  return {
    does: `sieve-connect ${conn.join(" ")} --exec CMDS   # CMDS: put FILE ${NAME} / activate ${NAME} / list / get ${NAME} OUT`,
    steps: ["session"],
    times: [],
    stepTimes: [],
    run: async () => {
      rmSync(download, { force: true });
      const p = must(await runProc(sc, [...conn, "--exec", cmds], { input }), "sieve-connect --exec");
      const listed = p.stdout.toString("utf8");
      checkResult("sieve-connect --exec", listed.includes(`"${NAME}" ACTIVE`), listed, readFileSync(download));
      return [p.ms];
    },
  };
}

function librarySession(server: DovecotServer, user: string): Omit<Contender, "key" | "label" | "vs"> {
  const password = server.users[user]!.password;
  return {
    does: "ManageSieveClient.connect({ host, port, ca }) → authenticate({ mechanism: 'PLAIN' }) → putScript → setActive → listScripts → getScript → logout (this process)",
    steps: ["session"],
    times: [],
    stepTimes: [],
    run: async () => {
      const t0 = performance.now();
      const c = await ManageSieveClient.connect({ host: server.host, port: server.port, ca: server.ca });
      await c.authenticate({ username: user, password, mechanism: "PLAIN" });
      await c.putScript(NAME, SCRIPT);
      await c.setActive(NAME);
      const list = await c.listScripts();
      const got = await c.getScriptBytes(NAME);
      await c.logout();
      const t = performance.now() - t0;
      const active = list.some((s) => s.name === NAME && s.active);
      checkResult("library", active, JSON.stringify(list), Buffer.from(got));
      return [t];
    },
  };
}

function libraryLogin(server: DovecotServer, user: string): Omit<Contender, "key" | "label" | "vs"> {
  const password = server.users[user]!.password;
  return {
    does: "ManageSieveClient.connect → authenticate PLAIN → logout (one login, no script commands)",
    steps: ["session"],
    times: [],
    stepTimes: [],
    run: async () => {
      const t0 = performance.now();
      const c = await ManageSieveClient.connect({ host: server.host, port: server.port, ca: server.ca });
      await c.authenticate({ username: user, password, mechanism: "PLAIN" });
      await c.logout();
      return [performance.now() - t0];
    },
  };
}

/** TCP connect until the greeting's final OK line: the server's per-connection cost before TLS. */
function greeting(server: DovecotServer): Omit<Contender, "key" | "label" | "vs"> {
  return {
    does: "TCP connect → greeting (`OK …` line) → close, node:net",
    steps: ["session"],
    times: [],
    stepTimes: [],
    run: () =>
      new Promise<number[]>((resolve, reject) => {
        const t0 = performance.now();
        const sock = tcpConnect(server.port, server.host);
        let buf = "";
        sock.setEncoding("latin1");
        sock.on("data", (d: string) => {
          buf += d;
          if (/(^|\r\n)OK[^\r\n]*\r\n/.test(buf)) {
            const t = performance.now() - t0;
            sock.end("LOGOUT\r\n");
            sock.destroy();
            resolve([t]);
          }
        });
        sock.on("error", reject);
      }),
  };
}

function processStart(cmd: string, argv: string[], does: string): Omit<Contender, "key" | "label" | "vs"> {
  return {
    does,
    steps: ["process"],
    times: [],
    stepTimes: [],
    run: async () => [must(await runProc(cmd, argv), does).ms],
  };
}

// --- main ----------------------------------------------------------------------------------------
const missing = dovecotMissing();
if (missing) {
  console.error(`cannot run: ${missing}`);
  process.exit(1);
}
const sc = findExecutable("sieve-connect");
if (!sc) console.log("sieve-connect not found (Debian package sieve-connect): its rows are skipped\n");

const t0build = performance.now();
build();
rebuilds = 0;
console.log(`node scripts/build.mjs: ${ms(performance.now() - t0build)} ms`);

const work = mkdtempSync(join(tmpdir(), "sieve-bench-ms-"));
const scriptPath = join(work, `${NAME}.sieve`);
writeFileSync(scriptPath, SCRIPT);
const server = await startDovecot();
const dovecotVersion = spawnSync(findExecutable("dovecot")!, ["--version"], { encoding: "utf8" }).stdout.trim();
const scVersion = sc
  ? (spawnSync(sc, ["--version"], { encoding: "utf8" }).stdout.match(/sieve-connect[^\n]*/)?.[0] ?? "?")
  : "-";

const contenders: Contender[] = [];
const add = (key: string, label: string, vs: string | null, c: Omit<Contender, "key" | "label" | "vs">) =>
  contenders.push({ key, label, vs, ...c });
add(
  "sievectl",
  "sievectl, 4 processes (put, activate, list, get), PLAIN",
  "sc",
  sievectlContender(server, "alice", scriptPath, "PLAIN"),
);
if (sc) {
  add(
    "sc",
    "sieve-connect, 4 processes (--upload, --activate, --list, --download), PLAIN",
    "sc",
    sieveConnectContender(sc, server, "dave", work, scriptPath),
  );
}
add(
  "sievectl-scram",
  "sievectl, 4 processes, default SASL (SCRAM-SHA-256)",
  "sc",
  sievectlContender(server, "bob", scriptPath, null),
);
add("lib", "library, one session (ManageSieveClient, in-process), PLAIN", "sc-exec", librarySession(server, "carol"));
if (sc) {
  add(
    "sc-exec",
    "sieve-connect --exec, one session (put, activate, list, get), PLAIN",
    "sc-exec",
    sieveConnectExecContender(sc, server, "erin", work, scriptPath),
  );
}
add(
  "login",
  "reference: library login only (connect, STARTTLS, AUTHENTICATE, LOGOUT)",
  null,
  libraryLogin(server, "carol"),
);
add("greeting", "reference: TCP connect → greeting", null, greeting(server));
add("node", "reference: `node -e 0` (process start)", null, processStart(process.execPath, ["-e", "0"], "node -e 0"));
add(
  "sievectl-version",
  "reference: `sievectl --version` (Node start, bundle loaded, no network)",
  null,
  processStart(process.execPath, [SIEVECTL, "--version"], "sievectl --version"),
);
if (sc) {
  add(
    "sc-version",
    "reference: `sieve-connect --version` (Perl start, modules loaded, no network)",
    null,
    processStart(sc, ["--version"], "sieve-connect --version"),
  );
}

const sizeNote = `${statSync(scriptPath).size} bytes`;
console.log(
  `machine: ${cpus().length} cores, ${cpus()[0]?.model ?? "?"}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}, node ${process.version}`,
);
console.log(`server: private Dovecot ${dovecotVersion} on ${server.host}:${server.port} (STARTTLS), ${server.dir}`);
console.log(`client: ${scVersion}; script ${sizeNote}; ${RUNS} timed rounds after 1 untimed checking round\n`);

try {
  // Round 0: untimed; checks every contender's result (and warms caches on both sides).
  for (const c of contenders) {
    if (c.key.startsWith("sievectl")) ensureBundle();
    await c.run();
  }
  console.log("checked: every contender's script is listed as active and downloads byte for byte as uploaded\n");
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) {
      if (c.key.startsWith("sievectl")) ensureBundle();
      const steps = await c.run();
      c.stepTimes.push(steps);
      c.times.push(steps.reduce((a, b) => a + b, 0));
    }
  }
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}

const byKey = new Map(contenders.map((c) => [c.key, c]));
console.log("| job (same server, same script) | median | vs sieve-connect | runs (ms) |");
console.log("| --- | ---: | ---: | --- |");
for (const c of contenders) {
  const m = median(c.times);
  const base = c.vs ? byKey.get(c.vs) : undefined;
  const ratio = base ? `${(m / median(base.times)).toFixed(2)}×` : "";
  console.log(`| ${c.label} | **${ms(m)} ms** | ${ratio} | ${c.times.map(ms).join(", ")} |`);
}
console.log("\nper step (median ms):");
for (const c of contenders) {
  if (c.steps.length < 2) continue;
  const parts = c.steps.map((s, i) => `${s} ${ms(median(c.stepTimes.map((t) => t[i]!)))}`);
  console.log(`  ${c.label.split(",")[0]} (${c.key}): ${parts.join(", ")}`);
}
console.log("\nwhat each contender ran:");
for (const c of contenders) console.log(`- ${c.key}:\n  ${c.does.replaceAll("\n", "\n  ")}`);
if (rebuilds > 0)
  console.log(`\nthe sievectl bundle went stale during the run and was rebuilt ${rebuilds} time(s) between rounds`);
console.log(
  `\nload average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
