import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { PROFILES } from "../src/profiles.ts";
import { BIN, FIXTURES, run, scratch } from "./helpers.ts";

const MISSING_REQUIRE_JSON = {
  files: [
    {
      file: "missing-require.sieve",
      valid: false,
      diagnostics: [
        {
          severity: "error",
          code: "SIEVE_E_UNKNOWN_COMMAND",
          message: "unknown command 'fileinto' (missing require \"fileinto\"?)",
          line: 2,
          column: 5,
          endLine: 2,
          endColumn: 13,
        },
      ],
    },
  ],
  summary: { files: 1, valid: 0, invalid: 1, errors: 1, warnings: 0 },
};

test("a valid script: exit 0, a summary line, nothing else", async () => {
  const r = await run(["check", "valid.sieve"]);
  assert.is(r.code, 0);
  assert.is(r.stdout, "1 file checked: all valid (0 errors, 0 warnings)\n");
  assert.is(r.stderr, "");
});

test("--quiet on a valid script prints nothing", async () => {
  const r = await run(["check", "--quiet", "valid.sieve"]);
  assert.is(r.code, 0);
  assert.is(r.stdout, "");
});

test("text: file:line:column: error: message [code] and a code frame spanning the token", async () => {
  const r = await run(["check", "missing-require.sieve"]);
  assert.is(r.code, 1);
  assert.is(
    r.stdout,
    [
      "missing-require.sieve:2:5: error: unknown command 'fileinto' (missing require \"fileinto\"?) [SIEVE_E_UNKNOWN_COMMAND]",
      ' 2 |     fileinto "Junk";',
      "   |     ^^^^^^^^",
      "",
      "1 file checked: 0 valid, 1 invalid (1 error, 0 warnings)",
      "",
    ].join("\n"),
  );
});

test("text: tabs are kept in the caret line so the caret lines up", async () => {
  const { dir, done } = scratch();
  try {
    writeFileSync(join(dir, "t.sieve"), '\tfileinto "Junk";\n');
    const r = await run(["check", "t.sieve"], { cwd: dir });
    assert.ok(r.stdout.includes(' 1 | \tfileinto "Junk";\n   | \t^^^^^^^^\n'), r.stdout);
  } finally {
    done();
  }
});

test("text: colour only on a TTY, and never with NO_COLOR or --no-color", async () => {
  const plain = await run(["check", "missing-require.sieve"]);
  assert.not.ok(plain.stdout.includes("\x1b["));
  const tty = await run(["check", "missing-require.sieve"], { tty: true });
  assert.ok(tty.stdout.includes("\x1b[31m"), "red on a TTY");
  const noColorEnv = await run(["check", "missing-require.sieve"], { tty: true, env: { NO_COLOR: "1" } });
  assert.not.ok(noColorEnv.stdout.includes("\x1b["));
  const noColorFlag = await run(["check", "--no-color", "missing-require.sieve"], { tty: true });
  assert.not.ok(noColorFlag.stdout.includes("\x1b["));
  const forced = await run(["check", "missing-require.sieve"], { env: { FORCE_COLOR: "1" } });
  assert.ok(forced.stdout.includes("\x1b["));
});

test("--json is exactly the CLI.md shape", async () => {
  const r = await run(["check", "--json", "missing-require.sieve"]);
  assert.is(r.code, 1);
  assert.equal(JSON.parse(r.stdout), MISSING_REQUIRE_JSON);
  const f = await run(["check", "--format", "json", "missing-require.sieve"]);
  assert.is(f.stdout, r.stdout);
});

test("--json may come before the command", async () => {
  const r = await run(["--json", "check", "missing-require.sieve"]);
  assert.equal(JSON.parse(r.stdout), MISSING_REQUIRE_JSON);
});

test("--json: several files, valid and invalid, in the order given", async () => {
  const r = await run(["check", "--json", "valid.sieve", "syntax.sieve"]);
  assert.is(r.code, 1);
  const j = JSON.parse(r.stdout);
  assert.equal(
    j.files.map((f: { file: string; valid: boolean }) => [f.file, f.valid]),
    [
      ["valid.sieve", true],
      ["syntax.sieve", false],
    ],
  );
  assert.is(j.files[1].diagnostics[0].code, "SIEVE_E_SYNTAX");
  assert.is(j.files[1].diagnostics[0].line, 4);
  assert.equal(j.summary, { files: 2, valid: 1, invalid: 1, errors: j.summary.errors, warnings: 0 });
});

test("directories: *.sieve and *.siv recursively, sorted; hidden folders, .svtest and others skipped", async () => {
  const r = await run(["check", "--json", "dir"]);
  const files = JSON.parse(r.stdout).files.map((f: { file: string }) => f.file);
  assert.equal(files, ["dir/a.sieve", "dir/b.siv", "dir/sub/c.sieve"]);
  assert.is(r.code, 1);
});

test("a .svtest file is checked when named explicitly", async () => {
  const r = await run(["check", "--json", "dir/d.svtest"]);
  assert.equal(
    JSON.parse(r.stdout).files.map((f: { file: string }) => f.file),
    ["dir/d.svtest"],
  );
});

test("a file named twice (or also found in a directory) is checked once", async () => {
  const r = await run(["check", "--json", "dir/a.sieve", "dir", "./dir/a.sieve"]);
  const files = JSON.parse(r.stdout).files.map((f: { file: string }) => f.file);
  assert.equal(files, ["dir/a.sieve", "dir/b.siv", "dir/sub/c.sieve"]);
});

test("stdin with -, named by --stdin-filename", async () => {
  const r = await run(["check", "--json", "-"], { stdin: 'if true {\n    fileinto "Junk";\n}\n' });
  assert.is(r.code, 1);
  assert.is(JSON.parse(r.stdout).files[0].file, "<stdin>");
  const named = await run(["check", "--json", "--stdin-filename", "x.sieve", "-"], { stdin: "keep;\n" });
  assert.is(named.code, 0);
  assert.is(JSON.parse(named.stdout).files[0].file, "x.sieve");
});

test("bytes are checked as bytes: invalid UTF-8 is reported", async () => {
  const r = await run(["check", "--json", "-"], {
    stdin: Uint8Array.from([0x23, 0x20, 0xff, 0x0a, ...Buffer.from("keep;\n")]),
  });
  assert.is(r.code, 1);
  const d = JSON.parse(r.stdout).files[0].diagnostics[0];
  assert.is(d.code, "SIEVE_E_UTF8");
  assert.is(d.line, 1);
  assert.is(d.column, 3);
});

test("an unreadable path: reported on stderr, the others still checked, exit 2", async () => {
  const r = await run(["check", "--json", "nope.sieve", "missing-require.sieve"]);
  assert.is(r.code, 2);
  assert.equal(JSON.parse(r.stdout), MISSING_REQUIRE_JSON);
  assert.is(r.stderr, "sievectl check: cannot read 'nope.sieve': no such file or directory\n");
});

test("--max-size limits the script size (K/M/G allowed)", async () => {
  const r = await run(["check", "--json", "--max-size", "10", "valid.sieve"]);
  assert.is(r.code, 1);
  assert.is(JSON.parse(r.stdout).files[0].diagnostics[0].code, "SIEVE_E_LIMIT");
  const ok = await run(["check", "--max-size", "1K", "valid.sieve"]);
  assert.is(ok.code, 0);
  const bad = await run(["check", "--max-size", "lots", "valid.sieve"]);
  assert.is(bad.code, 2);
});

test("a folder without scripts is an error (exit 2), not a silent pass", async () => {
  const { dir, done } = scratch("dir/sub");
  try {
    mkdirSync(join(dir, "empty"));
    const r = await run(["check", "empty"], { cwd: dir });
    assert.is(r.code, 2);
    assert.is(r.stderr, "sievectl check: no Sieve scripts (*.sieve, *.siv) found in the given paths\n");
    writeFileSync(join(dir, "readme.txt"), "x");
    const r2 = await run(["check", "."], { cwd: dir });
    assert.is(r2.code, 1); // c.sieve is invalid
  } finally {
    done();
  }
});

test("github: one ::error line per diagnostic", async () => {
  const r = await run(["check", "--format", "github", "missing-require.sieve", "valid.sieve"]);
  assert.is(r.code, 1);
  assert.is(
    r.stdout,
    "::error file=missing-require.sieve,line=2,col=5,endLine=2,endColumn=13,title=SIEVE_E_UNKNOWN_COMMAND::unknown command 'fileinto' (missing require \"fileinto\"?)\n",
  );
});

test("github: paths relative to GITHUB_WORKSPACE; properties escaped", async () => {
  const { dir, done } = scratch();
  try {
    writeFileSync(join(dir, "a,b.sieve"), "frob;\n");
    const r = await run(["check", "--format", "github", join(dir, "a,b.sieve")], {
      cwd: "/",
      env: { GITHUB_WORKSPACE: dir },
    });
    assert.ok(r.stdout.startsWith("::error file=a%2Cb.sieve,line=1,col=1,"), r.stdout);
  } finally {
    done();
  }
});

test("sarif: a SARIF 2.1.0 log with rules, results and regions", async () => {
  const r = await run(["check", "--format", "sarif", "missing-require.sieve", "valid.sieve", "dir/sub/c.sieve"]);
  assert.is(r.code, 1);
  const log = JSON.parse(r.stdout);
  assert.is(log.version, "2.1.0");
  assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
  assert.is(log.runs.length, 1);
  const runObj = log.runs[0];
  assert.is(runObj.tool.driver.name, "sievectl");
  assert.match(runObj.tool.driver.version, /^\d+\.\d+\.\d+/);
  assert.equal(
    runObj.tool.driver.rules.map((x: { id: string }) => x.id),
    ["SIEVE_E_UNKNOWN_COMMAND"],
  );
  assert.is(runObj.tool.driver.rules[0].defaultConfiguration.level, "error");
  assert.ok(runObj.tool.driver.rules[0].shortDescription.text.length > 0);
  assert.is(runObj.columnKind, "utf16CodeUnits");
  assert.is(runObj.originalUriBaseIds["%SRCROOT%"].uri, new URL(`file://${FIXTURES}`).href);
  assert.equal(runObj.invocations, [{ executionSuccessful: true }]);
  assert.equal(runObj.results[0], {
    ruleId: "SIEVE_E_UNKNOWN_COMMAND",
    ruleIndex: 0,
    level: "error",
    message: { text: "unknown command 'fileinto' (missing require \"fileinto\"?)" },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: "missing-require.sieve", uriBaseId: "%SRCROOT%" },
          region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 13 },
        },
      },
    ],
  });
  assert.is(runObj.results.length, 2);
  assert.is(runObj.results[1].locations[0].physicalLocation.artifactLocation.uri, "dir/sub/c.sieve");
});

test("sarif: unreadable files become tool execution notifications", async () => {
  const r = await run(["check", "--format", "sarif", "nope.sieve"]);
  assert.is(r.code, 2);
  const inv = JSON.parse(r.stdout).runs[0].invocations[0];
  assert.is(inv.executionSuccessful, false);
  assert.is(inv.toolExecutionNotifications[0].level, "error");
  assert.match(inv.toolExecutionNotifications[0].message.text, /nope\.sieve/);
});

test("--extensions restricts the capability set", async () => {
  const ok = await run(["check", "--extensions", "fileinto vacation", "valid.sieve"]);
  assert.is(ok.code, 0);
  const r = await run(["check", "--json", "--extensions", "vacation", "valid.sieve"]);
  assert.is(r.code, 1);
  assert.is(JSON.parse(r.stdout).files[0].diagnostics[0].code, "SIEVE_E_UNSUPPORTED_EXTENSION");
});

test("--profile: the servers' SIEVE lists", async () => {
  assert.ok(PROFILES.dovecot?.includes("vnd.dovecot.report"));
  assert.ok(PROFILES.cyrus?.includes("vnd.cyrus.snooze"));
  assert.not.ok(PROFILES.cyrus?.includes("spamtest"));
  assert.ok(PROFILES.stalwart?.includes("fcc"));
  for (const p of ["dovecot", "cyrus", "stalwart"]) {
    const r = await run(["check", "--profile", p, "valid.sieve"]);
    assert.is(r.code, 0, p);
  }
  const { dir, done } = scratch();
  try {
    writeFileSync(join(dir, "spam.sieve"), 'require "spamtest";\n');
    const r = await run(["check", "--json", "--profile", "cyrus", "spam.sieve"], { cwd: dir });
    assert.is(r.code, 1);
    assert.is(JSON.parse(r.stdout).files[0].diagnostics[0].code, "SIEVE_E_UNSUPPORTED_EXTENSION");
  } finally {
    done();
  }
});

test("include: personal next to the script, global from --global-dir, each checked under its own name", async () => {
  const r = await run(["check", "--json", "--global-dir", "include/global", "include/main.sieve"]);
  assert.is(r.code, 1);
  const j = JSON.parse(r.stdout);
  assert.equal(
    j.files.map((f: { file: string; valid: boolean }) => [f.file, f.valid]),
    [
      ["include/main.sieve", false],
      ["include/lib.sieve", false],
      ["include/global/spam.sieve", true],
    ],
  );
  const main = j.files[0].diagnostics.filter((d: { code: string }) => d.code === "SIEVE_E_INCLUDE");
  // "nowhere" is missing (an error at its name), "absent" is :optional (no error), "../escape" is refused.
  assert.equal(
    main.map((d: { line: number; column: number; endColumn: number }) => [d.line, d.column, d.endColumn]),
    [
      [5, 9, 18],
      [6, 9, 20],
    ],
  );
  assert.match(main[0].message, /"nowhere" not found/);
  assert.equal(
    j.files[1].diagnostics.map((d: { code: string; line: number }) => [d.code, d.line]),
    [["SIEVE_E_UNKNOWN_COMMAND", 2]],
  );
});

test("include: --personal-dir overrides the script's directory", async () => {
  const r = await run([
    "check",
    "--json",
    "--personal-dir",
    "dir",
    "--global-dir",
    "include/global",
    "include/main.sieve",
  ]);
  const j = JSON.parse(r.stdout);
  const missing = j.files[0].diagnostics.filter((d: { message: string }) => /not found/.test(d.message));
  assert.equal(
    missing.map((d: { line: number }) => d.line),
    [2, 5],
  );
});

test("include: a missing global script is an error when --global-dir is given", async () => {
  const r = await run(["check", "--json", "--global-dir", "dir", "include/main.sieve"]);
  const lines = JSON.parse(r.stdout)
    .files[0].diagnostics.filter((d: { message: string }) => /not found/.test(d.message))
    .map((d: { line: number }) => d.line);
  assert.equal(lines, [3, 5]);
});

test("include: cycles are reported once, at the include that closes them", async () => {
  const r = await run(["check", "--format", "github", "cycle/a.sieve"]);
  assert.is(r.code, 1);
  assert.is(
    r.stdout,
    '::error file=cycle/b.sieve,line=2,col=9,endLine=2,endColumn=12,title=SIEVE_E_INCLUDE::circular include of "a" (cycle/a.sieve)\n',
  );
  const both = await run(["check", "--json", "cycle"]);
  assert.equal(
    JSON.parse(both.stdout).files.map((f: { file: string }) => f.file),
    ["cycle/a.sieve", "cycle/b.sieve"],
  );
});

test("usage errors exit 2 with a clear message", async () => {
  const unknown = await run(["check", "--frobnicate", "valid.sieve"]);
  assert.is(unknown.code, 2);
  assert.is(
    unknown.stderr,
    "sievectl check: unknown option '--frobnicate'\nTry 'sievectl check --help' for more information.\n",
  );
  assert.is(unknown.stdout, "");
  const noValue = await run(["check", "valid.sieve", "--format"]);
  assert.is(noValue.code, 2);
  assert.match(noValue.stderr, /option '--format' needs a value/);
  const badFormat = await run(["check", "--format", "xml", "valid.sieve"]);
  assert.is(badFormat.code, 2);
  assert.match(badFormat.stderr, /unknown format 'xml'/);
  const badProfile = await run(["check", "--profile", "exim", "valid.sieve"]);
  assert.is(badProfile.code, 2);
  assert.match(badProfile.stderr, /unknown profile 'exim'/);
  const none = await run(["check"]);
  assert.is(none.code, 2);
  const both = await run(["check", "--profile", "cyrus", "--extensions", "fileinto", "valid.sieve"]);
  assert.is(both.code, 2);
  const conflict = await run(["check", "--json", "--format", "sarif", "valid.sieve"]);
  assert.is(conflict.code, 2);
  const cmd = await run(["chekc"]);
  assert.is(cmd.code, 2);
  assert.match(cmd.stderr, /unknown command 'chekc' \(did you mean 'check'\?\)/);
  const noScript = await run(["test"]);
  assert.is(noScript.code, 2);
  assert.match(noScript.stderr, /no script given/);
});

test("--help and --version", async () => {
  const h = await run(["check", "--help"]);
  assert.is(h.code, 0);
  assert.match(h.stdout, /^Usage: sievectl check/);
  assert.match(h.stdout, /--profile NAME/);
  const top = await run(["--help"]);
  assert.is(top.code, 0);
  assert.match(top.stdout, /check\s+validate scripts/);
  const helpCmd = await run(["help", "fmt"]);
  assert.match(helpCmd.stdout, /^Usage: sievectl fmt/);
  const v = await run(["--version"]);
  assert.match(v.stdout, /^sievectl \d+\.\d+\.\d+\n$/);
  const nothing = await run([]);
  assert.is(nothing.code, 2);
  assert.match(nothing.stderr, /Usage: sievectl <command>/);
});

test("the real binary: exit codes and JSON over a spawned process", () => {
  const res = spawnSync(process.execPath, [BIN, "check", "--json", "missing-require.sieve"], {
    cwd: FIXTURES,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  assert.is(res.status, 1, res.stderr);
  assert.equal(JSON.parse(res.stdout), MISSING_REQUIRE_JSON);
  const ok = spawnSync(process.execPath, [BIN, "check", "-"], { cwd: FIXTURES, encoding: "utf8", input: "keep;\n" });
  assert.is(ok.status, 0, ok.stderr);
  assert.is(ok.stdout, "1 file checked: all valid (0 errors, 0 warnings)\n");
  const v = spawnSync(process.execPath, [BIN, "--version"], { encoding: "utf8" });
  assert.is(v.status, 0);
  assert.match(v.stdout, /^sievectl \d/);
  const bad = spawnSync(process.execPath, [BIN, "check", "--nope"], { encoding: "utf8" });
  assert.is(bad.status, 2);
});

test.run();
