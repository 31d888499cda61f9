import { spawnSync } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, lstatSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { BIN, FIXTURES, run, scratch } from "./helpers.ts";

/** valid.sieve in canonical form (2-space indentation, comments kept). */
const VALID_FORMATTED = readFileSync(join(FIXTURES, "formatted.sieve"), "utf8");

test("fmt FILE prints the canonical form, comments kept", async () => {
  const r = await run(["fmt", "valid.sieve"]);
  assert.is(r.stderr, "");
  assert.is(r.code, 0);
  assert.is(r.stdout, VALID_FORMATTED);
  assert.ok(r.stdout.startsWith("# Sort spam into the Junk folder.\n"));
});

test("fmt is idempotent", async () => {
  const r = await run(["fmt", "-"], { stdin: VALID_FORMATTED });
  assert.is(r.code, 0);
  assert.is(r.stdout, VALID_FORMATTED);
});

test("fmt - reads stdin", async () => {
  const r = await run(["fmt", "-"], { stdin: 'require "fileinto";\nif true {\n\t\tfileinto    "Junk";\n}\n' });
  assert.is(r.code, 0);
  assert.is(r.stdout, 'require "fileinto";\nif true {\n  fileinto "Junk";\n}\n');
});

test("--indent and --line-ending reach the printer", async () => {
  const tab = await run(["fmt", "--indent", "tab", "formatted.sieve"]);
  assert.ok(tab.stdout.includes('\n\tfileinto "Junk";\n'), tab.stdout);
  const four = await run(["fmt", "--indent", "4", "formatted.sieve"]);
  assert.ok(four.stdout.includes('\n    fileinto "Junk";\n'), four.stdout);
  const crlf = await run(["fmt", "--line-ending", "crlf", "formatted.sieve"]);
  assert.ok(crlf.stdout.includes('require "fileinto";\r\n'), crlf.stdout);
  const bad = await run(["fmt", "--indent", "wide", "formatted.sieve"]);
  assert.is(bad.code, 2);
});

test("syntax errors: not formatted, diagnostics with a code frame on stderr, exit 1", async () => {
  const r = await run(["fmt", "syntax.sieve"]);
  assert.is(r.code, 1);
  assert.is(r.stdout, "");
  assert.is(
    r.stderr,
    [
      "syntax.sieve:4:1: error: expected ';' after command 'fileinto' but found '}' [SIEVE_E_SYNTAX]",
      " 4 | }",
      "   | ^",
      "",
      "sievectl fmt: syntax.sieve: not formatted: it has syntax errors",
      "",
    ].join("\n"),
  );
});

test("validation errors do not stop formatting (fmt is about layout)", async () => {
  const r = await run(["fmt", "missing-require.sieve"]);
  assert.is(r.code, 0);
  assert.is(r.stdout, 'if header :contains "X-Spam-Flag" "YES" {\n  fileinto "Junk";\n}\n');
});

test("--check lists the files that would change and exits 1; 0 when none would", async () => {
  const r = await run(["fmt", "--check", "valid.sieve", "formatted.sieve", "tabs.sieve"]);
  assert.is(r.code, 1);
  assert.is(r.stdout, "valid.sieve\ntabs.sieve\n");
  assert.is(r.stderr, "2 of 3 files would be reformatted\n");
  const clean = await run(["fmt", "--check", "formatted.sieve"]);
  assert.is(clean.code, 0);
  assert.is(clean.stdout, "");
  assert.is(clean.stderr, "");
});

test("--check --json", async () => {
  const r = await run(["fmt", "--check", "--json", "valid.sieve", "formatted.sieve", "syntax.sieve"]);
  assert.is(r.code, 1);
  const j = JSON.parse(r.stdout);
  assert.equal(
    j.files.map((f: { file: string; status: string }) => [f.file, f.status]),
    [
      ["valid.sieve", "formatted"],
      ["formatted.sieve", "unchanged"],
      ["syntax.sieve", "invalid"],
    ],
  );
  assert.is(j.files[2].diagnostics[0].code, "SIEVE_E_SYNTAX");
  assert.equal(j.summary, { files: 3, formatted: 1, unchanged: 1, invalid: 1, errors: 0 });
});

test("--write rewrites changed files in place, leaves the rest and no temporary files", async () => {
  const { dir, done } = scratch();
  try {
    const before = statSync(join(dir, "formatted.sieve")).mtimeMs;
    chmodSync(join(dir, "valid.sieve"), 0o600);
    const r = await run(["fmt", "--write", "valid.sieve", "formatted.sieve"], { cwd: dir });
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stdout, "valid.sieve\n");
    assert.is(readFileSync(join(dir, "valid.sieve"), "utf8"), VALID_FORMATTED);
    assert.is(statSync(join(dir, "valid.sieve")).mode & 0o777, 0o600, "mode kept");
    assert.is(statSync(join(dir, "formatted.sieve")).mtimeMs, before, "an unchanged file is not rewritten");
    assert.equal(
      readdirSync(dir).filter((n) => n.endsWith(".tmp")),
      [],
    );
    const again = await run(["fmt", "--check", "valid.sieve"], { cwd: dir });
    assert.is(again.code, 0);
  } finally {
    done();
  }
});

test("--write never touches a file with syntax errors, still writes the others, exits 1", async () => {
  const { dir, done } = scratch();
  try {
    const original = readFileSync(join(dir, "syntax.sieve"));
    const mtime = statSync(join(dir, "syntax.sieve")).mtimeMs;
    const r = await run(["fmt", "--write", "syntax.sieve", "tabs.sieve"], { cwd: dir });
    assert.is(r.code, 1);
    assert.ok(readFileSync(join(dir, "syntax.sieve")).equals(original), "invalid file unchanged");
    assert.is(statSync(join(dir, "syntax.sieve")).mtimeMs, mtime);
    assert.match(r.stderr, /syntax\.sieve:4:1: error: .*\[SIEVE_E_SYNTAX\]/);
    assert.is(r.stdout, "tabs.sieve\n");
    assert.is(
      readFileSync(join(dir, "tabs.sieve"), "utf8"),
      'require "fileinto";\nif header :contains "X-Spam-Flag" "YES" {\n  fileinto "Junk";\n}\n',
    );
    assert.equal(
      readdirSync(dir).filter((n) => n.endsWith(".tmp")),
      [],
    );
  } finally {
    done();
  }
});

test("--write through a symbolic link rewrites the target and keeps the link", async () => {
  const { dir, done } = scratch();
  try {
    symlinkSync("valid.sieve", join(dir, "link.sieve"));
    const r = await run(["fmt", "--write", "link.sieve"], { cwd: dir });
    assert.is(r.code, 0, r.stderr);
    assert.ok(lstatSync(join(dir, "link.sieve")).isSymbolicLink());
    assert.is(readFileSync(join(dir, "valid.sieve"), "utf8"), VALID_FORMATTED);
  } finally {
    done();
  }
});

test("--write on a directory formats every script in it", async () => {
  const { dir, done } = scratch("dir");
  try {
    writeFileSync(join(dir, "a.sieve"), "if true{keep;}\n");
    const r = await run(["fmt", "--write", "."], { cwd: dir });
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stdout, "a.sieve\n");
    assert.is(readFileSync(join(dir, "a.sieve"), "utf8"), "if true {\n  keep;\n}\n");
  } finally {
    done();
  }
});

test("usage errors", async () => {
  const many = await run(["fmt", "valid.sieve", "formatted.sieve"]);
  assert.is(many.code, 2);
  assert.match(many.stderr, /use --write or --check/);
  const both = await run(["fmt", "--write", "--check", "valid.sieve"]);
  assert.is(both.code, 2);
  const stdinWrite = await run(["fmt", "--write", "-"]);
  assert.is(stdinWrite.code, 2);
  const none = await run(["fmt"]);
  assert.is(none.code, 2);
  const unknown = await run(["fmt", "--frob", "valid.sieve"]);
  assert.is(unknown.code, 2);
  assert.is(unknown.stderr, "sievectl fmt: unknown option '--frob'\nTry 'sievectl fmt --help' for more information.\n");
  const missing = await run(["fmt", "--check", "nope.sieve"]);
  assert.is(missing.code, 2);
  assert.is(missing.stderr, "sievectl fmt: cannot read 'nope.sieve': no such file or directory\n");
});

test("the real binary: fmt --check exit codes", () => {
  const changed = spawnSync(process.execPath, [BIN, "fmt", "--check", "valid.sieve"], {
    cwd: FIXTURES,
    encoding: "utf8",
  });
  assert.is(changed.status, 1, changed.stderr);
  assert.is(changed.stdout, "valid.sieve\n");
  const clean = spawnSync(process.execPath, [BIN, "fmt", "formatted.sieve"], { cwd: FIXTURES, encoding: "utf8" });
  assert.is(clean.status, 0, clean.stderr);
  assert.is(clean.stdout, VALID_FORMATTED);
});

test.run();
