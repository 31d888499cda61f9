/**
 * The composed vacation reply (RFC 5230 §5), byte for byte, and the RFC 2047 encoding of its
 * header text (§4.3).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compile } from "../src/compile.ts";
import { dryRun } from "../src/host.ts";
import { decodeEncodedWords } from "../src/message/encoded-words.ts";
import { MessageView } from "../src/message/view.ts";
import { run } from "../src/run.ts";
import type { VacationAction } from "../src/types.ts";
import { composeReply, formatDate, replySubject } from "../src/vacation/compose.ts";
import { encodePhrase, encodeUnstructured, encodeWords, foldHeader } from "../src/vacation/encode.ts";
import { resolvePolicy } from "../src/vacation/policy.ts";

const MSG =
  'From: "Timo S." <timo@example.com>\r\nTo: stephan@example.com\r\nSubject: Re: plan\r\nMessage-ID: <m9@example.com>\r\nReferences: <a1@example.com>\r\n <m0@example.com>\r\n\r\nHi\r\n';

async function reply(script: string, message = MSG): Promise<VacationAction> {
  const r = await run(
    compile(`require ["vacation", "variables"];\n${script}`),
    new TextEncoder().encode(message),
    { from: "timo@example.com", to: "stephan@example.com" },
    dryRun({ now: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) }),
  );
  const v = r.actions.find((a): a is VacationAction => a.type === "vacation");
  if (v === undefined) throw new Error(JSON.stringify(r.errors));
  return v;
}

test("the default reply, byte for byte", async () => {
  const v = await reply('vacation "I am away.\nBack on Monday.";');
  assert.is(v.send, true);
  const id = /^Message-ID: (.*)\r\n/.exec(v.reply ?? "")?.[1] ?? "";
  assert.match(id, /^<sieve-vacation\.[0-9a-z]+\.[0-9a-f]{8}@example\.com>$/);
  assert.is(
    v.reply,
    [
      `Message-ID: ${id}`,
      "Date: Tue, 02 Jan 2024 03:04:05 +0000",
      "From: <stephan@example.com>",
      'To: "Timo S." <timo@example.com>',
      "Subject: Auto: Re: plan",
      "In-Reply-To: <m9@example.com>",
      "References: <a1@example.com> <m0@example.com> <m9@example.com>",
      "Auto-Submitted: auto-replied",
      "Precedence: bulk",
      "X-Auto-Response-Suppress: All",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      "I am away.",
      "Back on Monday.",
      "",
    ].join("\r\n"),
  );
  assert.is(v.subject, "Auto: Re: plan");
  assert.equal(v.envelope, { from: null, to: "timo@example.com" });
  // Stable: the same run composes the same bytes.
  assert.is((await reply('vacation "I am away.\nBack on Monday.";')).reply, v.reply);
});

test(":mime: the reason is the entity, headers included (§4.4)", async () => {
  const v = await reply(
    'vacation :subject "Gone" :from "Stephan <stephan@example.com>" :mime text:\nContent-Type: text/html\n\n<p>away</p>\n.\n;',
  );
  const text = v.reply ?? "";
  const head = text.slice(text.indexOf("From:"));
  assert.is(
    head,
    [
      "From: Stephan <stephan@example.com>",
      'To: "Timo S." <timo@example.com>',
      "Subject: Gone",
      "In-Reply-To: <m9@example.com>",
      "References: <a1@example.com> <m0@example.com> <m9@example.com>",
      "Auto-Submitted: auto-replied",
      "Precedence: bulk",
      "X-Auto-Response-Suppress: All",
      "MIME-Version: 1.0",
      "Content-Type: text/html",
      "",
      "<p>away</p>",
      "",
      "",
    ].join("\r\n"),
  );
});

test("§5.8: no Message-ID, no In-Reply-To/References; In-Reply-To seeds References (RFC 5322 §3.6.4)", async () => {
  const none = await reply('vacation "x";', "From: timo@example.com\r\nTo: stephan@example.com\r\n\r\nHi\r\n");
  assert.not.match(none.reply ?? "", /In-Reply-To|References/);
  assert.match(none.reply ?? "", /\r\nTo: <timo@example.com>\r\nSubject: Automated reply\r\n/);
  const irt = await reply(
    'vacation "x";',
    "From: timo@example.com\r\nTo: stephan@example.com\r\nMessage-ID: <b@x>\r\nIn-Reply-To: <a@x>\r\n\r\nHi\r\n",
  );
  assert.match(irt.reply ?? "", /\r\nReferences: <a@x> <b@x>\r\n/);
});

test("§4.3: non-ASCII subject and :from become encoded words", async () => {
  const v = await reply('vacation :subject "Afwezig: één week weg" :from "Günther M. Karotte <gk@example.com>" "weg";');
  assert.match(v.reply ?? "", /\r\nSubject: Afwezig: =\?utf-8\?b\?w6nDqW4=\?= week weg\r\n/);
  assert.match(v.reply ?? "", /\r\nFrom: =\?utf-8\?b\?R8O8bnRoZXIgTS4gS2Fyb3R0ZQ==\?= <gk@example.com>\r\n/);
  assert.is(v.subject, "Afwezig: één week weg");
});

test("§5.3: the generated subject decodes the original, is cut to 256 characters with an ellipsis", () => {
  const policy = resolvePolicy({});
  const view = MessageView.fromString(`Subject: =?utf-8?q?Caf=C3=A9?= ${"x".repeat(300)}\n\n`);
  const s = replySubject(view, null, policy);
  assert.is([...s].length, 256);
  assert.ok(s.startsWith("Auto: Café xx"));
  assert.ok(s.endsWith("\u2026"));
  assert.is(
    replySubject(
      MessageView.fromString("Subject: Hi\n\n"),
      null,
      resolvePolicy({ defaultSubjectTemplate: "Re [auto]: %{subject}" }),
    ),
    "Re [auto]: Hi",
  );
  assert.is(replySubject(MessageView.fromString("X: y\n\n"), "", policy), "Automated reply");
});

test("RFC 2047 encoder: ASCII untouched, words ≤ 75 characters, characters never split", () => {
  assert.is(encodeUnstructured("plain text"), "plain text");
  const long = "Я могу есть стекло, оно мне не вредит. ".repeat(4).trim();
  const encoded = encodeUnstructured(long);
  for (const w of encoded.split(" ")) assert.ok(w.length <= 75, w);
  assert.is(decodeEncodedWords(encoded), long);
  const emoji = "😀".repeat(40);
  assert.is(decodeEncodedWords(encodeWords(emoji)), emoji);
  assert.is(encodePhrase("Tim"), "Tim");
  assert.is(encodePhrase('Timo "T" S.'), '"Timo \\"T\\" S."');
});

test("folding keeps lines near 78 characters", () => {
  const folded = foldHeader(
    "References",
    Array.from({ length: 8 }, (_, i) => `<id${i}.${"x".repeat(12)}@example.com>`).join(" "),
  );
  for (const line of folded.split("\r\n")) assert.ok(line.length <= 78, line);
  assert.is(
    folded.replace(/\r\n/g, ""),
    `References: ${Array.from({ length: 8 }, (_, i) => `<id${i}.${"x".repeat(12)}@example.com>`).join(" ")}`,
  );
});

test("composeReply: send-from-recipient envelope and To from Sender when ignoring the envelope", () => {
  const message = MessageView.fromString('From: "A B" <a@x.org>\nSender: "C D" <c@x.org>\nSubject: s\n\nbody\n');
  const r = composeReply({
    message,
    sender: "srs0=abc@x.org",
    recipient: "me@y.org",
    replyFrom: "me@y.org",
    from: null,
    subject: null,
    reason: "away",
    mime: false,
    policy: resolvePolicy({ sendFromRecipient: true, toHeaderIgnoreEnvelope: true }),
    date: new Date(0),
    messageId: "<id@y.org>",
  });
  assert.equal(r.envelope, { from: "me@y.org", to: "srs0=abc@x.org" });
  assert.match(r.text, /\r\nTo: "C D" <c@x.org>\r\n/);
  assert.is(formatDate(new Date(0)), "Thu, 01 Jan 1970 00:00:00 +0000");
});

test.run();
