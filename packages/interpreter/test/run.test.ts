// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Sieve variables (RFC 5229 §3) in script text, not JS templates
// The engine core: actions, implicit keep and its cancellation, duplicate merging and conflicts
// (Pigeonhole execute/actions.svtest, execute/errors.svtest, multiscript/conflicts.svtest;
// conformance README §2.7), limits, variables, imap4flags, include with a host, and tracing.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { type Action, compile, dryRun, type Host, run, type RunOptions, SieveCompileError } from "../src/index.ts";

const MESSAGE = new TextEncoder().encode(
  "From: Alice <alice@example.com>\nTo: user+lists@example.org\nSubject: Frop!\nMessage-ID: <m1@example.com>\nDate: Tue, 25 Jan 2005 13:45:00 -0800\n\nFriep!\n",
);
const ENVELOPE = { from: "alice@example.com", to: "user+lists@example.org" };

async function go(script: string, host: Host = dryRun(), options: RunOptions = {}) {
  return run(compile(script), MESSAGE, ENVELOPE, host, options);
}
const types = (actions: Action[]) => actions.map((a) => (a.type === "keep" && a.implicit ? "implicit-keep" : a.type));

test("empty script: only the implicit keep (RFC 5228 §2.10.2)", async () => {
  const r = await go("");
  assert.equal(r.status, "ok");
  assert.equal(r.actions, [{ type: "keep", implicit: true, flags: [] }]);
  assert.ok(r.implicitKeep);
});

test("keep, fileinto, redirect, discard cancel the implicit keep", async () => {
  for (const s of ["keep;", 'require "fileinto"; fileinto "A";', 'redirect "x@example.org";', "discard;"]) {
    const r = await go(s);
    assert.not.ok(r.implicitKeep, s);
    assert.not.ok(types(r.actions).includes("implicit-keep"), s);
  }
});

test(":copy keeps the implicit keep (RFC 3894 §3)", async () => {
  const r = await go('require ["fileinto", "copy"]; fileinto :copy "A"; redirect :copy "b@example.org";');
  assert.equal(types(r.actions), ["fileinto", "redirect", "implicit-keep"]);
  assert.equal((r.actions[1] as { address: string }).address, "b@example.org");
});

test("fileinto shape has every CLI.md field", async () => {
  const r = await go('require ["fileinto", "mailbox", "special-use"]; fileinto :create :specialuse "\\\\Junk" "Spam";');
  assert.equal(r.actions[0], {
    type: "fileinto",
    mailbox: "Spam",
    flags: [],
    copy: false,
    create: true,
    specialUse: "\\Junk",
    mailboxId: null,
  });
});

test("merging: a second fileinto to the same folder adds nothing (execute/actions.svtest)", async () => {
  const r = await go('require "fileinto"; fileinto "A"; fileinto "A"; fileinto "B";');
  assert.equal(
    r.actions.map((a) => (a.type === "fileinto" ? a.mailbox : a.type)),
    ["A", "B"],
  );
});

test("merging: fileinto INBOX after keep is the keep; keep after fileinto INBOX becomes keep", async () => {
  const a = await go('require "fileinto"; keep; fileinto "INBOX";');
  assert.equal(a.actions, [{ type: "keep", implicit: false, flags: [] }]);
  const b = await go('require "fileinto"; fileinto "INBOX"; keep;');
  assert.equal(b.actions, [{ type: "keep", implicit: false, flags: [] }]);
  const c = await go('require "fileinto"; fileinto "inbox"; keep;');
  assert.equal(types(c.actions), ["keep"]);
});

test("merging: duplicate of a :copy fileinto keeps the implicit keep (as sieve-test)", async () => {
  const r = await go('require ["fileinto", "copy"]; fileinto :copy "A"; fileinto "A";');
  assert.equal(types(r.actions), ["fileinto", "implicit-keep"]);
});

test("merging: redirect to an address that normalises equal adds nothing (README §2.7)", async () => {
  const r = await go('redirect "Stephan Bosch <stephan@example.com>"; redirect "stephan@EXAMPLE.com";');
  assert.equal(r.actions, [{ type: "redirect", address: "stephan@example.com", copy: false, list: null }]);
});

test("conflict: reject with fileinto, keep or redirect is a runtime error (execute/errors.svtest)", async () => {
  for (const s of [
    'require ["reject", "fileinto"]; fileinto "X"; reject "no";',
    'require "reject"; reject "no"; keep;',
    'require "reject"; redirect "a@example.org"; reject "no";',
    'require "reject"; reject "a"; reject "b";',
  ]) {
    const r = await go(s);
    assert.is(r.status, "runtime-error", s);
    assert.is(r.errors[0]?.code, "SIEVE_E_CONFLICT", s);
    assert.equal(types(r.actions), ["implicit-keep"], s);
  }
});

test("reject and ereject shapes; discard with reject is no conflict", async () => {
  const r = await go('require ["reject", "ereject"]; reject "go away"; discard;');
  assert.equal(r.actions, [{ type: "reject", reason: "go away", extended: false }, { type: "discard" }]);
  const e = await go('require "ereject"; ereject "no";');
  assert.equal(e.actions, [{ type: "reject", reason: "no", extended: true }]);
});

test("limits: 5 redirects exceed the default 4; 33 actions exceed 32", async () => {
  const five = Array.from({ length: 5 }, (_, i) => `redirect "u${i}@example.org";`).join("\n");
  const r = await go(five);
  assert.is(r.errors[0]?.code, "SIEVE_E_REDIRECT_LIMIT");
  assert.is(r.errors[0]?.line, 5);
  const many = `require "fileinto";\n${Array.from({ length: 33 }, (_, i) => `fileinto "F${i}";`).join("\n")}`;
  assert.is((await go(many)).errors[0]?.code, "SIEVE_E_ACTION_LIMIT");
  const ok = await run(compile(five, { limits: { maxRedirects: 5 } }), MESSAGE, ENVELOPE);
  assert.is(ok.status, "ok");
});

test("limits: maxSteps stops a run; junk limits throw TypeError", async () => {
  const r = await go("keep; keep; keep;", dryRun(), { limits: { maxSteps: 2 } });
  assert.is(r.errors[0]?.code, "SIEVE_E_STEP_LIMIT");
  assert.throws(() => compile("keep;", { limits: { maxActions: -1 } }), TypeError);
  assert.throws(() => compile("keep;", { limits: { maxSteps: 1.5 } }), TypeError);
});

test("runtime: redirect address from a variable is checked (RFC 5228 §4.2)", async () => {
  const r = await go('require "variables"; set "a" "nobody"; redirect "${a}";');
  assert.is(r.errors[0]?.code, "SIEVE_E_REDIRECT_ADDRESS");
});

test("compile errors throw SieveCompileError with diagnostics", () => {
  try {
    compile('fileinto "x";');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, SieveCompileError);
    assert.is((e as SieveCompileError).code, "SIEVE_E_COMPILE");
    assert.ok((e as SieveCompileError).diagnostics.length > 0);
  }
});

test("control: if/elsif/else and stop", async () => {
  const s = `require "fileinto";
if header :is "subject" "nope" { fileinto "A"; }
elsif header :contains "subject" "frop" { fileinto "B"; stop; }
else { fileinto "C"; }
fileinto "D";`;
  const r = await go(s);
  assert.equal(
    r.actions.map((a) => (a.type === "fileinto" ? a.mailbox : a.type)),
    ["B"],
  );
});

test("tests: exists, size, allof/anyof/not, true/false", async () => {
  const s = `require "fileinto";
if allof (exists ["from", "to"], not exists "x-nope", size :under 1K, anyof (false, true)) { fileinto "Yes"; }`;
  assert.equal(types((await go(s)).actions), ["fileinto"]);
});

test('envelope: null sender matches "" whatever the address part (RFC 5228 §5.4); :detail (RFC 5233)', async () => {
  const p = compile(
    'require ["envelope", "subaddress", "fileinto"]; if envelope :localpart :is "from" "" { fileinto "Null"; } if envelope :detail "to" "lists" { fileinto "Lists"; }',
  );
  const r = await run(p, MESSAGE, { from: null, to: "user+lists@example.org" });
  assert.equal(
    r.actions.map((a) => (a.type === "fileinto" ? a.mailbox : a.type)),
    ["Null", "Lists"],
  );
});

test("variables: set modifiers by precedence (RFC 5229 §4.1), length, quotewildcard", async () => {
  const s = `require ["variables", "fileinto"];
set :upper :lowerfirst "a" "hello";
set :length "n" "\${a}";
set :quotewildcard "q" "a*b?";
fileinto "\${a}-\${n}-\${q}-\${undefined}";`;
  const r = await go(s);
  assert.is((r.actions[0] as { mailbox: string }).mailbox, "hELLO-5-a\\*b\\?-");
});

test("variables: values are cut at maxVariableSize on a UTF-8 boundary", async () => {
  const s = 'require ["variables", "fileinto"]; set "a" "ééééé"; fileinto "${a}";';
  const r = await go(s, dryRun(), { limits: { maxVariableSize: 5 } });
  assert.is((r.actions[0] as { mailbox: string }).mailbox, "éé");
});

test("encoded-character strings are decoded at compile time (RFC 5228 §2.4.2.4)", async () => {
  const r = await go('require ["encoded-character", "fileinto"]; fileinto "${hex:46 6f}${unicode:e9}";');
  assert.is((r.actions[0] as { mailbox: string }).mailbox, "Foé");
});

test("imap4flags: internal variable goes to keep, fileinto and the implicit keep (RFC 5232 §5)", async () => {
  const s = `require ["imap4flags", "fileinto"];
setflag "\\\\Seen";
addflag ["\\\\Flagged", "\\\\seen"];
fileinto "A";
removeflag "\\\\Seen";
fileinto :flags "\\\\Answered" "B";
keep;`;
  const r = await go(s);
  assert.equal(
    r.actions.map((a) => ("flags" in a ? a.flags : [])),
    [["\\Seen", "\\Flagged"], ["\\Answered"], ["\\Flagged"]],
  );
  const implicit = await go('require "imap4flags"; addflag "$Later";');
  assert.equal(implicit.actions, [{ type: "keep", implicit: true, flags: ["$Later"] }]);
});

test("imap4flags: hasflag with :is on the internal variable", async () => {
  const r = await go('require ["imap4flags", "fileinto"]; addflag "$Work"; if hasflag :is "$work" { fileinto "W"; }');
  assert.equal(types(r.actions), ["fileinto"]);
});

test("string test, environment and mailboxexists answer from the host", async () => {
  const s = `require ["variables", "environment", "mailbox", "fileinto"];
set "x" "abc";
if string :is "\${x}" "abc" { fileinto "S"; }
if environment :is "location" "MDA" { fileinto "E"; }
if mailboxexists "Archive" { fileinto "M"; }
if environment :is "nonexistent" "" { fileinto "Never"; }`;
  const r = await go(s, dryRun({ mailboxes: ["Archive"] }));
  assert.equal(
    r.actions.map((a) => (a.type === "fileinto" ? a.mailbox : a.type)),
    ["S", "E", "M"],
  );
});

test("currentdate uses the host's fixed now and :zone (RFC 5260 §5)", async () => {
  const s = `require ["date", "fileinto", "variables"];
if currentdate :zone "+0100" :is "date" "2025-03-01" { fileinto "March"; }
if currentdate :zone "+0000" :is "iso8601" "2025-02-28T23:30:00Z" { fileinto "Iso"; }
if date :originalzone :is "date" "zone" "-0800" { fileinto "Zone"; }
if date :zone "+0000" :is "date" "time" "21:45:00" { fileinto "Utc"; }`;
  const r = await go(s, dryRun({ now: new Date("2025-02-28T23:30:00Z") }));
  assert.equal(
    r.actions.map((a) => (a.type === "fileinto" ? a.mailbox : a.type)),
    ["March", "Iso", "Zone", "Utc"],
  );
});

test("duplicate asks the host with the Message-ID (RFC 7352 §3)", async () => {
  const s = 'require ["duplicate", "fileinto"]; if duplicate { fileinto "Dup"; }';
  assert.equal(types((await go(s, dryRun({ duplicates: ["<m1@example.com>"] }))).actions), ["fileinto"]);
  assert.equal(types((await go(s)).actions), ["implicit-keep"]);
});

test("include: personal/global, :once, :optional, return, global variables (RFC 6609)", async () => {
  const host = dryRun({
    includes: {
      personal: {
        spam: 'require ["fileinto", "include", "variables"]; global "who"; fileinto "Spam-${who}"; return; fileinto "Never";',
      },
      global: { common: 'require "fileinto"; fileinto "Common";' },
    },
  });
  const s = `require ["include", "variables"];
global "who";
set "who" "alice";
include "spam";
include :once :global "common";
include :once :global "common";
include :optional "missing";`;
  const r = await go(s, host);
  assert.is(r.status, "ok", JSON.stringify(r.errors));
  assert.equal(
    r.actions.map((a) => (a.type === "fileinto" ? a.mailbox : a.type)),
    ["Spam-alice", "Common"],
  );
});

test("include: missing script, loops and depth are runtime errors", async () => {
  assert.is((await go('require "include"; include "missing";')).errors[0]?.code, "SIEVE_E_INCLUDE");
  const loop = dryRun({
    includes: { personal: { a: 'require "include"; include "b";', b: 'require "include"; include "a";' } },
  });
  const r = await go('require "include"; include "a";', loop);
  assert.is(r.errors[0]?.code, "SIEVE_E_INCLUDE");
  assert.match(r.errors[0]?.message ?? "", /circular/);
});

test("stop inside an include ends the whole run", async () => {
  const host = dryRun({ includes: { personal: { s: "stop;" } } });
  const r = await go('require ["include", "fileinto"]; include "s"; fileinto "After";', host);
  assert.equal(types(r.actions), ["implicit-keep"]);
});

test("trace: commands, actions and test outcomes with what was matched", async () => {
  const r = await go('if header :contains "subject" "frop" { keep; }', dryRun(), { trace: "matching" });
  const kinds = r.trace.map((e) => e.type);
  assert.ok(kinds.includes("command") && kinds.includes("test") && kinds.includes("action"));
  const m = r.trace.find((e) => e.type === "test" && e.matching !== undefined);
  assert.ok(m && m.type === "test" && m.matching?.values[0] === "Frop!" && m.result);
  assert.equal((await go("keep;")).trace, []);
});

test("a program is reusable across runs and messages", async () => {
  const p = compile('require "fileinto"; if header :contains "subject" "a" { fileinto "A"; }');
  const one = await run(p, new TextEncoder().encode("Subject: a\n\nx\n"), ENVELOPE);
  const two = await run(p, new TextEncoder().encode("Subject: b\n\nx\n"), ENVELOPE);
  assert.equal(types(one.actions), ["fileinto"]);
  assert.equal(types(two.actions), ["implicit-keep"]);
});

test("a regex built from variables that does not compile makes its test false and is reported, as in Pigeonhole", async () => {
  const p = compile('require ["regex", "variables"];\nset "p" "(a";\nif header :regex "subject" "${p}" { discard; }');
  const r = await run(
    p,
    new TextEncoder().encode("Subject: aaa\r\n\r\nhi\r\n"),
    { from: "a@b.c", to: "d@e.f" },
    dryRun(),
  );
  assert.is(r.status, "ok");
  assert.equal(
    r.warnings.map((e) => [e.code, e.line]),
    [["SIEVE_E_REGEX", 3]],
  );
  assert.equal(
    r.actions.map((a) => a.type),
    ["keep"],
  );
});

test.run();
