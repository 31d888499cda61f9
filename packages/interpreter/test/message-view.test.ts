// MessageView: headers from raw lines (RFC 5228 §5.7, §2.4.2.2), size with CRLF (§5.9), body
// transforms (RFC 5173 §5), MIME parts; realistic fixtures and Pigeonhole's test-header.svtest
// and extensions/body/*.svtest messages.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { getComparator } from "../src/match/comparators.ts";
import { compileMatcher, type MatchType } from "../src/match/match-types.ts";
import { contentTypeMatches, parseContentType } from "../src/message/mime.ts";
import { MessageView } from "../src/message/view.ts";

const fixture = (name: string): MessageView =>
  MessageView.fromBytes(readFileSync(new URL(`./fixtures/messages/${name}`, import.meta.url)));

/** A message written with LF line ends in this file, as Pigeonhole's `text:` blocks are. */
const msg = (text: string): MessageView => MessageView.fromString(text);

const match = (type: MatchType, values: string[], key: string, comparator = "i;ascii-casemap"): boolean =>
  compileMatcher(type, getComparator(comparator), [key]).test(values);

test("headers: order and names as written, case-insensitive lookup, unfolding, trimming", () => {
  const m = fixture("mailing-list.eml");
  assert.equal(m.headerNames().slice(0, 4), ["Return-Path", "Received", "Received", "From"]);
  assert.is(m.header("received").length, 2);
  assert.is(
    m.header("RECEIVED")[0],
    "from lists.dovecot.example.org (lists.dovecot.example.org [192.0.2.10])\tby mx.example.net (Postfix) with ESMTP id 4F2A81C0042\tfor <stephan+lists@example.net>; Tue, 14 Mar 2023 10:12:01 +0100 (CET)",
  );
  assert.equal(m.header("list-id"), ["Dovecot Mailing List <dovecot.dovecot.example.org>"]);
  assert.ok(match("matches", m.header("List-Id"), "*<dovecot*.dovecot.example.org>"));
  assert.equal(m.header("x-absent"), []);
  // No header name contains a colon (RFC 5228 §2.4.2.2).
  assert.equal(m.header("subject:"), []);
  assert.equal(m.header("to!"), []);
  const fields = m.headerFields();
  assert.is(fields[1]?.raw.split("\r\n").length, 3, "raw field keeps its folding");
});

test("headers: Pigeonhole test-header.svtest whitespace, empty and folded fields", () => {
  const m = msg(
    "From: stephan@example.org\nSubject:         Help\nX-A:     Text\nX-B: Text   \nComments:\nX-Multiline: This is a multi-line\n header body, which should be\n unfolded correctly.\nFrom   : second@example.org\n\nText\n",
  );
  assert.equal(m.header("subject"), ["Help"]);
  assert.equal(m.header("x-a"), ["Text"]);
  assert.equal(m.header("x-b"), ["Text"]);
  assert.equal(m.header("comments"), [""]);
  assert.ok(match("is", m.header("comments"), ""));
  assert.not.ok(match("matches", m.header("comments"), "?*"));
  assert.equal(m.header("x-multiline"), ["This is a multi-line header body, which should be unfolded correctly."]);
  assert.equal(m.header("from"), ["stephan@example.org", "second@example.org"]);
  assert.equal(m.headerNames(), ["From", "Subject", "X-A", "X-B", "Comments", "X-Multiline", "From"]);
});

test("headers: encoded words decoded for comparison, raw on request (RFC 5228 §2.7.2)", () => {
  const m = fixture("encoded-words.eml");
  assert.equal(m.header("subject"), ["Hello Wörld"]);
  assert.equal(m.header("subject", { raw: true }), ["=?UTF-8?B?SGVsbG8g?= =?UTF-8?B?V8O2cmxk?="]);
  assert.equal(m.header("x-split-char"), ["€€€"]);
  assert.equal(m.header("x-unknown"), ["=?x-unknown-charset?Q?stays_as_is?="]);
  assert.equal(m.header("x-japanese"), ["日本語"]);
  assert.equal(m.header("x-koi8"), ["Привет"]);
  assert.equal(m.header("from"), ["André Pirard <PIRARD@vm1.ulg.ac.be>"]);
  assert.ok(match("contains", m.header("subject"), "wörld", "i;unicode-casemap"));
});

test("headers: 8-bit header bytes are UTF-8 when valid, else windows-1252", () => {
  const utf8 = MessageView.fromBytes(Buffer.from("Subject: Grüße\r\n\r\n", "utf8"));
  assert.equal(utf8.header("subject"), ["Grüße"]);
  const latin = MessageView.fromBytes(Buffer.from("Subject: Gr\xfc\xdfe\r\n\r\n", "latin1"));
  assert.equal(latin.header("subject"), ["Grüße"]);
});

test("headers: broken lines are skipped, never fatal", () => {
  const m = msg(
    "From sender@example.org Sat Jan  3 01:05:34 1996\n continuation of nothing\nno colon here\nX Bad: spaced name\nTo: ok@example.org\n\nbody\n",
  );
  assert.equal(m.headerNames(), ["To"]);
  assert.equal(m.header("to"), ["ok@example.org"]);
});

test("size counts CRLF line ends: LF-only and CRLF files agree (RFC 5228 §5.9)", () => {
  const lf = fixture("lf-only.eml");
  const crlf = fixture("crlf.eml");
  const bytes = readFileSync(new URL("./fixtures/messages/crlf.eml", import.meta.url));
  assert.is(crlf.size, bytes.length);
  assert.is(lf.size, crlf.size);
  assert.equal(lf.header("x-folded"), ["first part second part"]);
  assert.equal(lf.header("x-folded"), crlf.header("x-folded"));
  assert.equal(lf.body("raw"), ["Line one.\r\nLine two.\r\n"]);
  assert.equal(lf.body("raw"), crlf.body("raw"));
  assert.equal(lf.body("text"), crlf.body("text"));
  assert.is(MessageView.fromString("").size, 0);
});

test("body :raw is the undecoded body after the empty line (Pigeonhole body/basic, raw)", () => {
  const m = msg("From: stephan@example.org\nTo: tss@example.net\nSubject: Test message.\n\nTest!\n");
  assert.equal(m.body("raw"), ["Test!\r\n"]);
  assert.not.ok(match("is", m.body("raw"), "Test"));
  assert.ok(match("contains", m.body("raw"), "tesT"));
  const alt = fixture("alternative.eml");
  const [raw] = alt.body("raw");
  assert.ok(raw?.includes("--=_alt_boundary"));
  assert.ok(raw?.includes("Content-Transfer-Encoding: base64"));
  assert.ok(raw?.includes("Gr=C3=BC=C3=9Fe"), "transfer encoding not undone");
});

test("no empty line: no body, every transform is empty (RFC 5173 §5)", () => {
  const m = msg("From: stephan@example.org\nTo: tss@example.net\nSubject: No body is here!\n");
  assert.equal(m.body("raw"), []);
  assert.equal(m.body("text"), []);
  assert.equal(m.body({ content: [""] }), []);
  assert.not.ok(match("contains", m.body("raw"), ""));
  assert.equal(m.header("subject"), ["No body is here!"]);
  // An empty body after the empty line is one empty string.
  assert.equal(msg("Subject: x\n\n").body("raw"), [""]);
});

const NESTED = `From: Whomever <whoever@example.com>
To: Someone <someone@example.com>
Date: Sat, 10 Oct 2009 00:30:04 +0200
Subject: whatever
Content-Type: multipart/mixed; boundary=outer

This is a multi-part message in MIME format.

--outer
Content-Type: multipart/alternative; boundary=inner

This is a nested multi-part message in MIME format.

--inner
Content-Type: text/plain; charset="us-ascii"

Hello

--inner
Content-Type: text/html; charset="us-ascii"

<html><body>Hello</body></html>

--inner--

This is the end of the inner MIME multipart.

--outer
Content-Type: message/rfc822

From: Someone Else
Subject: Hello, this is an elaborate request for you to finally say hello
 already!

Please say Hello

--outer--

This is the end of the outer MIME multipart.
`;

test("body :content (Pigeonhole body/content.svtest)", () => {
  const m = msg(NESTED);
  assert.ok(match("matches", m.body({ content: ["text/plain"] }), "Hello*"));
  assert.not.ok(match("matches", m.body({ content: ["text/plain"] }), "<html><body>Hello</body></html>*"));
  assert.ok(match("matches", m.body({ content: ["text/html"] }), "<html><body>Hello</body></html>*"));
  assert.not.ok(match("matches", m.body({ content: ["text/html"] }), "Hello*"));
  assert.ok(match("contains", m.body({ content: ["text"] }), "html"));
  assert.ok(match("contains", m.body({ content: ["text/plain"] }), "please say hello"));
  assert.ok(match({ count: "eq" }, m.body({ content: ["text"] }), "3", "i;ascii-numeric"));
  const multipart = m.body({ content: ["multipart"] });
  for (const s of [
    "This is a multi-part message in MIME format",
    "This is a nested multi-part message in MIME format",
    "This is the end of the inner MIME multipart",
    "This is the end of the outer MIME multipart.",
  ]) {
    assert.ok(match("contains", multipart, s), s);
  }
  assert.not.ok(match("contains", multipart, "--inner"));
  assert.not.ok(match("contains", multipart, "--outer"));
  const rfc822 = m.body({ content: ["message/rfc822"] });
  assert.ok(match("contains", rfc822, "From: Someone Else"));
  assert.ok(
    match(
      "is",
      rfc822,
      "From: Someone Else\r\nSubject: Hello, this is an elaborate request for you to finally say hello\r\n already!\r\n",
    ),
  );
  assert.not.ok(match("contains", m.body({ content: ["/plain"] }), ""));
  assert.not.ok(match("contains", m.body({ content: ["text/"] }), ""));
  assert.not.ok(match("contains", m.body({ content: ["text/plain/stupid"] }), ""));
  assert.ok(match("matches", m.body({ content: [""] }), "Please say Hello*"));
  assert.not.ok(match("matches", m.body({ content: [""] }), "*blurdybloop*"));
});

test("body :text: text parts decoded, HTML reduced to text, prologues skipped (Pigeonhole body/text.svtest)", () => {
  const m = msg(
    NESTED.replace(
      "--inner--",
      '--inner\nContent-Type: application/xhtml+xml; charset="us-ascii"\n\n<html><body>XHTML Hello</body></html>\n\n--inner--',
    ).replace("<html><body>Hello</body></html>", "<html><body>HTML Hello</body></html>"),
  );
  const text = m.body("text");
  assert.ok(match("contains", text, "HTML Hello"));
  assert.ok(match("contains", text, "XHTML Hello"));
  assert.ok(match("contains", text, "Please say Hello"));
  assert.not.ok(match("contains", text, "<html>"));
  assert.not.ok(match("contains", text, "body"));
  assert.not.ok(match("contains", text, "MIME"));
  const donkey = msg(
    "Content-Type: multipart/mixed; boundary=donkey\n\nThis is a multi-part message in MIME format.\n--donkey\nContent-Type: text/plain\n\nPlain Text\n--donkey\nContent-Type: text/stupid\n\nStupid Text\n--donkey\nContent-Type: text/plain/stupid\n\nPlain Stupid Text\n--donkey--\n",
  );
  assert.ok(match("contains", donkey.body("text"), "Plain Text"));
  assert.ok(match("contains", donkey.body("text"), "Stupid Text"));
  assert.not.ok(match("contains", donkey.body("text"), "Plain Stupid Text"));
  assert.ok(match("matches", donkey.body({ content: ["text/plain"] }), "Plain Text*"));
  assert.ok(match("contains", donkey.body({ content: ["text/stupid"] }), ""));
  const broken = msg(
    "Content-Type: multipart/mixed; boundary=outer\n\nThis is a multi-part message in MIME format.\n--outer\nContent-Type: text/html\n--outer\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: multipart/related\nContent-Disposition: inline\n\n<html><body>Please say Hello</body></html>\n--outer--\nThis is the end of the outer MIME multipart.\n",
  );
  assert.equal(broken.body("text"), []);
});

test("fixture: multipart/alternative with quoted-printable and base64 parts", () => {
  const m = fixture("alternative.eml");
  const text = m.body("text");
  assert.is(text.length, 2);
  assert.ok(text[0]?.startsWith("Grüße aus Köln — the quick brown fox. A long line that the quoted-printable encoder"));
  assert.ok(match("contains", text, "longer than seventy-six characters"), "soft line breaks removed");
  assert.ok(match("contains", [text[1] as string], "Grüße aus Köln & café"), "base64 + iso-8859-1 + entities");
  assert.not.ok(match("contains", text, "color: red"), "style dropped");
  assert.not.ok(match("contains", text, "alert"), "script dropped");
  assert.ok(match("contains", m.body({ content: ["text/html"] }), "&uuml;"), ":content does not touch markup");
  assert.ok(match("contains", m.body({ content: ["multipart"] }), "This is a multi-part message"));
  assert.equal(
    m.mimeParts().map((p) => [p.depth, p.type, p.transferEncoding]),
    [
      [0, "multipart/alternative", "7bit"],
      [1, "text/plain", "quoted-printable"],
      [1, "text/html", "base64"],
    ],
  );
});

test("fixture: bounce (multipart/report with delivery-status and the returned message)", () => {
  const m = fixture("bounce.eml");
  const parts = m.mimeParts();
  assert.equal(
    parts.map((p) => p.type),
    ["multipart/report", "text/plain", "message/delivery-status", "message/rfc822", "text/plain"],
  );
  assert.is(parts[0]?.contentType.params.get("report-type"), "delivery-status");
  assert.is(parts[0]?.contentType.params.get("boundary"), "4A1B2C3D.1678867202/mail.example.org");
  assert.equal(parts[3]?.children[0]?.header("subject"), ["Lunch tomorrow?"]);
  // The returned message is itself the part below message/rfc822 (its body is text/plain).
  assert.ok(parts[4] === parts[3]?.children[0]);
  assert.ok(parts[4]?.parent === parts[3]);
  assert.ok(match("contains", m.body({ content: ["message/delivery-status"] }), "Status: 5.1.1"));
  assert.ok(match("contains", m.body({ content: ["message/rfc822"] }), "Subject: Lunch tomorrow?"));
  assert.ok(match("contains", m.body("text"), "Shall we have lunch"));
  assert.not.ok(match("contains", m.body("text"), "Reporting-MTA"), "delivery-status is not text/*");
  assert.equal(m.header("return-path"), ["<>"]);
});

test("mailing-list fixture: :text of a single-part message is its body", () => {
  const m = fixture("mailing-list.eml");
  assert.equal(m.body("text"), ["Hi,\r\n\r\nThe :regex match type is broken for me.\r\n\r\nTimo\r\n"]);
  assert.equal(m.mimeParts().length, 1);
});

test("Content-Type parsing and :content specifications (RFC 2045 §5.1, RFC 5173 §5.2)", () => {
  assert.equal(parseContentType('Text/HTML; Charset="ISO-8859-1"; junk; name=x')?.params.get("charset"), "ISO-8859-1");
  assert.is(parseContentType("Text/HTML")?.type, "text/html");
  assert.is(parseContentType("text/plain/stupid")?.type, "application/octet-stream");
  assert.is(parseContentType("text/plain/stupid")?.valid, false);
  assert.is(parseContentType(undefined), null);
  assert.ok(contentTypeMatches("text/plain", ""));
  assert.ok(contentTypeMatches("text/plain", "TEXT"));
  assert.ok(contentTypeMatches("text/plain", "text/Plain"));
  assert.not.ok(contentTypeMatches("text/plain", "text/html"));
  assert.not.ok(contentTypeMatches("text/plain", "/plain"));
  assert.not.ok(contentTypeMatches("text/plain", "text/"));
  assert.not.ok(contentTypeMatches("text/plain", "text/plain/x"));
});

test("multipart/digest parts default to message/rfc822 (RFC 2046 §5.1.5)", () => {
  const m = msg("Content-Type: multipart/digest; boundary=d\n\n--d\n\nFrom: a@b.c\nSubject: one\n\nfirst\n--d--\n");
  assert.equal(
    m.mimeParts().map((p) => p.type),
    ["multipart/digest", "message/rfc822", "text/plain"],
  );
  assert.equal(m.body("text"), ["first"]);
});

test.run();
