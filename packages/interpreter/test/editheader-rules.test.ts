// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Sieve variables (RFC 5229 §3) in script text, not JS templates
// editheader (RFC 5293): addheader/deleteheader rules, the edit layer later tests see (§7),
// policy (§6), runtime errors, and RunResult.headers (CLI.md `test --json`).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compile, dryRun, type Host, run } from "../src/index.ts";
import { createField } from "../src/message/headers.ts";
import { MessageView } from "../src/message/view.ts";

const MESSAGE =
  "X-A: one\nReceived: by mx.example.com; Mon, 21 Nov 2011 05:25:26 +0200\nFrom: a@example.com\n" +
  "X-A: two\nAuto-Submitted: no\nSubject: Frop!\nX-A: three\n\nBody\n";
const ENVELOPE = { from: "a@example.com", to: "b@example.org" };
const REQ = 'require ["editheader", "variables", "fileinto", "relational", "comparator-i;ascii-numeric"];\n';

async function go(script: string, host: Host = dryRun(), message = MESSAGE) {
  return run(compile(REQ + script), new TextEncoder().encode(message), ENVELOPE, host);
}
/** True when the script's last `if` filed into "yes". */
async function holds(script: string, host?: Host, message?: string) {
  const r = await go(script, host, message);
  return r.actions.some((a) => a.type === "fileinto" && a.mailbox === "yes");
}

test("addheader inserts first by default, :last appends (RFC 5293 §4)", () => {
  const view = MessageView.fromString(MESSAGE);
  view.addHeader("X-First", "1");
  view.addHeader("X-Last", "2", { last: true });
  const names = view.headerNames();
  assert.equal(names[0], "X-First");
  assert.equal(names[names.length - 1], "X-Last");
});

test("later tests see added and deleted fields (RFC 5293 §7)", async () => {
  assert.ok(await holds('addheader "X-Hello" "World"; if header :contains "X-Hello" "World" { fileinto "yes"; }'));
  assert.ok(await holds('deleteheader "subject"; if not exists "subject" { fileinto "yes"; }'));
});

test("size follows the edits: name, ': ', value and CRLF (RFC 5293 §7, RFC 5228 §5.9)", () => {
  const view = MessageView.fromString("From: a@example.com\nSubject: Frop!\n\nFrop!\n");
  const before = view.size;
  view.addHeader("X-Some-Header", "Header content");
  assert.is(view.size, before + "X-Some-Header: Header content\r\n".length);
  view.deleteHeader("subject");
  assert.is(view.size, before + 31 - "Subject: Frop!\r\n".length);
});

test("deleteheader deletes every occurrence; case-insensitive name (RFC 5293 §5)", async () => {
  const r = await go('deleteheader "x-a";');
  assert.equal(r.headers, { added: [], deleted: [["X-A", 3]] });
});

test(":index counts before the value match, :last from the end (RFC 5293 §5)", async () => {
  assert.ok(await holds('deleteheader :index 2 "X-A"; if not header :is "X-A" "two" { fileinto "yes"; }'));
  assert.ok(
    await holds(
      'deleteheader :index 1 :last "X-A"; if allof(not header :is "X-A" "three", header :is "X-A" "two") { fileinto "yes"; }',
    ),
  );
  // Index 1 is "one", which does not contain "two": nothing is deleted.
  assert.ok(await holds('deleteheader :index 1 :contains "X-A" "two"; if header :is "X-A" "two" { fileinto "yes"; }'));
  // An index past the last occurrence is not an error and deletes nothing.
  const r = await go('deleteheader :index 9 "X-A";');
  assert.is(r.status, "ok");
  assert.equal(r.headers.deleted, []);
});

test("value patterns are matched as by the header test, white space ignored (RFC 5293 §5)", async () => {
  const r = await go('deleteheader :matches "X-A" ["t*"];');
  assert.equal(r.headers.deleted, [["X-A", 2]]);
  const msg = "Subject:    Help   \nX-B: Text\n\nx\n";
  assert.ok(
    await holds('deleteheader :is "subject" "Help"; if not exists "subject" { fileinto "yes"; }', undefined, msg),
  );
});

test("deleteheader does not change match variables (they belong to tests, RFC 5229 §3.2)", async () => {
  assert.ok(
    await holds(
      'if header :matches "subject" "F*!" {} deleteheader :matches "X-A" "t(*)"; if string "${1}" "rop" { fileinto "yes"; }',
    ),
  );
});

test("the example of RFC 5293 §7 leaves the message unchanged", async () => {
  const r = await go('addheader "X-Hello" "World"; deleteheader :index 1 "X-Hello";');
  assert.equal(r.headers, { added: [], deleted: [] });
});

test("Received and Auto-Submitted cannot be deleted; silently ignored (RFC 5293 §6)", async () => {
  const r = await go('deleteheader "received"; deleteheader "Auto-Submitted";');
  assert.is(r.status, "ok");
  assert.equal(r.headers.deleted, []);
  // Adding them is allowed (Pigeonhole editheader/protected.svtest).
  const a = await go('addheader "Received" "by sieve.example.com"; addheader "auto-submitted" "no way";');
  assert.is(a.headers.added.length, 2);
});

test("Subject can always be added and deleted, even when configured protected (RFC 5293 §6)", async () => {
  const host = dryRun({ settings: { sieve_editheader_protected: "subject x-a" } });
  const r = await go('deleteheader "Subject"; addheader "subject" "New"; deleteheader "X-A";', host);
  assert.equal(r.headers, { added: [["subject", "New"]], deleted: [["Subject", 1]] });
});

test("configured policy: 0.5 lists and 2.4 per-header settings (conformance README §3.3)", async () => {
  const old = dryRun({ settings: { sieve_editheader_forbid_add: "X-Frop", sieve_editheader_forbid_delete: "x-a" } });
  const r1 = await go('addheader "X-Frop" "1"; addheader "X-Other" "2"; deleteheader "X-A";', old);
  assert.equal(r1.headers, { added: [["X-Other", "2"]], deleted: [] });
  const v24 = dryRun({
    settings: {
      sieve_editheader_header: "frop",
      "sieve_editheader_header/frop/name": "X-Frop",
      "sieve_editheader_header/frop/forbid_add": "yes",
      "sieve_editheader_header/frop/forbid_delete": "no",
    },
  });
  const r2 = await go('addheader "X-Frop" "1"; deleteheader "X-A";', v24);
  assert.equal(r2.headers, { added: [], deleted: [["X-A", 3]] });
});

test("run options settings override the host's", async () => {
  const program = compile(`${REQ}addheader "X-Frop" "1";`);
  const bytes = new TextEncoder().encode(MESSAGE);
  const host = dryRun({ settings: { sieve_editheader_forbid_add: "x-frop" } });
  const r = await run(program, bytes, ENVELOPE, host, { settings: { sieve_editheader_forbid_add: "" } });
  assert.equal(r.headers.added, [["X-Frop", "1"]]);
});

test("an invalid field name built at run time is a runtime error (RFC 5293 §4, §5)", async () => {
  for (const cmd of ['addheader "${h}" "x";', 'deleteheader "${h}";']) {
    const r = await go(`set "h" "X-field:"; ${cmd}`);
    assert.is(r.status, "runtime-error", cmd);
    assert.match(r.errors[0]?.message ?? "", /field name 'X-field:' is invalid/);
    assert.is(r.errors[0]?.code, "SIEVE_E_RUNTIME");
  }
});

test("NUL in a value built at run time is a runtime error (RFC 5322 §3.2.5 unstructured)", async () => {
  const r = await run(
    compile(
      `${REQ.replace('"editheader"', '"editheader", "encoded-character"')}set "v" "a\${hex:00}b"; addheader "X" "\${v}";`,
    ),
    new TextEncoder().encode(MESSAGE),
    ENVELOPE,
  );
  assert.is(r.status, "runtime-error");
});

test("sieve_editheader_max_header_size limits values at run time; minimum 1024 (RFC 5293 §4)", async () => {
  const script = 'set "v" "${a}${a}${a}${a}${a}${a}${a}${a}${a}${a}${a}"; addheader "X-Big" "${v}";';
  const big = `set "a" "${"A".repeat(100)}"; ${script}`;
  assert.is((await go(big)).status, "ok"); // 1100 octets < 2048
  const limited = dryRun({ settings: { sieve_editheader_max_header_size: "1024" } });
  const r = await go(big, limited);
  assert.is(r.status, "runtime-error");
  assert.match(r.errors[0]?.message ?? "", /too large/);
  // Below the minimum, 1024 applies: 1100 still fails, 1000 passes.
  const tiny = dryRun({ settings: { sieve_editheader_max_header_size: "10" } });
  assert.is((await go(big, tiny)).status, "runtime-error");
  assert.is((await go(`set "v" "${"A".repeat(1000)}"; addheader "X" "\${v}";`, tiny)).status, "ok");
});

test("after a runtime error the edits are not reported: the implicit keep files the original (RFC 5293 §7)", async () => {
  const r = await go('addheader "X-Frop" "1"; set "h" "bad name"; deleteheader "${h}";');
  assert.is(r.status, "runtime-error");
  assert.equal(r.headers, { added: [], deleted: [] });
});

test("RunResult.headers: added in order with the given value, deleted counted per name (CLI.md)", async () => {
  const r = await go(
    'addheader "X-Filtered" "yes"; addheader :last "X-Two" "2"; deleteheader :index 1 "X-A"; deleteheader "x-a";',
  );
  assert.equal(r.headers, {
    added: [
      ["X-Filtered", "yes"],
      ["X-Two", "2"],
    ],
    deleted: [["X-A", 3]],
  });
});

test("a MessageView given to run() is not changed; edits go to a fork", async () => {
  const view = MessageView.fromString(MESSAGE);
  const size = view.size;
  await run(compile(`${REQ}addheader "X-New" "1"; deleteheader "X-A";`), view, ENVELOPE);
  assert.is(view.size, size);
  assert.is(view.header("x-a").length, 3);
  assert.equal(view.header("x-new"), []);
});

test("values: line breaks become folds, long lines fold before white space (RFC 5322 §2.2.3)", () => {
  const f = createField("X-N", "first line\nsecond\r\n third");
  assert.is(f.raw, "X-N: first line\r\n\tsecond\r\n third");
  assert.is(f.value, " first line\tsecond third");
  const long = "word ".repeat(40).trim();
  const g = createField("X-Long", long);
  for (const line of g.raw.split("\r\n")) assert.ok(line.length <= 78, line);
  assert.is(g.value.slice(1), long); // unfolding restores the value exactly
  const view = MessageView.fromString("From: a@example.com\n\nx\n");
  view.addHeader("X-Long", long);
  assert.equal(view.header("x-long"), [long]);
});

test("non-ASCII values are RFC 2047 encoded and read back decoded (RFC 5293 §4)", () => {
  const text = `Это тест! ${"ö".repeat(60)}`;
  const f = createField("Comment", text);
  assert.ok(/^[\t\r\n -~]*$/.test(f.raw), "7-bit only");
  for (const line of f.raw.split("\r\n")) assert.ok(line.length <= 78, line);
  const view = MessageView.fromString("From: a@example.com\n\nx\n");
  view.addHeader("Comment", text);
  assert.equal(view.header("comment"), [text]);
});

test("toBytes() is the edited message: new header, empty line, original body", () => {
  const view = MessageView.fromString("From: a@example.com\nX-A: 1\n\nBody\n");
  assert.is(Buffer.from(view.toBytes()).toString(), "From: a@example.com\nX-A: 1\n\nBody\n");
  view.addHeader("X-New", "v");
  view.deleteHeader("x-a");
  assert.is(Buffer.from(view.toBytes()).toString(), "X-New: v\r\nFrom: a@example.com\r\n\r\nBody\n");
  assert.is(view.size, Buffer.from(view.toBytes()).length + 1); // the body's bare LF counts as CRLF
});

test.run();
