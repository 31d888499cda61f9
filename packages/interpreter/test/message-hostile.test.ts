// Hostile messages: huge header lines, huge address lists, deep and wide MIME trees, and
// unterminated syntax everywhere. Each case asserts what comes out (never how long it took):
// the point is that the work is bounded (linear scans, capped MIME splitting) and nothing throws.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { getComparator } from "../src/match/comparators.ts";
import { compileMatcher } from "../src/match/match-types.ts";
import { parseAddressList } from "../src/message/address.ts";
import { addressPart } from "../src/message/address-parts.ts";
import { decodeEncodedWords } from "../src/message/encoded-words.ts";
import { htmlToText } from "../src/message/mime.ts";
import { type BodyTransform, MessageView } from "../src/message/view.ts";

const MB = 1024 * 1024;

test("a 1 MB header line", () => {
  const big = "a".repeat(MB);
  const m = MessageView.fromString(`Subject: ${big}x\r\nTo: ${"(".repeat(MB)}\r\n\r\nbody\r\n`);
  const [subject] = m.header("subject");
  assert.is(subject?.length, MB + 1);
  const c = getComparator("i;ascii-casemap");
  assert.ok(compileMatcher("contains", c, ["AX"]).test(m.header("subject")));
  assert.ok(compileMatcher("matches", c, ["*a?"]).test(m.header("subject")));
  assert.not.ok(compileMatcher("matches", c, ["*b*"]).test(m.header("subject")));
  // A megabyte of unterminated comment is no address at all.
  assert.equal(m.addresses("to"), []);
  assert.equal(m.body("raw"), ["body\r\n"]);
});

test("100,000 recipients", () => {
  const n = 100_000;
  const list = Array.from({ length: n }, (_, i) => `User ${i} <user${i}+tag@example${i % 10}.org>`).join(",\r\n ");
  const m = MessageView.fromString(`To: ${list}\r\nSubject: many\r\n\r\nhi\r\n`);
  const addrs = m.addresses("to");
  assert.is(addrs.length, n);
  assert.is(addressPart(addrs[n - 1] as (typeof addrs)[number], "all"), `user${n - 1}+tag@example9.org`);
  assert.is(addrs.filter((a) => a.valid).length, n);
  const values = addrs.map((a) => addressPart(a, "detail") as string);
  assert.ok(compileMatcher({ count: "eq" }, getComparator("i;ascii-numeric"), ["100000"]).test(values));
  assert.ok(compileMatcher("is", getComparator("i;ascii-casemap"), ["TAG"]).test(values));
  // The same as one unfolded line of bare addresses.
  assert.is(parseAddressList(Array.from({ length: n }, (_, i) => `u${i}@x.test`).join(",")).length, n);
});

test("deeply nested multiparts are split to maxDepth (default 100) only", () => {
  const depth = 5000;
  let body = "innermost text\r\n";
  for (let d = depth; d > 0; d--) {
    body = `Content-Type: multipart/mixed; boundary=b${d}\r\n\r\n--b${d}\r\n${body}\r\n--b${d}--\r\n`;
  }
  const m = MessageView.fromString(`From: a@b.c\r\n${body}`);
  const parts = m.mimeParts();
  assert.is(parts.length, 101);
  assert.is(parts[100]?.depth, 100);
  assert.is(parts[100]?.type, "multipart/mixed");
  assert.is(parts[100]?.children.length, 0, "left unsplit at the limit");
  // The unsplit part's text is still searchable as multipart content; :text finds no text/* part.
  assert.ok(
    compileMatcher("contains", getComparator("i;octet"), ["innermost text"]).test(m.body({ content: ["multipart"] })),
  );
  assert.equal(m.body("text"), []);
  const shallow = MessageView.fromString(`From: a@b.c\r\n${body}`, { mime: { maxDepth: 2 } });
  assert.is(shallow.mimeParts().length, 3);
});

test("a message/rfc822 chain is bounded the same way", () => {
  let inner = "Subject: innermost\r\n\r\nbottom\r\n";
  for (let d = 0; d < 1000; d++) inner = `Content-Type: message/rfc822\r\nSubject: level ${d}\r\n\r\n${inner}`;
  const m = MessageView.fromString(inner);
  assert.is(m.mimeParts().length, 101);
  assert.equal(m.body("text"), []);
});

test("20,000 sibling parts are capped at maxParts (default 10,000)", () => {
  const parts = Array.from({ length: 20_000 }, (_, i) => `--sep\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join(
    "",
  );
  const m = MessageView.fromString(`Content-Type: multipart/mixed; boundary=sep\r\n\r\n${parts}--sep--\r\n`);
  assert.is(m.mimeParts().length, 10_000);
  assert.is(m.body("text").length, 9_999);
  const few = MessageView.fromString(`Content-Type: multipart/mixed; boundary=sep\r\n\r\n${parts}--sep--\r\n`, {
    mime: { maxParts: 5 },
  });
  assert.is(few.mimeParts().length, 5);
});

test("unterminated and malformed MIME never throws", () => {
  const cases = [
    "Content-Type: multipart/mixed; boundary=never\r\n\r\npreamble only\r\n",
    "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nno close delimiter",
    "Content-Type: multipart/mixed\r\n\r\nno boundary parameter\r\n",
    'Content-Type: multipart/mixed; boundary=""\r\n\r\n--\r\n',
    "Content-Type: text/plain; charset=x-no-such-charset\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64###\r\n",
    `Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${"=".repeat(100_000)}\r\n`,
    `Content-Type: text/html\r\n\r\n${"<".repeat(100_000)}${"&".repeat(100_000)}<!--${"<script>".repeat(10_000)}`,
    "Content-Type: multipart/mixed; boundary=x\r\n\r\n--xx\r\n--x \t\r\nContent-Type: text/plain\r\n\r\npadded\r\n--x--junk\r\nepilogue",
  ];
  for (const text of cases) {
    const m = MessageView.fromString(text);
    for (const t of ["raw", "text", { content: [""] }, { content: ["multipart"] }] satisfies BodyTransform[]) {
      assert.ok(Array.isArray(m.body(t)));
    }
  }
  const padded = MessageView.fromString(cases[7] as string);
  assert.equal(padded.body("text"), ["padded"]);
  assert.equal(padded.body({ content: ["multipart"] }), ["--xx", "epilogue"]);
  const qp = MessageView.fromString(cases[5] as string).body("text")[0] ?? "";
  assert.is(qp.length, 99_999, "stray '=' kept as is; the last one (before the line end) is a soft break");
});

test("pathological header syntax: encoded-word look-alikes, comments, quotes", () => {
  assert.is(decodeEncodedWords("=?".repeat(200_000)).length, 400_000);
  assert.is(decodeEncodedWords("=?utf-8?q?".repeat(50_000)).length, 500_000);
  const words = Array.from({ length: 20_000 }, () => "=?utf-8?q?a?=").join(" ");
  assert.is(decodeEncodedWords(words), "a".repeat(20_000));
  assert.equal(
    parseAddressList(`"${"x".repeat(MB)}`).map((a) => a.valid),
    [false],
  );
  assert.equal(
    parseAddressList(`${"<".repeat(100_000)}a@b.c`).map((a) => a.valid),
    [false],
  );
  assert.is(parseAddressList(",".repeat(100_000)).length, 0);
  assert.is(parseAddressList("g:".repeat(50_000)).length, 1);
  assert.is(htmlToText(`${"<a".repeat(100_000)}`).length, 200_000);
});

test.run();
