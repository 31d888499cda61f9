/**
 * The hand-written corpus (test/corpus/{valid,invalid}/*.sieve) against Pigeonhole's verdicts, recorded
 * in test/corpus/verdicts.json by scripts/corpus-verdicts.ts (sievec, Pigeonhole 0.5.19).
 *
 * `check()` (all extensions) must agree with sievec on every script, except for the deliberate
 * disagreements in DISAGREEMENTS, each decided by an RFC; that table must be exact. Where sievec cannot
 * judge ("unsupported-by-peer": a capability 0.5.19 lacks), the directory states the expected verdict.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { type OurVerdict, type Verdict, verdictOf } from "./verdict.ts";

/** Scripts where check() deliberately differs from sievec (file → the RFC section that decides). */
const DISAGREEMENTS: Record<string, string> = {
  "valid/relational-uppercase-operator.sieve":
    'RFC 5231 §5: relational-match is ABNF, whose quoted strings are case-insensitive (RFC 5234 §2.3); sievec 0.5.19 refuses "GE"',
  "valid/enotify-mailto-two-recipients.sieve":
    'RFC 6068 §2: to = addr-spec *("," addr-spec); sievec 0.5.19 only accepts an encoded %2C',
  "invalid/editheader-empty-field-name.sieve":
    'RFC 5293 §4 via RFC 5322 §3.6.8: field-name = 1*ftext, so "" is no field name; sievec 0.5.19 accepts it',
  "invalid/encoded-character-beyond-unicode.sieve":
    "RFC 5228 §2.4.2.4: unicode-hex names a Unicode scalar value (≤ U+10FFFF); sievec 0.5.19 wraps the number at 32 bits",
};

/** Capabilities Pigeonhole implements: a rejection because one of them is "unknown" is not agreement. */
const PIGEONHOLE_CAPABILITIES = new Set(
  (
    "fileinto reject envelope encoded-character vacation vacation-seconds subaddress " +
    "comparator-i;ascii-numeric relational regex imap4flags copy include body " +
    "variables enotify environment mailbox date index ihave duplicate mime foreverypart extracttext " +
    "editheader spamtest spamtestplus virustest mboxmetadata servermetadata special-use imapsieve " +
    "vnd.dovecot.debug vnd.dovecot.environment vnd.dovecot.report vnd.dovecot.pipe vnd.dovecot.filter " +
    "vnd.dovecot.execute"
  ).split(" "),
);

interface Manifest {
  files: Record<string, { verdict: "accept" | "reject" | "unsupported-by-peer" | "crash"; error?: string }>;
}

const corpus = fileURLToPath(new URL("./corpus", import.meta.url));
const manifest = JSON.parse(readFileSync(join(corpus, "verdicts.json"), "utf8")) as Manifest;
const files = ["valid", "invalid"].flatMap((dir) =>
  readdirSync(join(corpus, dir))
    .filter((n) => n.endsWith(".sieve"))
    .sort()
    .map((n) => `${dir}/${n}`),
);

function judge(file: string): OurVerdict {
  return verdictOf(readFileSync(join(corpus, file)), PIGEONHOLE_CAPABILITIES, "(valid)");
}

let agree = 0;
let judged = 0;
const lenient: string[] = [];

for (const file of files) {
  const peer = manifest.files[file];
  const intent: Verdict = file.startsWith("valid/") ? "accept" : "reject";
  const byPeer = peer?.verdict === "accept" || peer?.verdict === "reject";
  const expected: Verdict = byPeer ? (peer.verdict as Verdict) : intent;
  if (byPeer && peer.verdict !== intent) lenient.push(`${file}: written as ${intent}, sievec says ${peer.verdict}`);
  test(file, () => {
    assert.ok(peer, `${file} is not in test/corpus/verdicts.json: run scripts/corpus-verdicts.ts`);
    const got = judge(file);
    const wrongReason = got.verdict === "reject" && expected === "reject" && got.unregistered !== undefined;
    const agrees = got.verdict === expected && !wrongReason;
    if (byPeer) judged++;
    if (byPeer && agrees) agree++;
    const reason = DISAGREEMENTS[file];
    if (reason) {
      assert.not.ok(agrees, `${file} now agrees with sievec (${expected}); remove it from DISAGREEMENTS ("${reason}")`);
      return;
    }
    assert.not.ok(
      wrongReason,
      `${file}: rejected only because "${got.unregistered}" is unknown to check() (${got.message})`,
    );
    assert.equal(
      got.verdict,
      expected,
      expected === "accept"
        ? `${file}: ${byPeer ? "sievec accepts" : `expected valid (${peer?.verdict})`}; check() says ${got.message}`
        : `${file}: ${byPeer ? `sievec rejects (${peer.error})` : `expected invalid (${peer?.verdict})`}; check() accepts`,
    );
  });
}

test("verdicts.json covers exactly the corpus", () => {
  assert.equal(Object.keys(manifest.files).sort(), [...files].sort());
});

test("DISAGREEMENTS names only corpus files", () => {
  assert.equal(
    Object.keys(DISAGREEMENTS).filter((f) => !files.includes(f)),
    [],
  );
});

test("corpus summary", () => {
  if (lenient.length > 0) {
    process.stdout.write(
      `corpus: where Pigeonhole is more lenient/strict than the file's directory says:\n  ${lenient.join("\n  ")}\n`,
    );
  }
  process.stdout.write(
    `corpus: ${agree}/${judged} agree with sievec (${files.length - judged} not judged by sievec, ${Object.keys(DISAGREEMENTS).length} deliberate disagreements)\n`,
  );
});

test.run();
