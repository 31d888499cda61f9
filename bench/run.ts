/**
 * Benchmarks (`npm run bench`, i.e. `node --import tsx bench/run.ts [--runs N] [--no-cli]`).
 *
 * 1. Generates the corpus: 1,000 realistic, valid scripts (~0.5 KB) into bench/.data/scripts
 *    (seeded; see bench/gen-scripts.ts).
 * 2. In-process parse+validate throughput in MB/s, `parse()` alone and `check()`, over the corpus
 *    (one call per script) and over one big script made of all of them; median of N runs.
 * 3. Whole-directory checks, run alternately N times each, medians and ratios:
 *    - `sievectl check DIR` (one Node process for the whole directory),
 *    - `sievec DIR` (Pigeonhole compiles every *.sieve of a directory into *.svbin; it stops at the
 *      first script that fails, which never happens on this corpus),
 *    - one `sievec FILE OUT` process per script (a shell loop).
 *
 * Needs: Node 20; for step 3, Pigeonhole's `sievec` from Debian's `dovecot-sieve` package (this
 * script installs nothing: without `sievec` those rows are skipped) and the sievectl CLI
 * (packages/cli). Results also go to bench/.data/results.json.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { check, parse } from "../packages/parser/src/index.ts";
import { DATA_DIR, findSievec, generateCorpus, SCRIPTS_DIR } from "./gen-scripts.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
const COUNT = 1000;
const SEED = 5228;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const fmt = (n: number, d = 1): string => n.toFixed(d);

// --- 1. corpus ----------------------------------------------------------------------------------
const files =
  existsSync(SCRIPTS_DIR) && readdirSync(SCRIPTS_DIR).filter((f) => f.endsWith(".sieve")).length === COUNT
    ? readdirSync(SCRIPTS_DIR)
        .filter((f) => f.endsWith(".sieve"))
        .sort()
        .map((f) => join(SCRIPTS_DIR, f))
    : generateCorpus(SCRIPTS_DIR, COUNT, SEED);
const sources = files.map((f) => readFileSync(f, "utf8"));
const corpusBytes = sources.reduce((n, s) => n + Buffer.byteLength(s), 0);
const invalid = sources.filter((s) => !check(s).valid).length;
if (invalid > 0) {
  console.error(`${invalid} corpus scripts do not pass check(); regenerate with bench/gen-scripts.ts --verify`);
  process.exit(1);
}

// One big script: every rule of every script under one require.
const caps = new Set<string>();
const bodies: string[] = [];
for (const s of sources) {
  const m = /^require (\[[^\]]*\]|"[^"]*");\n/m.exec(s);
  if (m) for (const c of JSON.parse(m[1]!.startsWith("[") ? m[1]! : `[${m[1]}]`) as string[]) caps.add(c);
  bodies.push(m ? s.replace(m[0], "") : s);
}
const big = `require ${JSON.stringify([...caps].sort()).replace(/,/g, ", ")};\n${bodies.join("")}`;
const bigBytes = Buffer.byteLength(big);
const bigCheck = check(big, { limits: { maxScriptSize: Number.POSITIVE_INFINITY } });
if (!bigCheck.valid) {
  console.error("the concatenated script is not valid:", bigCheck.diagnostics.slice(0, 3));
  process.exit(1);
}

console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? "?"}, node ${process.version}`);
console.log(
  `corpus: ${files.length} scripts, ${corpusBytes} bytes (mean ${fmt(corpusBytes / files.length, 0)} B); big script ${bigBytes} bytes; ${RUNS} runs each\n`,
);

// --- 2. in-process throughput --------------------------------------------------------------------
interface Row {
  what: string;
  median: number;
  unit: string;
  note: string;
}
const rows: Row[] = [];
const limits = { maxScriptSize: Number.POSITIVE_INFINITY };

function throughput(what: string, bytes: number, fn: () => void): void {
  for (let i = 0; i < 2; i++) fn(); // warm-up: JIT and the one-time grammar build
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  rows.push({
    what,
    median: bytes / 1e6 / (ms / 1000),
    unit: "MB/s",
    note: `median ${fmt(ms)} ms (min ${fmt(Math.min(...times))}, max ${fmt(Math.max(...times))})`,
  });
}

throughput("parse(), 1,000 scripts", corpusBytes, () => {
  for (const s of sources) parse(s);
});
throughput("check() = parse+validate, 1,000 scripts", corpusBytes, () => {
  for (const s of sources) check(s);
});
throughput(`parse(), one ${fmt(bigBytes / 1024, 0)} KiB script`, bigBytes, () => {
  parse(big, { limits });
});
throughput(`check(), one ${fmt(bigBytes / 1024, 0)} KiB script`, bigBytes, () => {
  check(big, { limits });
});
{
  // Scripts per second, the figure a server validating uploads cares about.
  const t0 = performance.now();
  for (const s of sources) check(s);
  const ms = performance.now() - t0;
  rows.push({
    what: "check(), scripts per second",
    median: (files.length / ms) * 1000,
    unit: "scripts/s",
    note: "one pass",
  });
}

// --- 3. whole-directory: sievectl vs sievec ----------------------------------------------------------
const procRows: { what: string; times: number[] }[] = [];
const sievec = findSievec();
const cliEntry = join(ROOT, "packages/cli/bin/sievectl.mjs");
const haveCli = existsSync(cliEntry) && !args.includes("--no-cli");
// The CLI is measured as users run it: the esbuild bundle (`npm run build`), not tsx.
if (haveCli) timeCmd(process.execPath, [join(ROOT, "scripts/build.mjs")]);

function timeCmd(cmd: string, argv: string[], opts: { shell?: boolean } = {}): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], shell: opts.shell ?? false });
  const ms = performance.now() - t0;
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${argv.join(" ")} exited ${r.status}: ${String(r.stderr).slice(0, 500)}${String(r.stdout).slice(0, 500)}`,
    );
  }
  return ms;
}

if (!haveCli) console.log("sievectl: packages/cli/src/bin.ts not found (or --no-cli); skipping the CLI rows");
if (sievec === undefined) console.log("sievec: not found; install Debian's dovecot-sieve to compare with Pigeonhole");

if (haveCli || sievec !== undefined) {
  // sievec writes *.svbin beside the scripts: give it its own copy so sievectl sees a clean tree.
  const sievecDir = join(DATA_DIR, "sievec-dir");
  const outDir = join(DATA_DIR, "sievec-out");
  rmSync(sievecDir, { recursive: true, force: true });
  cpSync(SCRIPTS_DIR, sievecDir, { recursive: true });
  mkdirSync(outDir, { recursive: true });
  const perFile = `for f in "${sievecDir}"/*.sieve; do "${sievec}" "$f" "${outDir}/out.svbin" || exit 1; done`;
  const contenders: { what: string; run: () => number }[] = [];
  if (haveCli) {
    contenders.push({
      what: "sievectl check DIR (bundled CLI)",
      run: () => timeCmd(process.execPath, [cliEntry, "check", "--quiet", SCRIPTS_DIR]),
    });
  }
  if (sievec !== undefined) {
    contenders.push({
      what: "sievec DIR (one process)",
      run: () => {
        // Start from no binaries each time, as sievectl has nothing to reuse either.
        for (const f of readdirSync(sievecDir)) if (f.endsWith(".svbin")) rmSync(join(sievecDir, f));
        return timeCmd(sievec, [sievecDir]);
      },
    });
    contenders.push({ what: "sievec FILE, one process per file", run: () => timeCmd("sh", ["-c", perFile]) });
  }
  // Make sure each works once before timing.
  for (const c of contenders) c.run();
  for (const c of contenders) procRows.push({ what: c.what, times: [] });
  for (let i = 0; i < RUNS; i++) {
    // Alternate, so that machine noise hits every contender alike.
    const order = i % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) procRows.find((p) => p.what === c.what)!.times.push(c.run());
  }
  rmSync(outDir, { recursive: true, force: true });
}

// --- report ---------------------------------------------------------------------------------------
const w = Math.max(...rows.map((r) => r.what.length), ...procRows.map((r) => r.what.length));
console.log(`${"in-process".padEnd(w)}  ${"median".padStart(10)}  unit        runs`);
for (const r of rows)
  console.log(`${r.what.padEnd(w)}  ${fmt(r.median).padStart(10)}  ${r.unit.padEnd(10)}  ${r.note}`);
if (procRows.length > 0) {
  const base = median(procRows[0]!.times);
  console.log(`\n${"1,000 scripts, whole directory".padEnd(w)}  ${"median ms".padStart(10)}  ratio       runs (ms)`);
  for (const p of procRows) {
    const m = median(p.times);
    console.log(
      `${p.what.padEnd(w)}  ${fmt(m, 0).padStart(10)}  ${`${fmt(m / base, 2)}×`.padEnd(10)}  ${p.times.map((t) => fmt(t, 0)).join(", ")}`,
    );
  }
  console.log(`(ratio: time relative to the first row; per-script cost = median / ${files.length})`);
}

writeFileSync(
  join(DATA_DIR, "results.json"),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      cpu: cpus()[0]?.model,
      runs: RUNS,
      corpus: { files: files.length, bytes: corpusBytes, bigBytes },
      inProcess: rows,
      processes: procRows.map((p) => ({ what: p.what, medianMs: median(p.times), times: p.times })),
    },
    null,
    2,
  )}\n`,
);
