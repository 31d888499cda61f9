/**
 * Long fuzz run of `parse()` and `check()`: the properties of packages/parser/test/fuzz.test.ts at
 * 100,000 cases or more, split the same way, then the hostile inputs (deep nesting, 2 MiB).
 *
 *   node --import tsx bench/fuzz.ts [N] [--seed S]
 *
 * Prints cases per second per property and every failure with its seed and counterexample.
 * A case slower than FUZZ_CASE_TIME_LIMIT_MS (default 5000 here) counts as a hang. Exits 1 when
 * anything failed.
 */
import fc from "fast-check";
import { check, parse } from "../packages/parser/src/index.ts";

// Long runs flag hangs: a case slower than this fails (the unit test sets no time limit). Set before
// the properties module is loaded, since it reads the variable once.
process.env.FUZZ_CASE_TIME_LIMIT_MS ??= "5000";
const { fuzzProperties, HOSTILE, loadCorpus, runCase } = await import("../packages/parser/test/fuzz.test.ts");

const args = process.argv.slice(2);
const seedAt = args.indexOf("--seed");
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : Date.now() % 2 ** 31;
const positional = args.filter((a, i) => !a.startsWith("--") && (seedAt < 0 || i !== seedAt + 1));
const total = positional[0] === undefined ? 100_000 : Number(positional[0]);
if (!Number.isInteger(total) || total <= 0) {
  console.error("usage: node --import tsx bench/fuzz.ts [N] [--seed S]");
  process.exit(2);
}

const corpus = loadCorpus();
console.log(`fuzz: ${total} cases, seed ${seed}, corpus ${corpus.length} Pigeonhole scripts, node ${process.version}`);
if (corpus.length === 0) console.log("fuzz: ../shared/conformance/pigeonhole not found; mutations use token soups");

let failures = 0;
const rows: string[][] = [["property", "cases", "seconds", "cases/s", "result"]];
const started = performance.now();
let done = 0;
for (const [i, p] of fuzzProperties(corpus).entries()) {
  const numRuns = Math.max(1, Math.round(total * p.share));
  const t0 = performance.now();
  const details = fc.check(p.property as fc.IProperty<[unknown]>, { numRuns, seed: seed + i });
  const s = (performance.now() - t0) / 1000;
  done += details.numRuns;
  const ok = !details.failed;
  rows.push([p.name, String(details.numRuns), s.toFixed(1), (details.numRuns / s).toFixed(0), ok ? "ok" : "FAILED"]);
  if (!ok) {
    failures++;
    console.log(
      `\n✘ ${p.name}: failed after ${details.numRuns} cases (seed ${details.seed}, path ${details.counterexamplePath})`,
    );
    console.log(`  counterexample: ${JSON.stringify(details.counterexample)?.slice(0, 2000)}`);
    console.log(`  error: ${String(details.errorInstance).slice(0, 2000)}`);
  }
}
const elapsed = (performance.now() - started) / 1000;
rows.push(["total", String(done), elapsed.toFixed(1), (done / elapsed).toFixed(0), failures ? "FAILED" : "ok"]);

console.log("");
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows)
  console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));

console.log("\nhostile inputs:");
for (const h of HOSTILE) {
  const src = h.make();
  for (const fn of [parse, check]) {
    const t0 = performance.now();
    try {
      const r = fn(src);
      const codes = [...new Set(r.diagnostics.map((d) => d.code))].join(",");
      console.log(`  ok      ${fn.name.padEnd(5)} ${h.name}: ${(performance.now() - t0).toFixed(0)} ms, ${codes}`);
    } catch (e) {
      failures++;
      console.log(`  THREW   ${fn.name.padEnd(5)} ${h.name}: ${String(e)}`);
    }
  }
  try {
    runCase(src);
  } catch {
    // Already reported above.
  }
}
console.log(failures ? `\n${failures} failure(s)` : "\nno failures");
process.exit(failures ? 1 : 0);
