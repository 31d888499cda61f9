/**
 * Dry run of a Sieve script over a 20,000-message Maildir: `sievectl test` against Pigeonhole's
 * `sieve-filter` (simulation mode, the default without -e).
 *
 *   node --import tsx bench/dryrun.ts [--runs 5]          (npm run bench:dryrun)
 *
 * 1. Builds the CLI bundle (`node scripts/build.mjs`), so the CLI is measured as users run it.
 * 2. Generates `bench/.data/maildir/` with `bench/gen-maildir.ts` unless it holds 20,000 messages.
 * 3. For each script of `bench/scripts/*.sieve`, runs alternately (order reversed every other
 *    round) `sievectl test --json`, `sievectl test -q` and `sieve-filter`, each writing stdout to a
 *    file under `bench/.data/dryrun/out/`, and prints medians, messages/s, the ratio and the peak
 *    RSS (`/usr/bin/time -f %M`).
 *
 * sieve-filter needs a Dovecot mail location and refuses mail access as root, so (as root only)
 * this writes a private config `bench/.data/dryrun/dovecot.conf` (mail_location = maildir:…,
 * INDEX and CONTROL under bench/.data/dryrun/, mail_uid/mail_gid 65534) and chowns the Maildir and
 * that directory to 65534. It runs without -u (which would need a running auth service), as the
 * "current user" with HOME and USER set. Scripts are copied to bench/.data/dryrun/ so the
 * `.svbin` that sieve-filter writes beside them stays out of bench/scripts/. One untimed run of
 * each contender first: sieve-filter's builds Dovecot's index (dovecot.index, uidlist, cache) and
 * the .svbin, and both warm the page cache; the timed runs are warm.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate, MAILDIR } from "./gen-maildir.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DATA = join(ROOT, "bench/.data/dryrun");
const OUT = join(DATA, "out");
const COUNT = 20000;
const argRuns = process.argv.indexOf("--runs");
const RUNS = argRuns >= 0 ? Number(process.argv[argRuns + 1]) : 5;
const TIME = "/usr/bin/time";

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const countMessages = (dir: string): number =>
  ["cur", "new"].reduce((n, d) => n + (existsSync(join(dir, d)) ? readdirSync(join(dir, d)).length : 0), 0);

function which(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return null;
}

interface Run {
  ms: number;
  rssKiB: number;
  status: number | null;
}

/** Runs argv with stdout to `outFile` (a real file) under /usr/bin/time; wall time and peak RSS. */
function timed(argv: string[], outFile: string, env?: NodeJS.ProcessEnv): Run {
  const timeFile = `${outFile}.time`;
  const fd = openSync(outFile, "w");
  const errFd = openSync(`${outFile}.err`, "w");
  const t0 = performance.now();
  const r = spawnSync(TIME, ["-o", timeFile, "-f", "%M", ...argv], {
    cwd: ROOT,
    stdio: ["ignore", fd, errFd],
    env: env ?? process.env,
  });
  const ms = performance.now() - t0;
  closeSync(fd);
  closeSync(errFd);
  const rssKiB = Number(readFileSync(timeFile, "utf8").trim().split("\n").pop());
  return { ms, rssKiB, status: r.status };
}

// --- 1. build, 2. data ---
execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, stdio: "inherit" });
if (countMessages(MAILDIR) !== COUNT) {
  console.error(`generating ${COUNT} messages into ${MAILDIR} …`);
  const s = generate(COUNT);
  console.error(`${s.count} messages, ${(s.bytes / 1e6).toFixed(1)} MB`);
}
const mailBytes = ["cur", "new"].reduce((n, d) => {
  for (const f of readdirSync(join(MAILDIR, d))) n += Number(/,S=(\d+)/.exec(f)?.[1] ?? 0);
  return n;
}, 0);
mkdirSync(OUT, { recursive: true });

// --- sieve-filter setup ---
const sieveFilter = which("sieve-filter");
let sfMissing: string | null = null;
if (!sieveFilter) sfMissing = "sieve-filter not installed (Debian dovecot-sieve)";
else if (process.getuid?.() !== 0) sfMissing = "not root: cannot chown the Maildir for mail_uid 65534";
const CONF = join(DATA, "dovecot.conf");
const sfEnv = { ...process.env, HOME: join(DATA, "home"), USER: "nobody" };
if (!sfMissing) {
  for (const d of ["home", "run", "state", "index", "control"]) mkdirSync(join(DATA, d), { recursive: true });
  writeFileSync(
    CONF,
    `# Minimal private Dovecot config for sieve-filter (written by bench/dryrun.ts)
protocols =
base_dir = ${DATA}/run
state_dir = ${DATA}/state
log_path = ${DATA}/dovecot.log
mail_location = maildir:${MAILDIR.replace(/\/$/, "")}:INDEX=${DATA}/index:CONTROL=${DATA}/control
mail_uid = 65534
mail_gid = 65534
first_valid_uid = 1
first_valid_gid = 1
passdb {
  driver = static
  args = password=x
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=${DATA}/home
}
`,
  );
  execFileSync("chown", ["-R", "65534:65534", MAILDIR, DATA]);
}

// --- 3. measure ---
interface Row {
  script: string;
  contender: string;
  command: string;
  runs: Run[];
  /** Messages the contender reported (sieve-filter skips \\Deleted ones, for instance). */
  messages: number;
}
const rows: Row[] = [];
const scripts = readdirSync(join(ROOT, "bench/scripts"))
  .filter((f) => f.endsWith(".sieve"))
  .sort((a, b) => (a === "global.sieve" ? -1 : b === "global.sieve" ? 1 : a.localeCompare(b)));

/** Folder histogram from sieve-filter's simulation output (keep = INBOX). */
function sfFolders(file: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const f = /^ \* store message in folder: (.*)$/.exec(line)?.[1] ?? (line === " * discard" ? "(discard)" : null);
    if (f !== null) m.set(f, (m.get(f) ?? 0) + 1);
  }
  return m;
}
/** The same from `sievectl test --json` (keep and implicit keep = INBOX). */
function oursFolders(file: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line) continue;
    const rec = JSON.parse(line) as { actions: { type: string; mailbox?: string }[] };
    for (const a of rec.actions) {
      const f =
        a.type === "fileinto" ? a.mailbox! : a.type === "keep" ? "INBOX" : a.type === "discard" ? "(discard)" : null;
      if (f !== null) m.set(f, (m.get(f) ?? 0) + 1);
    }
  }
  return m;
}

for (const script of scripts) {
  const name = basename(script, ".sieve");
  const rel = `bench/scripts/${script}`;
  const contenders: { label: string; command: string; run: () => Run }[] = [
    {
      label: "sievectl test --json",
      command: `node packages/cli/bin/sievectl.mjs test --json ${rel} bench/.data/maildir > OUT`,
      run: () =>
        timed(
          [process.execPath, "packages/cli/bin/sievectl.mjs", "test", "--json", rel, "bench/.data/maildir"],
          join(OUT, `${name}.ours.jsonl`),
        ),
    },
    {
      label: "sievectl test -q",
      command: `node packages/cli/bin/sievectl.mjs test -q ${rel} bench/.data/maildir > OUT`,
      run: () =>
        timed(
          [process.execPath, "packages/cli/bin/sievectl.mjs", "test", "-q", rel, "bench/.data/maildir"],
          join(OUT, `${name}.ours-q.txt`),
        ),
    },
  ];
  if (!sfMissing) {
    const copy = join(DATA, script);
    copyFileSync(join(ROOT, rel), copy);
    execFileSync("chown", ["65534:65534", copy]);
    contenders.push({
      label: "sieve-filter (simulation)",
      command: `HOME=bench/.data/dryrun/home USER=nobody sieve-filter -c bench/.data/dryrun/dovecot.conf bench/.data/dryrun/${script} INBOX > OUT`,
      run: () => timed([sieveFilter!, "-c", CONF, copy, "INBOX"], join(OUT, `${name}.sieve-filter.txt`), sfEnv),
    });
  }
  // Untimed warm-up: Dovecot's index and the .svbin, the page cache.
  for (const c of contenders) {
    const r = c.run();
    console.error(`warm-up ${name} ${c.label}: ${(r.ms / 1000).toFixed(2)} s, exit ${r.status}`);
  }
  const runs = contenders.map(() => [] as Run[]);
  for (let round = 0; round < RUNS; round++) {
    const order = contenders.map((_, i) => i);
    if (round % 2) order.reverse();
    for (const i of order) runs[i]!.push(contenders[i]!.run());
  }
  const oursCount = readFileSync(join(OUT, `${name}.ours.jsonl`), "utf8")
    .split("\n")
    .filter(Boolean).length;
  contenders.forEach((c, i) => {
    const messages = c.label.startsWith("sieve-filter")
      ? (readFileSync(join(OUT, `${name}.sieve-filter.txt`), "utf8").match(/^>> Filtering message:/gm) ?? []).length
      : oursCount;
    rows.push({ script, contender: c.label, command: c.command, runs: runs[i]!, messages });
  });
  if (!sfMissing) {
    const a = oursFolders(join(OUT, `${name}.ours.jsonl`));
    const b = sfFolders(join(OUT, `${name}.sieve-filter.txt`));
    const diff = [...new Set([...a.keys(), ...b.keys()])]
      .filter((k) => a.get(k) !== b.get(k))
      .map((k) => `${k}: sievectl ${a.get(k) ?? 0}, sieve-filter ${b.get(k) ?? 0}`);
    console.log(
      `${script}: folder counts ${diff.length ? `differ in ${diff.length} folders:\n  ${diff.join("\n  ")}` : "identical"}`,
    );
  }
}

// --- report ---
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
console.log(
  `\n${COUNT} messages, ${(mailBytes / 1e6).toFixed(1)} MB; ${cpus().length} cores; load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}; ${RUNS} warm runs each, median\n`,
);
console.log(
  "| script | command | messages | median s | messages/s | MB/s | vs sieve-filter | peak RSS MiB | runs (s) |",
);
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
const results = [];
for (const r of rows) {
  const ms = median(r.runs.map((x) => x.ms));
  const sf = rows.find((x) => x.script === r.script && x.contender.startsWith("sieve-filter"));
  const sfMs = sf ? median(sf.runs.map((x) => x.ms)) : Number.NaN;
  const rss = median(r.runs.map((x) => x.rssKiB)) / 1024;
  const bad = r.runs.filter((x) => x.status !== 0).length;
  console.log(
    `| ${r.script} | ${r.contender} | ${fmt(r.messages)} | ${(ms / 1000).toFixed(2)} | ${fmt(r.messages / (ms / 1000))} | ${(mailBytes / 1e6 / (ms / 1000)).toFixed(0)} | ${sf ? `${(ms / sfMs).toFixed(2)}×` : "–"} | ${rss.toFixed(0)} | ${r.runs.map((x) => (x.ms / 1000).toFixed(2)).join(", ")}${bad ? ` (${bad} non-zero exits)` : ""} |`,
  );
  results.push({ ...r, medianMs: ms, messagesPerSecond: r.messages / (ms / 1000), peakRssMiB: rss });
}
if (sfMissing) console.log(`\nsieve-filter skipped: ${sfMissing}`);
console.log("\nCommands (OUT = a file under bench/.data/dryrun/out/):");
for (const r of rows.filter((x, i, a) => a.findIndex((y) => y.contender === x.contender) === i)) {
  console.log(`  ${r.contender}: ${r.command}`);
}
writeFileSync(join(DATA, "results.json"), JSON.stringify({ count: COUNT, bytes: mailBytes, results }, null, 2));
