// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Sieve variables (RFC 5229 §3) in script text, not JS templates
// Language behaviours found by the Pigeonhole conformance run: CRLF line breaks in strings,
// the variable size limit with quoting modifiers, `global.` variables, hasflag key lists,
// encoded characters, the environment test on unknown items, mailto URIs and the notify limit.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { type Action, compile, dryRun, type Host, run, type RunOptions, SieveCompileError } from "../src/index.ts";
import { applyModifiers, decodeEncodedCharacters } from "../src/strings.ts";
import { validMailto } from "../src/tests/valid_notify_method.ts";

const MESSAGE = new TextEncoder().encode("From: a@example.com\nTo: b@example.org\nSubject: x\n\nbody\n");
const ENVELOPE = { from: "a@example.com", to: "b@example.org" };

async function go(script: string, host: Host = dryRun(), options: RunOptions = {}) {
  return run(compile(script), MESSAGE, ENVELOPE, host, options);
}

/** The folders a run files into: scripts report values through `fileinto "${…}"`. */
function folders(actions: Action[]): string[] {
  return actions.flatMap((a) => (a.type === "fileinto" ? [a.mailbox] : []));
}

const REPORT = 'require ["variables", "fileinto"];';

test("multi-line and quoted strings carry CRLF line breaks (RFC 5228 §2.4.2)", async () => {
  const r = await go(
    `${REPORT} set "t" text:\nab\ncd\n.\n;\nset :length "n" "\${t}"; fileinto "\${n}";\n` +
      'if string :is "${t}" "ab\ncd\n" { fileinto "same"; }',
  );
  assert.equal(r.status, "ok");
  // "ab\r\ncd\r\n": eight characters, and a quoted string with the same lines is equal.
  assert.equal(folders(r.actions), ["8", "same"]);
});

test("a value is cut at exactly maxVariableSize bytes on a UTF-8 boundary (RFC 5229 §6)", async () => {
  const limits = { maxVariableSize: 10 };
  const r = await go(
    `require "encoded-character"; ${REPORT} set "a" "0123456789abc"; set :length "n" "\${a}"; fileinto "\${n}";` +
      // 9 ASCII bytes + a 3-byte character: the character does not fit and is dropped whole.
      'set "b" "012345678${unicode:4e03}"; set :length "n" "${b}"; fileinto "${n}";',
    dryRun(),
    { limits },
  );
  assert.equal(r.status, "ok");
  assert.equal(folders(r.actions), ["10", "9"]);
});

test(":quotewildcard and :encodeurl never leave half an escape at the limit (RFC 5229 §6, RFC 5435 §6)", () => {
  assert.equal(applyModifiers(["quotewildcard"], "*****", 5), "\\*\\*");
  assert.equal(applyModifiers(["quotewildcard"], "0****", 5), "0\\*\\*");
  assert.equal(applyModifiers(["encodeurl"], "@@", 5), "%40");
  // One CJK character is 9 bytes encoded: it is kept whole or not at all.
  assert.equal(applyModifiers(["encodeurl"], "a\u4e03\u4e03", 12), "a%E4%B8%83");
  assert.equal(applyModifiers(["encodeurl"], "\\frop\\&fruts/^@"), "%5Cfrop%5C%26fruts%2F%5E%40");
  assert.equal(applyModifiers(["encodeurl"], "A-z._~"), "A-z._~");
});

test("${global.NAME} reads and sets a global variable without a declaration (RFC 6609 §3.5)", async () => {
  const host = dryRun({
    includes: {
      personal: {
        sub: 'require ["include", "variables"]; global "v1"; set "global.out" "${v1} ${global.v2}";',
      },
    },
  });
  const r = await go(
    `require ["include", "variables", "fileinto"]; global ["v1", "v2"]; set "v1" "Works"; set "v2" "fine.";` +
      'include "sub"; global "out"; fileinto "${out}"; fileinto "${global.out}";',
    host,
  );
  assert.equal(r.status, "ok");
  assert.equal(folders(r.actions), ["Works fine."]);
});

test("hasflag splits each key into flags (RFC 5232 §4)", async () => {
  const r = await go(
    'require ["imap4flags", "variables", "fileinto"]; setflag "A B";' +
      'if hasflag :is "b A" { fileinto "is"; }' +
      'set "MyVar" "NonJunk Junk gnus-forward $Forwarded";' +
      'if hasflag :contains "MyVar" "junk forward" { fileinto "contains"; }' +
      'set "k" "label forward"; if hasflag :contains "MyVar" "${k}" { fileinto "dynamic"; }' +
      'if hasflag :contains "MyVar" "label other" { fileinto "wrong"; }',
  );
  assert.equal(r.status, "ok");
  assert.equal(folders(r.actions), ["is", "contains", "dynamic"]);
});

test("${hex:} and ${unicode:} with no content stay literal (RFC 5228 §2.4.2.4)", () => {
  assert.equal(decodeEncodedCharacters("${hex:}"), "${hex:}");
  assert.equal(decodeEncodedCharacters("${unicode: }"), "${unicode: }");
  assert.equal(decodeEncodedCharacters("${hex:24}{hex:}"), "${hex:}");
});

test("environment fails for an unknown item, even with :count (RFC 5183 §4)", async () => {
  const r = await go(
    'require ["environment", "relational", "fileinto"];' +
      'if environment :count "eq" "nonsense" "0" { fileinto "unknown"; }' +
      'if environment :count "eq" "location" "1" { fileinto "known"; }',
  );
  assert.equal(r.status, "ok");
  assert.equal(folders(r.actions), ["known"]);
});

test("a mailto URI with an invalid header name is not valid (RFC 6068 §2, RFC 5435 §4)", () => {
  assert.not.ok(validMailto("mailto:stephan@example.org?header:=frop"));
  assert.not.ok(validMailto("mailto:stephan@example.org?=frop"));
  assert.ok(validMailto("mailto:stephan@example.org?subject=frop"));
  assert.ok(validMailto("mailto:?to=stephan@example.org"));
});

const notifies = (n: number) =>
  `require "enotify"; ${Array.from({ length: n }, (_, i) => `notify "mailto:u${i}@example.com";`).join(" ")}`;

test("maxNotifications bounds the notify actions of a result (RFC 5435 §8)", async () => {
  const ok = await go(notifies(10));
  assert.equal(ok.status, "ok");
  const over = await go(notifies(6), dryRun(), { limits: { maxNotifications: 5 } });
  assert.equal(over.status, "runtime-error");
  assert.match(over.errors[0]?.message ?? "", /number of notify actions exceeds policy limit/);
  // Notifications that merge with an earlier one (same method) are not counted.
  const merged = await go(`${notifies(5)} notify "mailto:u0@example.com";`, dryRun(), {
    limits: { maxNotifications: 5 },
  });
  assert.equal(merged.status, "ok");
});

test("maxNotifications 0 prohibits notify: compile and run fail (RFC 5435 §8)", async () => {
  assert.throws(
    () => compile(notifies(1), { limits: { maxNotifications: 0 } }),
    (e: unknown) => e instanceof SieveCompileError && /prohibits the use of a notify action/.test(e.message),
  );
  const r = await go(notifies(1), dryRun(), { limits: { maxNotifications: 0 } });
  assert.equal(r.status, "runtime-error");
  assert.match(r.errors[0]?.message ?? "", /prohibits the use of a notify action/);
});

test.run();
