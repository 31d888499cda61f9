// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Sieve variables (RFC 5229 §3) in script text, not JS templates
// RFC 5703: the foreverypart loop and break (§3), the :mime/:anychild tags and the :type,
// :subtype, :contenttype and :param options (§4), and extracttext (§7); the orders and
// choices Pigeonhole's mime/*.svtest pin down are cited where they go beyond the RFC text.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compile, dryRun, type Host, run } from "../src/index.ts";

const NESTED = [
  "From: Hendrik <hendrik@example.com>",
  "To: Harrie <harrie@example.com>",
  "Subject: parts",
  "Content-Type: multipart/mixed; boundary=AA",
  "X-Test: AA",
  "CC: aa@example.com",
  "",
  "preamble",
  "--AA",
  "Content-Type: multipart/mixed; boundary=BB",
  "X-Test: BB",
  "",
  "--BB",
  'Content-Type: text/plain; charset="us-ascii"',
  "X-Test: CC",
  "CC: cc@example.com",
  "",
  "Hello",
  "",
  "--BB",
  "Content-Type: text/html; charset=utf-8",
  "X-Test: DD",
  "",
  "<html><body>Hello <b>again</b></body></html>",
  "",
  "--BB--",
  "",
  "--AA",
  "Content-Type: application/x-stuff;",
  "\ttitle*0*=us-ascii'en'This%20is%20even%20more%20;",
  "\ttitle*1*=%2A%2A%2Afun%2A%2A%2A%20;",
  '\ttitle*2="isn\'t it!"',
  'Content-Disposition: attachment; filename="frop.exe"; size=3',
  "X-Test: EE",
  "",
  "xyz",
  "--AA--",
  "",
].join("\n");

const ENVELOPE = { from: "hendrik@example.com", to: "harrie@example.com" };

/** Runs `script` on `message` and returns the mailboxes of its fileinto actions, in order. */
async function boxes(script: string, message = NESTED, host: Host = dryRun()): Promise<string[]> {
  const r = await run(compile(script), new TextEncoder().encode(message), ENVELOPE, host);
  assert.equal(r.status, "ok", JSON.stringify(r.errors));
  return r.actions.flatMap((a) => (a.type === "fileinto" ? [a.mailbox] : []));
}

const REQ = 'require ["foreverypart", "mime", "variables", "fileinto", "extracttext", "include", "relational"];\n';

test("foreverypart visits every part depth first, the message first (RFC 5703 §3.1; mime/foreverypart.svtest)", async () => {
  const got = await boxes(`${REQ}foreverypart { if header :mime :matches "X-Test" "*" { fileinto "\${1}"; } }`);
  assert.equal(got, ["AA", "BB", "CC", "DD", "EE"]);
});

test("a nested loop iterates inside the enclosing loop's current part (RFC 5703 §3.1)", async () => {
  const script = `${REQ}foreverypart { if header :mime :matches "X-Test" "*" { set "o" "\${1}"; }
    foreverypart { if header :mime :matches "X-Test" "*" { fileinto "\${o}-\${1}"; } } }`;
  assert.equal(await boxes(script), ["AA-BB", "AA-CC", "AA-DD", "AA-EE", "BB-CC", "BB-DD"]);
});

test("break ends the innermost loop; break :name the named one (RFC 5703 §3.2)", async () => {
  const plain = `${REQ}foreverypart { if header :mime "X-Test" "CC" { break; } if header :mime :matches "X-Test" "*" { fileinto "\${1}"; } }`;
  assert.equal(await boxes(plain), ["AA", "BB"]);
  const named = `${REQ}foreverypart :name "outer" { foreverypart {
      if header :mime "X-Test" "CC" { break :name "outer"; }
      if header :mime :matches "X-Test" "*" { fileinto "\${1}"; } } }
    fileinto "after";`;
  assert.equal(await boxes(named), ["BB", "after"]);
});

test("loops in an included script iterate inside the including loop's part (RFC 5703 §3.1, RFC 6609)", async () => {
  const inner =
    'require ["foreverypart", "mime", "variables", "fileinto"]; foreverypart { if header :mime :matches "X-Test" "*" { fileinto "in-${1}"; } }';
  const host = dryRun({ includes: { personal: { inner } } });
  const script = `${REQ}foreverypart { if header :mime "X-Test" "BB" { include "inner"; } }`;
  assert.equal(await boxes(script, NESTED, host), ["in-CC", "in-DD"]);
});

test("more than 4 running loops across includes is a runtime error (Pigeonhole mime/errors.svtest 'Limits - include')", async () => {
  const loops =
    'require ["foreverypart", "include"]; foreverypart { foreverypart { foreverypart { include "deeper"; } } }';
  const deeper = 'require "foreverypart"; foreverypart { foreverypart { discard; } }';
  const host = dryRun({ includes: { personal: { loops, deeper } } });
  // Five nested multiparts, so that every loop has a part to run its body for.
  let deep = "Content-Type: text/plain\n\nHello\n";
  for (const b of ["E", "D", "C", "B", "A"])
    deep = `Content-Type: multipart/mixed; boundary=${b}\n\n--${b}\n${deep}--${b}--\n`;
  const r = await run(
    compile(`${REQ}include "loops";`),
    new TextEncoder().encode(`Subject: deep\n${deep}`),
    ENVELOPE,
    host,
  );
  assert.equal(r.status, "runtime-error");
  assert.match(r.errors[0]?.message ?? "", /nest deeper than 4/);
});

test("header :mime without a loop reads the message; :anychild every part (RFC 5703 §4.1)", async () => {
  const script = `${REQ}
    if header :mime "X-Test" "AA" { fileinto "top"; }
    if header :mime "X-Test" "CC" { fileinto "wrong"; }
    if header :mime :anychild "X-Test" "DD" { fileinto "any"; }
    foreverypart { if header :mime "X-Test" "BB" { if header :mime :anychild "X-Test" "AA" { fileinto "wrong2"; }
      if header :mime :anychild "X-Test" "CC" { fileinto "below"; } } }`;
  assert.equal(await boxes(script), ["top", "any", "below"]);
});

test("header :mime :type/:subtype/:contenttype/:param (RFC 5703 §4.2)", async () => {
  const script = `${REQ}
    if header :mime :anychild :contenttype "content-type" "text/html" { fileinto "ct"; }
    if header :mime :type "content-type" "multipart" { fileinto "type"; }
    if header :mime :subtype "content-type" "mixed" { fileinto "sub"; }
    if header :mime :anychild :param "charset" "content-type" "utf-8" { fileinto "param"; }
    if header :mime :anychild :type "content-disposition" "attachment" { fileinto "disp"; }
    if header :mime :anychild :subtype "content-disposition" "" { fileinto "nosub"; }
    if header :mime :anychild :count "eq" :param ["filename", "size"] "content-disposition" "2" { fileinto "count"; }`;
  assert.equal(await boxes(script), ["ct", "type", "sub", "param", "disp", "nosub", "count"]);
});

test(":param joins RFC 2231 continuations and decodes their charset (RFC 5703 §4.2, RFC 2231 §3-4)", async () => {
  const script = `${REQ}if header :mime :anychild :param "title" "content-type" "This is even more ***fun*** isn't it!" { fileinto "ok"; }`;
  assert.equal(await boxes(script), ["ok"]);
});

test("address :mime and exists :mime :anychild (RFC 5703 §4.1)", async () => {
  const script = `${REQ}
    if address :mime :localpart "cc" "aa" { fileinto "top"; }
    if address :mime :localpart "cc" "cc" { fileinto "wrong"; }
    if address :mime :anychild :localpart "cc" "cc" { fileinto "any"; }
    if exists :mime :anychild ["content-disposition", "subject"] { fileinto "exists"; }
    if exists :mime "content-disposition" { fileinto "wrong2"; }`;
  assert.equal(await boxes(script), ["top", "any", "exists"]);
});

test("extracttext: the text of text parts, HTML as text, nothing for multiparts (RFC 5703 §7)", async () => {
  const script = `${REQ}set "i" ""; foreverypart { set "i" "\${i}+"; extracttext "t"; fileinto "\${i}[\${t}]"; }`;
  assert.equal(await boxes(script), ["+[]", "++[]", "+++[Hello\r\n]", "++++[Hello again\r\n]", "+++++[]"]);
});

test("extracttext :first cuts before the modifiers apply (RFC 5703 §7; mime/extracttext.svtest)", async () => {
  const msg = "From: a@example.com\nSubject: x\n\nFROP! FROP! FROP! FROP!\n";
  const script = `${REQ}foreverypart { extracttext :first 8 "a"; extracttext :length :first 10 "n"; extracttext :lower :upperfirst :first 4 "m"; fileinto "\${a}|\${n}|\${m}"; }`;
  assert.equal(await boxes(script, msg), ["FROP! FR|10|Frop"]);
});

test.run();
