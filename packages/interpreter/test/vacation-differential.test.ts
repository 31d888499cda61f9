/**
 * Vacation against Pigeonhole (issue 5): every script/message pair of fixtures/vacation/ runs
 * through the interpreter and is compared with what `sieve-test` did
 * (fixtures/vacation/verdicts.json, recorded by fixtures/vacation/record-verdicts.ts): whether
 * a reply goes out, why not, the period, and the reply's headers and body.
 *
 * Normalised, by design: Message-ID, Date and X-Sieve (per run); Auto-Submitted's comment
 * (Pigeonhole writes `auto-replied (vacation)`, RFC 3834 §5 needs only `auto-replied`); the
 * Subject compares decoded (RFC 2047 leaves the choice of encoding open).
 */
import { readdirSync, readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compile } from "../src/compile.ts";
import { dryRun } from "../src/host.ts";
import { decodeEncodedWords } from "../src/message/encoded-words.ts";
import { run } from "../src/run.ts";
import type { VacationAction } from "../src/types.ts";
import { envelopeOf, type VacationVerdict } from "./fixtures/vacation/record-verdicts.ts";

const dir = new URL("./fixtures/vacation/", import.meta.url);
const verdicts = (
  JSON.parse(readFileSync(new URL("verdicts.json", dir), "utf8")) as { cases: Record<string, VacationVerdict> }
).cases;
const names = readdirSync(dir)
  .filter((n) => n.endsWith(".sieve"))
  .map((n) => n.slice(0, -6))
  .sort();

/** Headers (unfolded, lower-case names) and body of a reply, as the recorder parses sieve-test's. */
function parse(reply: string): { headers: Record<string, string>; body: string } {
  const text = reply.replace(/\r\n/g, "\n");
  const split = text.indexOf("\n\n");
  const headers: Record<string, string> = {};
  for (const line of text
    .slice(0, split)
    .replace(/\n[ \t]/g, " ")
    .split("\n")) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).toLowerCase();
    if (["message-id", "date", "x-sieve"].includes(name)) continue;
    headers[name] = line.slice(colon + 1).trim();
  }
  return { headers, body: text.slice(split + 2) };
}

/** The comparable form of a verdict. */
function normalise(v: Omit<VacationVerdict, "envelope">): Omit<VacationVerdict, "envelope"> {
  if (v.headers === null) return v;
  const headers = { ...v.headers };
  if (headers["auto-submitted"] !== undefined)
    headers["auto-submitted"] = headers["auto-submitted"].replace(/\s*\(.*\)$/, "");
  if (headers.subject !== undefined) headers.subject = decodeEncodedWords(headers.subject);
  return { ...v, headers };
}

async function ours(name: string): Promise<Omit<VacationVerdict, "envelope">> {
  const script = readFileSync(new URL(`${name}.sieve`, dir), "utf8");
  const eml = readFileSync(new URL(`${name}.eml`, dir), "utf8");
  const env = envelopeOf(eml);
  const result = await run(compile(script), new TextEncoder().encode(eml), env, dryRun({ now: new Date(0) }));
  const v = result.actions.find((a): a is VacationAction => a.type === "vacation");
  if (v === undefined) throw new Error(`${name}: no vacation action (${JSON.stringify(result.errors)})`);
  const reply = v.reply === null ? null : parse(v.reply);
  return {
    send: v.send,
    suppressed: v.suppressed,
    seconds: v.seconds,
    headers: reply?.headers ?? null,
    body: reply?.body ?? null,
  };
}

test("at least 20 recorded pairs, one verdict per pair", () => {
  assert.ok(names.length >= 20, `only ${names.length} pairs`);
  assert.equal(Object.keys(verdicts).sort(), names);
});

let agreed = 0;
for (const name of names) {
  test(`sieve-test agrees: ${name}`, async () => {
    const peer = verdicts[name] as VacationVerdict;
    const { envelope: _envelope, ...theirs } = peer;
    assert.equal(normalise(await ours(name)), normalise(theirs));
    agreed++;
  });
}

test("agreement figure", () => {
  assert.is(agreed, names.length, `${agreed}/${names.length} pairs agree with sieve-test`);
});

test.run();
