/**
 * Golden diagnostics: every `fixtures/diagnostics/*.sieve` is checked (parse + validate) and its
 * diagnostics, one `line:column: code: message` per line, compared with `*.expected.txt`.
 *
 * `UPDATE_GOLDEN=1 node scripts/test.mjs packages/parser/test/diagnostics.test.ts` rewrites the
 * expected files from the current output; review every change by hand before committing.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { check } from "../src/check.ts";

const dir = join(import.meta.dirname, "fixtures", "diagnostics");
const update = process.env.UPDATE_GOLDEN === "1";

/** The golden form of a script's diagnostics. */
function render(bytes: Uint8Array): string {
  const lines = check(bytes).diagnostics.map((d) => `${d.line}:${d.column}: ${d.code}: ${d.message}`);
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

const files = readdirSync(dir)
  .filter((f) => f.endsWith(".sieve"))
  .sort();

test("there are golden fixtures", () => {
  assert.ok(files.length >= 10, `only ${files.length} fixtures`);
});

for (const file of files) {
  test(file, () => {
    const actual = render(new Uint8Array(readFileSync(join(dir, file))));
    const expectedPath = join(dir, file.replace(/\.sieve$/, ".expected.txt"));
    if (update) {
      writeFileSync(expectedPath, actual);
      return;
    }
    let expected: string;
    try {
      expected = readFileSync(expectedPath, "utf8");
    } catch {
      assert.unreachable(`${expectedPath} is missing; run with UPDATE_GOLDEN=1 and review it`);
      return;
    }
    assert.fixture(actual, expected);
  });
}

test.run();
