// RFC 5322 §3.4 address lists, RFC 2047 encoded words, and address parts (RFC 5228 §2.7.4,
// RFC 5233), with the cases of Pigeonhole's test-address.svtest.in and subaddress/.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { type ParsedAddress, parseAddress, parseAddressList } from "../src/message/address.ts";
import { type AddressPart, addressPart, quoteLocalPart } from "../src/message/address-parts.ts";
import { decodeEncodedWords } from "../src/message/encoded-words.ts";
import { MessageView } from "../src/message/view.ts";

const all = (value: string): Array<string | null> => parseAddressList(value).map((a) => addressPart(a, "all"));
const part = (value: string, p: AddressPart, separator?: string): Array<string | null> =>
  parseAddressList(value).map((a) => addressPart(a, p, separator === undefined ? {} : { separator }));

test("mailboxes, display names, comments", () => {
  assert.equal(all("nico@nl.example.com, harry@de.example.com"), ["nico@nl.example.com", "harry@de.example.com"]);
  assert.equal(all("Timo <tss(no spam)@fi.iki>"), ["tss@fi.iki"]);
  assert.equal(all("Stephan Bosch <stephan(the author)@example.com>"), ["stephan@example.com"]);
  const [pete] = parseAddressList("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>");
  assert.equal(pete, {
    localPart: "pete",
    domain: "silly.test",
    display: "Pete",
    raw: "Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
    valid: true,
  });
  const [giant] = parseAddressList('"Giant; \\"Big\\" Box" <sysservices@example.net>');
  assert.is(giant?.display, 'Giant; "Big" Box');
  assert.is(parseAddressList('"Joe Q. Public" <john.q.public@example.com>')[0]?.display, "Joe Q. Public");
  // obs-phrase with dots, and a display name that is itself an address in quotes.
  assert.is(parseAddressList("Joe Q. Public <jqp@example.com>")[0]?.display, "Joe Q. Public");
  assert.equal(all('"Frop <frop@example.org>" <real@example.org>'), ["real@example.org"]);
});

test("quoted local parts, domain literals, routes", () => {
  const [q] = parseAddressList('"quoted local"@example.com');
  assert.is(q?.localPart, "quoted local");
  assert.is(addressPart(q as ParsedAddress, "all"), '"quoted local"@example.com');
  assert.is(addressPart(q as ParsedAddress, "localpart"), "quoted local");
  assert.is(quoteLocalPart('a"b'), '"a\\"b"');
  assert.is(quoteLocalPart("first.last"), "first.last");
  assert.equal(all('""@example.com'), ['""@example.com']);
  assert.equal(all("user@[192.0.2.1]"), ["user@[192.0.2.1]"]);
  assert.equal(all("<@route.one,@route.two:routed@example.com>"), ["routed@example.com"]);
  assert.equal(all("first . last @ example . com"), ["first.last@example.com"]);
});

test("groups: members match, names never do; empty groups give nothing (RFC 5228 §5.1)", () => {
  assert.equal(all("tukkers: henk@tukkerland.ex, theo@tukkerland.ex, frits@tukkerland.ex;"), [
    "henk@tukkerland.ex",
    "theo@tukkerland.ex",
    "frits@tukkerland.ex",
  ]);
  assert.equal(all("undisclosed-recipients:;"), []);
  assert.equal(
    all("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, Undisclosed recipients:;, x@y.test"),
    ["c@a.test", "joe@where.test", "jdoe@one.test", "x@y.test"],
  );
  assert.equal(part("undisclosed-recipients:;", "user"), []);
});

test("invalid items keep their raw text for :all and match no other part (Pigeonhole 'Invalid addresses')", () => {
  const cases: Array<[string, string]> = [
    ["stephan@", "stephan@"],
    ["@example.org", "@example.org"],
    ["nonsense", "nonsense"],
    ["<broken@example.com", "<broken@example.com"],
    ["a@b@c", "a@b@c"],
  ];
  for (const [value, raw] of cases) {
    const list = parseAddressList(value);
    assert.is(list.length, 1, value);
    const a = list[0] as ParsedAddress;
    assert.is(a.valid, false, value);
    assert.is(addressPart(a, "all"), raw);
    for (const p of ["localpart", "domain", "user", "detail"] as const)
      assert.is(addressPart(a, p), null, `${value} ${p}`);
  }
  // The empty header is one empty invalid address: :all :is "" matches it.
  assert.equal(all(""), [""]);
  assert.equal(all("   "), [""]);
  // One bad item does not spoil the others.
  assert.equal(
    parseAddressList("nico@frop.example.com, @example.org").map((a) => [addressPart(a, "localpart"), a.valid]),
    [
      ["nico", true],
      [null, false],
    ],
  );
  // RFC 6532: UTF-8 local parts are accepted.
  assert.equal(part("<jürgen@example.com>", "localpart"), ["jürgen"]);
});

test("encoded words are decoded in display names only (Pigeonhole 'Mime encoding of @')", () => {
  const [a] = parseAddressList("=?UTF-8?B?RnJpZXBAZnJvcA0K?=\r\n\t<friep@example.com>");
  assert.is(addressPart(a as ParsedAddress, "all"), "friep@example.com");
  assert.is(a?.display, "Friep@frop\r\n");
  assert.equal(all('"=?UTF-8?B?IkR1bWIgTWFpbGVyIg==?=" <horde@lists.scotsmen.ex>'), ["horde@lists.scotsmen.ex"]);
  assert.is(parseAddressList("=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>")[0]?.display, "André Pirard");
  // An encoded word in the address itself is not decoded.
  assert.equal(all("=?utf-8?q?a?=@example.com"), ["=?utf-8?q?a?=@example.com"]);
});

test("address parts: case kept, :user/:detail with the default '+' (RFC 5233)", () => {
  assert.equal(part("Nico@nl.example.com, harry@DE.EXAMPLE.COM", "localpart"), ["Nico", "harry"]);
  assert.equal(part("Nico@nl.example.com, harry@DE.EXAMPLE.COM", "domain"), ["nl.example.com", "DE.EXAMPLE.COM"]);
  assert.equal(part("stephan+sieve@example.org", "user"), ["stephan"]);
  assert.equal(part("stephan+sieve@example.org", "detail"), ["sieve"]);
  assert.equal(part("test+failed@example.com", "detail"), ["failed"]);
  assert.equal(part("stephan+@example.org", "detail"), [""]);
  assert.equal(part("nico@example.com", "user"), ["nico"]);
  assert.equal(part("nico@example.com", "detail"), [null]);
  assert.equal(part("a+b+c@example.com", "detail"), ["b+c"]);
});

test("address parts: configurable separator characters (Pigeonhole subaddress/config.svtest)", () => {
  assert.equal(part("test-failed@example.com", "user", "-"), ["test"]);
  assert.equal(part("test-failed@example.com", "detail", "-"), ["failed"]);
  for (const sep of ["+-", "-+", "+-_"]) {
    assert.equal(part("friep+-frop@dovecot.example.net", "user", sep), ["friep"], sep);
    assert.equal(part("friep+-frop@dovecot.example.net", "detail", sep), ["-frop"], sep);
  }
  assert.equal(part("list_request@lists.dovecot.example.net", "detail", "+-_"), ["request"]);
  assert.equal(part("a+b@example.com", "detail", ""), [null]);
  assert.equal(part("a+b@example.com", "user", ""), ["a+b"]);
});

test("parseAddress: one envelope path", () => {
  assert.is(addressPart(parseAddress("<friep+frop@dovecot.example.net>"), "detail"), "frop");
  assert.is(parseAddress("<>").valid, false);
  assert.is(parseAddress("").raw, "");
  assert.is(parseAddress("a@b.c, d@e.f").valid, false);
});

test("decodeEncodedWords: charsets, Q and B, joining, unknown charsets (RFC 2047)", () => {
  const cases: Array<[string, string]> = [
    ["=?ISO-8859-1?Q?Andr=E9_Pirard?=", "André Pirard"],
    ["=?iso-8859-2?Q?Pawe=B3_=A3ukasz?=", "Paweł Łukasz"],
    ["=?windows-1251?B?yOLg7SDP5fLw7uI=?=", "Иван Петров"],
    ["=?koi8-r?B?8NLJ18XU?=", "Привет"],
    ["=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=", "日本語"],
    ["=?UTF-8?B?SGVsbG8g?= =?UTF-8?B?V8O2cmxk?=", "Hello Wörld"],
    // Adjacent words: the white space between them goes (RFC 2047 §6.2), bytes are joined.
    ["=?utf-8?B?4oKs?= =?utf-8?B?4oKs?= =?UTF-8?Q?=E2=82?= =?UTF-8?Q?=AC?=", "€€€"],
    ["=?utf-8?q?a?=\r\n =?iso-8859-1?q?=E9?=", "aé"],
    ["plain =?iso-8859-1?q?caf=E9?= text", "plain café text"],
    ["=?utf-8*en?q?lang?=", "lang"],
    ["=?utf-8?B?SGVsbG8?=", "Hello"],
    // Left as is: unknown charset, bad encoding, not an encoded word.
    ["=?x-unknown-charset?Q?stays_as_is?=", "=?x-unknown-charset?Q?stays_as_is?="],
    ["=?utf-8?B?!!!?=", "=?utf-8?B?!!!?="],
    ["=?utf-8?X?abc?=", "=?utf-8?X?abc?="],
    ["no words here", "no words here"],
  ];
  for (const [input, expected] of cases) assert.is(decodeEncodedWords(input), expected, input);
});

test("fixture: group-and-comments.eml", async () => {
  const { readFileSync } = await import("node:fs");
  const m = MessageView.fromBytes(readFileSync(new URL("./fixtures/messages/group-and-comments.eml", import.meta.url)));
  assert.equal(
    m.addresses("bcc").map((a) => addressPart(a, "all")),
    ["c@a.test", "joe@where.test", "jdoe@one.test"],
  );
  assert.equal(
    m.addresses("to").map((a) => a.display),
    ["Mary Smith", null, "Who?"],
  );
  assert.equal(
    m.addresses("x-invalid").map((a) => [addressPart(a, "all"), a.valid]),
    [
      ["stephan@", false],
      ["@example.org", false],
      ["nonsense", false],
    ],
  );
  assert.equal(
    m.addresses("sender").map((a) => addressPart(a, "localpart")),
    ["quoted local"],
  );
  assert.equal(
    m.addresses("resent-to").map((a) => addressPart(a, "all")),
    ["routed@example.com"],
  );
  assert.equal(
    m.addresses("reply-to").map((a) => addressPart(a, "all")),
    ["pete@silly.test"],
  );
  assert.equal(m.addresses("x-absent"), []);
});

test("fixture: encoded-words.eml addresses in several charsets", async () => {
  const { readFileSync } = await import("node:fs");
  const m = MessageView.fromBytes(readFileSync(new URL("./fixtures/messages/encoded-words.eml", import.meta.url)));
  assert.equal(
    [...m.addresses("from"), ...m.addresses("to"), ...m.addresses("cc")].map((a) => [a.display, addressPart(a, "all")]),
    [
      ["André Pirard", "PIRARD@vm1.ulg.ac.be"],
      ["Иван Петров", "ivan@example.ru"],
      ["Jürgen Müller", "jm@example.de"],
      ["Paweł Łukasz", "pl@example.pl"],
    ],
  );
});

test.run();
