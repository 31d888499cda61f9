/**
 * Long fuzz run of the ManageSieve response reader + parser: real server responses from
 * /work/shared/peers/*.txt, mutated and random, fed in random chunkings. Only ManageSieveError
 * may be thrown; a case slower than FUZZ_CASE_TIME_LIMIT_MS (default 5000) counts as a hang.
 *
 *   node --import tsx bench/managesieve-fuzz.ts [N] [--seed S]     (default N = 100000)
 *
 * Prints cases per second; exits 1 on a failure, with its seed and counterexample.
 */
process.env.FUZZ_CASE_TIME_LIMIT_MS ??= "5000";
const fc = (await import("fast-check")).default;
const { fuzzProperty, loadCorpus } = await import("../packages/managesieve/test/fuzz-support.ts");

const args = process.argv.slice(2);
const seedAt = args.indexOf("--seed");
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : Date.now() % 2 ** 31;
const positional = args.filter((a, i) => !a.startsWith("--") && (seedAt < 0 || i !== seedAt + 1));
const total = positional[0] === undefined ? 100_000 : Number(positional[0]);
if (!Number.isInteger(total) || total <= 0) {
  console.error("usage: node --import tsx bench/managesieve-fuzz.ts [N] [--seed S]");
  process.exit(2);
}

const corpus = loadCorpus();
console.log(
  `managesieve fuzz: ${total} cases, seed ${seed}, corpus ${corpus.length} server responses, node ${process.version}`,
);
const t0 = performance.now();
const details = fc.check(fuzzProperty(corpus), { numRuns: total, seed });
const s = (performance.now() - t0) / 1000;
console.log(`${details.numRuns} cases in ${s.toFixed(1)} s: ${(details.numRuns / s).toFixed(0)} cases/s`);
if (details.failed) {
  console.log(`FAILED (seed ${details.seed}, path ${details.counterexamplePath})`);
  console.log(`counterexample: ${JSON.stringify(details.counterexample)?.slice(0, 2000)}`);
  console.log(`error: ${String(details.errorInstance).slice(0, 2000)}`);
  process.exit(1);
}
console.log("ok");
