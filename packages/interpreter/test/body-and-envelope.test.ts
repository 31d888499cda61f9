// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Sieve variables (RFC 5229 §3) in script text, not JS templates
// body does not touch match variables (RFC 5173 §6; Pigeonhole body/match-values.svtest), and
// envelope paths are parsed as RFC 5321 §4.1.2 paths (Pigeonhole envelope.svtest).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compile, dryRun, run } from "../src/index.ts";
import { parsePath } from "../src/tests/envelope.ts";

const MESSAGE = new TextEncoder().encode(
  "From: stephan@example.org\nTo: s.bosch@twente.example.net\nSubject: Body test\n\nThe big bad body test.\n",
);

async function boxes(script: string, from: string | null = "a@example.org", to = "b@example.org"): Promise<string[]> {
  const r = await run(
    compile(`require ["body", "envelope", "variables", "fileinto"];\n${script}`),
    MESSAGE,
    { from, to },
    dryRun(),
  );
  assert.equal(r.status, "ok", JSON.stringify(r.errors));
  return r.actions.flatMap((a) => (a.type === "fileinto" ? [a.mailbox] : []));
}

test("body :matches sets no match variable and keeps the earlier ones (RFC 5173 §6)", async () => {
  const none = await boxes('if body :raw :matches "The * bad * test*" { fileinto "m[${0}${1}${2}]"; }');
  assert.equal(none, ["m[]"]);
  const kept = await boxes(
    'if header :matches "from" "*@*" { if body :raw :matches "The * bad *" { fileinto "${1}+${2}"; } }',
  );
  assert.equal(kept, ["stephan+example.org"]);
});

test("envelope paths: brackets, source routes, bare local parts (RFC 5321 §4.1.2)", () => {
  assert.equal(parsePath("<stephan@example.org>"), { localPart: "stephan", domain: "example.org" });
  assert.equal(parsePath("<@a.example,@b.example:stephan@example.org>"), {
    localPart: "stephan",
    domain: "example.org",
  });
  // Quoted local parts are compared unquoted; a normalised "S[r]us" arrives unquoted.
  assert.equal(parsePath('"S[r]us"@example.net'), { localPart: "S[r]us", domain: "example.net" });
  assert.equal(parsePath("S[r]us@example.net"), { localPart: "S[r]us", domain: "example.net" });
  assert.equal(parsePath("<MAILER-DAEMON>"), { localPart: "MAILER-DAEMON", domain: null });
  assert.equal(parsePath("..japanese...localpart..@example.com")?.localPart, "..japanese...localpart..");
  assert.equal(parsePath("japanese@_example.com")?.domain, "_example.com");
  for (const bad of [
    "<<a@example.org>",
    "a@example.org>",
    "<a@example.org",
    "<a b@example.org>",
    "a@@example.org",
    "a@",
    "<cola.example.org:a@b.org>",
    "<@.example.org:a@b.org>",
    "<@x.org,b.org:a@b.org>",
  ]) {
    assert.is(parsePath(bad), null, bad);
  }
});

test('envelope: a malformed path matches nothing, even :all; the null path is "" (RFC 5228 §5.4)', async () => {
  assert.equal(await boxes('if envelope :all :is "from" "hutsefluts@" { fileinto "x"; }', "hutsefluts@"), []);
  assert.equal(await boxes('if envelope :domain :contains "to" "" { fileinto "x"; }', null, "<a@@b.org>"), []);
  assert.equal(await boxes('if envelope :domain :is "from" "" { fileinto "null"; }', null), ["null"]);
  assert.equal(
    await boxes('if envelope :localpart :is "from" "stephan" { fileinto "route"; }', "@x.example:stephan@example.org"),
    ["route"],
  );
});

test.run();
