/**
 * Pigeonhole conformance (issue 4): runs the whole copied `.svtest` suite in-process through
 * test/conformance/runner.ts and asserts that every file of test/conformance/baseline.json still
 * passes. The suite lives outside the repository (../shared/conformance); without it the test is
 * skipped locally but fails in CI, where a missing suite would otherwise pass silently.
 */
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runConformance, SUITE_DIR, suiteAvailable, summaryLine } from "./conformance/runner.ts";

const baseline = (
  JSON.parse(readFileSync(new URL("./conformance/baseline.json", import.meta.url), "utf8")) as { passing: string[] }
).passing;

test("the Pigeonhole suite is present (required in CI)", () => {
  if (process.env.CI) assert.ok(suiteAvailable(), `conformance suite missing at ${SUITE_DIR}`);
});

test("every baseline file still passes", async () => {
  if (!suiteAvailable()) return;
  const summary = await runConformance();
  const byFile = new Map(summary.reports.map((r) => [r.file, r]));
  const regressions = baseline
    .map((file) => byFile.get(file))
    .filter((r) => r === undefined || r.status !== "passed")
    .map((r) => (r === undefined ? "missing file" : `${r.file}: ${r.status}: ${r.reason}`));
  assert.equal(regressions, [], `${summaryLine(summary)}\nregressions:\n${regressions.join("\n")}`);
  assert.ok(baseline.length > 0, "the baseline is empty");
});

test.run();
