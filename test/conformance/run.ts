/**
 * `npm run conformance [PATH…]`: runs the Pigeonhole `.svtest` files (default: the whole copied
 * suite), writes `reports/conformance.json` and prints one line per non-passing file, then
 * `files: P passed, F failed, S skipped; tests: p passed, f failed, s skipped`.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runConformance, SUITE_DIR, suiteAvailable, summaryLine } from "./runner.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const paths = process.argv.slice(2);
if (paths.length === 0 && !suiteAvailable()) {
  process.stderr.write(`conformance suite not found at ${SUITE_DIR}\n`);
  process.exit(2);
}
const summary = await runConformance(paths.length > 0 ? paths : undefined);
mkdirSync(`${root}reports`, { recursive: true });
writeFileSync(`${root}reports/conformance.json`, `${JSON.stringify(summary, null, 2)}\n`);
for (const r of summary.reports) {
  if (r.status !== "passed")
    process.stdout.write(`${r.status === "failed" ? "FAIL" : "SKIP"} ${r.file}: ${r.reason}\n`);
}
process.stdout.write(`${summaryLine(summary)}\n`);
process.exitCode = summary.files.failed > 0 ? 1 : 0;
