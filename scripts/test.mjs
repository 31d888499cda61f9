#!/usr/bin/env node
// Runs every uvu suite from source through tsx, then prints the line CI reads:
// "N passed, N failed". Exits non-zero on any failure.
//
// Usage: node scripts/test.mjs [file-or-dir ...]   (default: packages/*/test, test/)
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const roots =
  args.length > 0 ? args : [...readdirSync(join(root, "packages")).map((p) => join("packages", p, "test")), "test"];

/** Every *.test.ts under the given paths. */
function collect(path, out) {
  let st;
  try {
    st = statSync(join(root, path));
  } catch {
    return out;
  }
  if (st.isFile()) {
    if (path.endsWith(".test.ts")) out.push(path);
    return out;
  }
  for (const name of readdirSync(join(root, path)).sort()) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    collect(join(path, name), out);
  }
  return out;
}

const files = roots.flatMap((r) => collect(relative(root, join(root, r)), []));
let passed = 0;
let failed = 0;
for (const file of files) {
  // One process per file: a suite that leaks state or handles cannot affect another.
  const res = spawnSync(process.execPath, ["--import", "tsx", join(root, file)], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0" },
    maxBuffer: 256 * 1024 * 1024,
  });
  const out = `${res.stdout ?? ""}${res.stderr ?? ""}`;
  const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? Number.NaN);
  const ok = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? Number.NaN);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(out)?.[1] ?? 0);
  if (Number.isNaN(total) || Number.isNaN(ok)) {
    failed++;
    process.stdout.write(`\n✘ ${file}: did not report (exit ${res.status})\n${out}\n`);
    continue;
  }
  // uvu's "Total" counts the tests that ran; skipped ones are not in it.
  passed += ok;
  failed += total - ok;
  const bad = total - ok > 0 || res.status !== 0;
  if (bad && total - ok === 0) failed++; // exited non-zero without a failed test: count it
  process.stdout.write(`${bad ? "✘" : "✔"} ${file}: ${ok}/${total}${skipped ? ` (${skipped} skipped)` : ""}\n`);
  if (bad) process.stdout.write(`${out}\n`);
}
if (files.length === 0) {
  failed++;
  process.stdout.write("no test files found\n");
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
