import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { envelopeFromHeaders, firstAddress, MboxSplitter } from "../src/messages.ts";
import { BIN, FIXTURES, run, scratch } from "./helpers.ts";

const T = join(FIXTURES, "test");

/** The JSON objects of a `--json` run, one per line. */
function lines(stdout: string): Array<Record<string, unknown>> {
  assert.ok(stdout.endsWith("\n"), "output ends with a newline");
  return stdout
    .slice(0, -1)
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const NO_HEADERS = { added: [], deleted: [] };
const fileinto = (mailbox: string, more: Record<string, unknown> = {}) => ({
  type: "fileinto",
  mailbox,
  flags: [],
  copy: false,
  create: false,
  specialUse: null,
  mailboxId: null,
  ...more,
});
const implicitKeep = (flags: string[] = []) => ({ type: "keep", implicit: true, flags });

test("human: a block per message, aligned actions, the implicit keep line, then the summary", async () => {
  const r = await run(["test", "filters.sieve", "mail"], { cwd: T });
  assert.is(r.stderr, "");
  assert.is(r.code, 0);
  assert.is(
    r.stdout,
    [
      "mail/boss.eml",
      "  implicit keep: yes (INBOX, flags=[\\Flagged])",
      "",
      "mail/bounce.eml",
      "  fileinto  Bounces",
      "  implicit keep: no",
      "",
      "mail/newsletter.eml",
      "  fileinto  Lists/dev  create",
      "  implicit keep: no",
      "",
      "mail/spam.eml",
      "  fileinto  Junk  flags=[\\Seen]",
      "  implicit keep: no",
      "",
      "4 messages tested, 4 ok",
      "",
      "action     messages",
      "keep              1",
      "fileinto          3",
      "",
      "folder     messages",
      "Bounces           1",
      "INBOX             1",
      "Junk              1",
      "Lists/dev         1",
      "",
    ].join("\n"),
  );
});

test("human: one message has no summary; columns align over several actions", async () => {
  const { dir, done } = scratch("test");
  try {
    writeFileSync(
      join(dir, "many.sieve"),
      'require ["fileinto", "copy", "imap4flags"];\nredirect :copy "archive@example.org";\nfileinto :flags "\\\\Seen" "Sent Items";\nkeep;\n',
    );
    const r = await run(["test", "many.sieve", "mail/boss.eml"], { cwd: dir });
    assert.is(r.code, 0);
    assert.is(
      r.stdout,
      [
        "mail/boss.eml",
        "  redirect  archive@example.org  copy",
        '  fileinto  "Sent Items"         flags=[\\Seen]',
        "  keep      INBOX",
        "  implicit keep: no",
        "",
      ].join("\n"),
    );
  } finally {
    done();
  }
});

test("--json: exactly one object per message per line, in CLI.md's shape", async () => {
  const r = await run(["test", "--json", "filters.sieve", "mail/spam.eml", "mail/boss.eml"], { cwd: T });
  assert.is(r.code, 0);
  assert.is(
    r.stdout,
    `${[
      '{"message":"mail/spam.eml","status":"ok","actions":[{"type":"fileinto","mailbox":"Junk","flags":["\\\\Seen"],"copy":false,"create":false,"specialUse":null,"mailboxId":null}],"headers":{"added":[],"deleted":[]},"errors":[]}',
      '{"message":"mail/boss.eml","status":"ok","actions":[{"type":"keep","implicit":true,"flags":["\\\\Flagged"]}],"headers":{"added":[],"deleted":[]},"errors":[]}',
    ].join("\n")}\n`,
  );
});

test("Maildir: cur/ then new/, sorted, tmp/ never read; mbox: one message each, named FILE#N", async () => {
  const r = await run(["test", "--json", "filters.sieve", "maildir", "archive.mbox"], { cwd: T });
  assert.is(r.code, 0);
  assert.equal(lines(r.stdout), [
    {
      message: "maildir/cur/1733400000.M1P100.mx:2,S",
      status: "ok",
      actions: [implicitKeep()],
      headers: NO_HEADERS,
      errors: [],
    },
    {
      message: "maildir/new/1733500000.M2P200.mx",
      status: "ok",
      actions: [fileinto("Junk", { flags: ["\\Seen"] })],
      headers: NO_HEADERS,
      errors: [],
    },
    {
      message: "archive.mbox#1",
      status: "ok",
      actions: [fileinto("Lists/dev", { create: true })],
      headers: NO_HEADERS,
      errors: [],
    },
    {
      message: "archive.mbox#2",
      status: "ok",
      actions: [implicitKeep(["\\Flagged"])],
      headers: NO_HEADERS,
      errors: [],
    },
    // Return-Path: <> makes the null sender.
    {
      message: "archive.mbox#3",
      status: "ok",
      actions: [fileinto("Bounces")],
      headers: NO_HEADERS,
      errors: [],
    },
  ]);
});

test("mbox: mboxrd quoting is undone (one '>' less), the separator lines are not in the message", async () => {
  const { dir, done } = scratch("test");
  try {
    writeFileSync(
      join(dir, "body.sieve"),
      [
        'require ["body", "fileinto"];',
        'if body :raw :contains ">From here on" { fileinto "one-quote-left"; }',
        'if body :raw :contains ">>From" { fileinto "still-quoted"; }',
        'if body :raw :contains ">From the archives" { fileinto "still-quoted"; }',
        'if body :raw :contains "From the archives" { fileinto "unquoted"; }',
        'if body :raw :contains "Dec  4" { fileinto "separator-kept"; }',
        "",
      ].join("\n"),
    );
    const r = await run(["test", "--json", "body.sieve", "archive.mbox"], { cwd: dir });
    assert.is(r.code, 0);
    assert.equal(
      lines(r.stdout).map((l) => l.actions),
      [[fileinto("unquoted")], [fileinto("one-quote-left")], [implicitKeep()]],
    );
  } finally {
    done();
  }
});

test("MboxSplitter: the same messages whatever the chunk boundaries; CRLF and a final blank line", () => {
  const mbox = Buffer.from(
    "From a@b Mon Dec  2 09:15:00 2024\r\nSubject: one\r\n\r\n>From x\r\n>>From y\r\n\r\nFrom c@d Tue\r\nSubject: two\r\n\r\nend",
  );
  const expected = ["Subject: one\r\n\r\nFrom x\r\n>From y\r\n", "Subject: two\r\n\r\nend"];
  for (let size = 1; size <= mbox.length; size++) {
    const s = new MboxSplitter();
    const got: string[] = [];
    for (let i = 0; i < mbox.length; i += size) {
      for (const m of s.push(mbox.subarray(i, i + size))) got.push(Buffer.from(m).toString());
    }
    for (const m of s.end()) got.push(Buffer.from(m).toString());
    assert.equal(got, expected, `chunk size ${size}`);
  }
});

test("--trace: every command, each comparison (values against keys) and outcome, every action", async () => {
  const r = await run(["test", "--trace", "filters.sieve", "mail/spam.eml"], { cwd: T });
  assert.is(r.code, 0);
  assert.is(
    r.stdout,
    [
      "mail/spam.eml",
      "  fileinto  Junk  flags=[\\Seen]",
      "  implicit keep: no",
      "  trace:",
      "    4:1   if",
      '    4:4   header :contains "i;ascii-casemap" compared [] with ["<dev.lists.example.org>"]: false',
      "    8:1   if",
      '    8:11  header :is "i;ascii-casemap" compared ["YES"] with ["YES"]: true',
      "    8:4   anyof: true",
      "    10:5  addflag",
      "    11:5  fileinto",
      "    11:5  action fileinto",
      "    12:5  stop",
      "",
    ].join("\n"),
  );
});

test("--trace --json adds the events as `trace`", async () => {
  const r = await run(["test", "--json", "--trace", "filters.sieve", "mail/bounce.eml"], { cwd: T });
  assert.is(r.code, 0);
  const [line] = lines(r.stdout);
  const trace = line?.trace as Array<Record<string, unknown>>;
  assert.equal(trace[trace.length - 5], {
    type: "test",
    name: "envelope",
    line: 15,
    column: 4,
    result: true,
    matching: { matchType: "is", comparator: "i;ascii-casemap", values: [""], keys: [""] },
  });
  assert.equal(trace[trace.length - 1], { type: "command", name: "stop", line: 17, column: 5 });
});

test("a compile error: diagnostics like check, exit 1, no message read", async () => {
  const r = await run(["test", "broken.sieve", "mail", "does-not-exist.eml"], { cwd: T });
  assert.is(r.code, 1);
  assert.is(r.stderr, "");
  assert.is(
    r.stdout,
    [
      "broken.sieve:4:1: error: expected ';' after command 'fileinto' but found '}' [SIEVE_E_SYNTAX]",
      " 4 | }",
      "   | ^",
      "",
      "broken.sieve does not compile: no message tested",
      "",
    ].join("\n"),
  );
  const j = await run(["test", "--json", "broken.sieve", "mail"], { cwd: T });
  assert.is(j.code, 1);
  assert.is(
    j.stdout,
    '{"message":null,"status":"compile-error","actions":[],"headers":{"added":[],"deleted":[]},"errors":[{"line":4,"column":1,"message":"expected \';\' after command \'fileinto\' but found \'}\'","code":"SIEVE_E_SYNTAX"}],"script":"broken.sieve"}\n',
  );
});

test("a runtime error (too many redirects): the implicit keep remains, exit 1, the others still run", async () => {
  const r = await run(["test", "--json", "redirects.sieve", "mail/boss.eml"], { cwd: T });
  assert.is(r.code, 1);
  assert.equal(lines(r.stdout), [
    {
      message: "mail/boss.eml",
      status: "runtime-error",
      actions: [implicitKeep()],
      headers: NO_HEADERS,
      errors: [
        {
          line: 6,
          column: 1,
          message: "number of redirect actions exceeds policy limit (5 > 4)",
          code: "SIEVE_E_REDIRECT_LIMIT",
        },
      ],
    },
  ]);
  const h = await run(["test", "redirects.sieve", "mail/boss.eml", "mail/spam.eml"], { cwd: T });
  assert.is(h.code, 1);
  assert.ok(
    h.stdout.startsWith(
      [
        "mail/boss.eml",
        "  runtime error at 6:1: number of redirect actions exceeds policy limit (5 > 4) [SIEVE_E_REDIRECT_LIMIT]",
        "  implicit keep: yes (INBOX)",
        "",
        "mail/spam.eml",
      ].join("\n"),
    ),
    h.stdout,
  );
  assert.match(h.stdout, /2 messages tested, 0 ok, 2 runtime errors\n/);
});

test("the envelope: Return-Path <> is the null sender; --from '' forces it; --from overrides", async () => {
  const bounce = await run(["test", "--json", "filters.sieve", "mail/bounce.eml"], { cwd: T });
  assert.equal(lines(bounce.stdout)[0]?.actions, [fileinto("Bounces")]);
  const forced = await run(["test", "--json", "--from", "", "filters.sieve", "mail/boss.eml"], { cwd: T });
  assert.equal(lines(forced.stdout)[0]?.actions, [fileinto("Bounces")]);
  const angle = await run(["test", "--json", "--from", "<>", "filters.sieve", "mail/boss.eml"], { cwd: T });
  assert.equal(lines(angle.stdout)[0]?.actions, [fileinto("Bounces")]);
  const real = await run(["test", "--json", "--from", "someone@example.net", "filters.sieve", "mail/bounce.eml"], {
    cwd: T,
  });
  assert.equal(lines(real.stdout)[0]?.actions, [implicitKeep()]);
});

test("context: --env, --mailbox-exists, --now (currentdate), --duplicate-seen, --global-dir, --to", async () => {
  const bare = await run(["test", "--json", "--now", "2025-03-01T09:00:00Z", "context.sieve", "mail/boss.eml"], {
    cwd: T,
  });
  assert.is(bare.code, 0);
  // Delivered-To gives the recipient; no global dir: the optional include is skipped.
  assert.equal(lines(bare.stdout)[0]?.actions, [fileinto("Mine")]);

  const r = await run(
    [
      "test",
      "--json",
      "--env",
      "vnd.test.mode=vacation",
      "--mailbox-exists",
      "Archive/2024",
      "--now",
      "2024-12-24T18:30:00+01:00",
      "--duplicate-seen",
      "<q4@boss.example.com>",
      "--global-dir",
      "global",
      "--to",
      "bob@example.org",
      "context.sieve",
      "mail/boss.eml",
    ],
    { cwd: T },
  );
  assert.is(r.stderr, "");
  assert.is(r.code, 0);
  assert.equal(lines(r.stdout)[0]?.actions, [
    fileinto("Away"),
    fileinto("Archive/2024"),
    fileinto("Christmas"),
    fileinto("Evening"),
    { type: "discard" },
    fileinto("Work"),
  ]);
});

test("--now: the offset is the zone of currentdate; Z is +0000", async () => {
  const utc = await run(["test", "--json", "--now", "2024-12-24T17:30:00Z", "context.sieve", "mail/boss.eml"], {
    cwd: T,
  });
  assert.equal(lines(utc.stdout)[0]?.actions, [fileinto("Christmas"), fileinto("Mine")]);
  const late = await run(["test", "--json", "--now", "2024-12-24T23:30:00-05:00", "context.sieve", "mail/boss.eml"], {
    cwd: T,
  });
  // 04:30 UTC on the 25th, but 23:30 on the 24th where the run says it is.
  assert.equal(lines(late.stdout)[0]?.actions, [fileinto("Christmas"), fileinto("Mine")]);
});

test("stdin: one message, or an mbox when it starts with 'From '", async () => {
  const one = await run(["test", "--json", "filters.sieve", "-"], {
    cwd: T,
    stdin: "From: x@boss.example.com\nSubject: hi\n\nbody\n",
  });
  assert.is(one.code, 0);
  assert.equal(
    lines(one.stdout).map((l) => [l.message, l.actions]),
    [["<stdin>", [implicitKeep(["\\Flagged"])]]],
  );
  const mbox = await run(["test", "--json", "filters.sieve", "-"], {
    cwd: T,
    stdin: readFileSync(join(T, "archive.mbox")),
  });
  assert.equal(
    lines(mbox.stdout).map((l) => l.message),
    ["<stdin>#1", "<stdin>#2", "<stdin>#3"],
  );
  const script = await run(["test", "--json", "-", "mail/spam.eml"], { cwd: T, stdin: "discard;" });
  assert.equal(lines(script.stdout)[0]?.actions, [{ type: "discard" }]);
});

test("exit 2: unreadable paths (the others still run), no messages, usage mistakes", async () => {
  const missing = await run(["test", "--json", "filters.sieve", "nope.eml", "mail/spam.eml"], { cwd: T });
  assert.is(missing.code, 2);
  assert.is(missing.stderr, "sievectl test: cannot read 'nope.eml': no such file or directory\n");
  assert.equal(
    lines(missing.stdout).map((l) => l.message),
    ["mail/spam.eml"],
  );
  const noScript = await run(["test", "nope.sieve", "mail"], { cwd: T });
  assert.is(noScript.code, 2);
  assert.match(noScript.stderr, /cannot read 'nope.sieve': no such file or directory/);
  const empty = await run(["test", "filters.sieve", "global"], { cwd: T });
  assert.is(empty.code, 2);
  assert.is(empty.stderr, "sievectl test: no messages found in the given paths\n");
  for (const argv of [
    ["test"],
    ["test", "filters.sieve"],
    ["test", "-", "-"],
    ["test", "--env", "novalue", "filters.sieve", "mail"],
    ["test", "--now", "yesterday", "filters.sieve", "mail"],
    ["test", "--bogus", "filters.sieve", "mail"],
  ]) {
    const r = await run(argv, { cwd: T });
    assert.is(r.code, 2, argv.join(" "));
    assert.match(r.stderr, /Try 'sievectl test --help'/);
  }
});

test("a directory: its .eml files and Maildirs, recursively", async () => {
  const { dir, done } = scratch("test");
  try {
    mkdirSync(join(dir, "nested", "inner", "cur"), { recursive: true });
    writeFileSync(join(dir, "nested", "a.eml"), "From: a@example.com\n\nA\n");
    writeFileSync(join(dir, "nested", "notes.txt"), "not a message\n");
    writeFileSync(join(dir, "nested", "inner", "cur", "1.mx:2,"), "From: b@example.com\n\nB\n");
    const r = await run(["test", "--json", "filters.sieve", "nested"], { cwd: dir });
    assert.is(r.code, 0);
    assert.equal(
      lines(r.stdout).map((l) => l.message),
      ["nested/a.eml", "nested/inner/cur/1.mx:2,"],
    );
  } finally {
    done();
  }
});

test("on a terminal: a progress line on stderr, rewritten with \\r and erased at the end", async () => {
  const r = await run(["test", "--json", "filters.sieve", "mail/spam.eml"], { cwd: T, tty: true });
  assert.is(r.code, 0);
  assert.is(r.stderr, "\r\x1b[Ktesting: 1 message mail/spam.eml\r\x1b[K");
  const quiet = await run(["test", "--json", "-q", "filters.sieve", "mail/spam.eml"], { cwd: T, tty: true });
  assert.is(quiet.stderr, "");
});

test("envelope defaults from the header: Return-Path, From; Delivered-To, X-Original-To, To", () => {
  const msg = (h: string) => Buffer.from(`${h}\n\nbody\nTo: not@header.example\n`);
  assert.equal(envelopeFromHeaders(msg("Return-Path: <a@x.example>\nFrom: b@y.example\nTo: c@z.example")), {
    from: "a@x.example",
    to: "c@z.example",
  });
  assert.equal(envelopeFromHeaders(msg("From: B <b@y.example>\nX-Original-To: o@z.example\nTo: c@z.example")), {
    from: "b@y.example",
    to: "o@z.example",
  });
  assert.equal(
    envelopeFromHeaders(msg("Return-Path: <>\nDelivered-To: d@z.example\nDelivered-To: older@z.example\nTo: c@z")),
    { from: null, to: "d@z.example" },
  );
  assert.equal(envelopeFromHeaders(msg("Subject: none")), { from: null, to: "" });
  assert.is(firstAddress(' "Doe, John" (comment, here) <john@example.com>, x@y'), "john@example.com");
  assert.is(firstAddress("undisclosed-recipients:;"), null);
  assert.is(firstAddress("Team: a@example.com, b@example.com;"), "a@example.com");
  assert.is(firstAddress("plain@example.com (Plain)"), "plain@example.com");
  assert.is(firstAddress("<@relay.example:user@example.com>"), "user@example.com");
});

test("help: the top level lists test; test --help documents the envelope defaults", async () => {
  const top = await run(["--help"]);
  assert.match(top.stdout, /\n {2}test {2,}dry run/);
  const h = await run(["test", "--help"]);
  assert.is(h.code, 0);
  assert.match(h.stdout, /^Usage: sievectl test \[options\] SCRIPT MESSAGE\.\.\./);
  assert.match(h.stdout, /Return-Path/);
  assert.match(h.stdout, /Delivered-To, else X-Original-To, else To/);
});

test("the real launcher: JSON lines on stdout and the exit code", () => {
  const res = spawnSync(process.execPath, [BIN, "test", "--json", "redirects.sieve", "mail/newsletter.eml"], {
    cwd: T,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  assert.is(res.status, 1, res.stderr);
  const [line] = lines(res.stdout);
  assert.is(line?.message, "mail/newsletter.eml");
  assert.is(line?.status, "runtime-error");
  const ok = spawnSync(process.execPath, [BIN, "test", "filters.sieve", "archive.mbox"], {
    cwd: T,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  assert.is(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^archive\.mbox#1\n {2}fileinto {2}Lists\/dev {2}create\n/);
  assert.match(ok.stdout, /3 messages tested, 3 ok\n/);
});

test.run();
