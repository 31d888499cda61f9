// Comparators (RFC 4790, RFC 5051) × match types (RFC 5228 §2.7.1, RFC 5231, regex draft),
// :matches captures (RFC 5229 §3.2) and the expectations of Pigeonhole's match-types/,
// comparators/, relational/, regex/ and variables/match.svtest suites.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { COMPARATOR_NAMES, getComparator } from "../src/match/comparators.ts";
import { compileMatcher, type MatchType, RegexSyntaxError } from "../src/match/match-types.ts";

function m(type: MatchType, comparator: string, values: string[], keys: string[]): boolean {
  return compileMatcher(type, getComparator(comparator), keys).test(values);
}

function caps(type: "matches" | "regex", value: string, key: string, comparator = "i;ascii-casemap"): string[] | null {
  const out: string[] = [];
  return compileMatcher(type, getComparator(comparator), [key]).test([value], out) ? out : null;
}

test("every comparator is known by name, case-insensitively; unknown names throw TypeError", () => {
  assert.equal(COMPARATOR_NAMES, ["i;octet", "i;ascii-casemap", "i;ascii-numeric", "i;unicode-casemap"]);
  assert.is(getComparator("I;ASCII-CaseMap").name, "i;ascii-casemap");
  assert.throws(
    () => getComparator("i;nonsense"),
    (e: unknown) => e instanceof TypeError,
  );
});

// [comparator, match type, value, key, expected]
const table: Array<[string, MatchType, string, string, boolean]> = [
  // i;octet: exact
  ["i;octet", "is", "This is a TEST header", "This is a TEST header", true],
  ["i;octet", "is", "This is a TEST header", "this is a test header", false],
  ["i;octet", "contains", "This is a TEST header", "TEST", true],
  ["i;octet", "contains", "This is a TEST header", "test", false],
  ["i;octet", "matches", "This is a TEST header", "This*TEST*r", true],
  ["i;octet", "matches", "This is a TEST header", "ThIs*tEsT*R", false],
  ["i;octet", "regex", "This is a TEST header", "^This.*TEST", true],
  ["i;octet", "regex", "This is a TEST header", "^this.*test", false],
  ["i;octet", { value: "lt" }, "Z", "b", true],
  ["i;octet", { value: "gt" }, "abcde", "abcce", true],
  ["i;octet", { value: "lt" }, "abcce", "abcd", true],
  ["i;octet", { value: "gt" }, "a", "", true],
  ["i;octet", { value: "eq" }, "", "", true],
  ["i;octet", { count: "eq" }, "x", "1", true],
  ["i;octet", { count: "eq" }, "x", "01", false],
  ["i;octet", "is", "\u{1F600}", "\u{1F600}", true],
  ["i;octet", { value: "gt" }, "\u{1F600}", "\uFFFD", true],
  // i;ascii-casemap: a-z = A-Z only
  ["i;ascii-casemap", "is", "Frobnitzm", "FROBNITZM", true],
  ["i;ascii-casemap", "is", "Jürgen", "JÜRGEN", false],
  ["i;ascii-casemap", "contains", "This is a TEST header", "test", true],
  ["i;ascii-casemap", "matches", "This is a TEST header", "ThIs*tEsT*R", true],
  ["i;ascii-casemap", "regex", "This is a TEST header", "^this.*test", true],
  ["i;ascii-casemap", { value: "gt" }, "Z", "b", true],
  ["i;ascii-casemap", { value: "eq" }, "abcd", "ABCD", true],
  ["i;ascii-casemap", { value: "lt" }, "ab", "ba", true],
  ["i;ascii-casemap", { count: "ge" }, "x", "1", true],
  // i;unicode-casemap (RFC 5051)
  ["i;unicode-casemap", "contains", "This is a header with TÈST", "tèst", true],
  ["i;unicode-casemap", "matches", "This is a header with TÈST", "ThIs*with*tèsT", true],
  ["i;unicode-casemap", "matches", "This is a header with TÈST", "t\ufffdst", false],
  ["i;unicode-casemap", "is", "Jürgen", "JÜRGEN", true],
  // Precomposed and decomposed forms are one character.
  ["i;unicode-casemap", "is", "caf\u00e9", "CAFE\u0301", true],
  ["i;unicode-casemap", "matches", "caf\u00e9", "caf?", true],
  ["i;unicode-casemap", { value: "eq" }, "ÄBC", "äbc", true],
  ["i;unicode-casemap", { value: "lt" }, "äbc", "ÄBD", true],
  ["i;unicode-casemap", "regex", "JÜRGEN", "^jürgen$", true],
  ["i;unicode-casemap", { count: "eq" }, "x", "1", true],
  ["i;unicode-casemap", "contains", "Straße", "STRASSE", false],
  // i;ascii-numeric (RFC 4790 §9.1.1): no leading digit = positive infinity
  ["i;ascii-numeric", "is", "0002", "02", true],
  ["i;ascii-numeric", "is", "a", "b", true],
  ["i;ascii-numeric", "is", "a", "0", false],
  ["i;ascii-numeric", "is", "", "a", true],
  ["i;ascii-numeric", { value: "lt" }, "0", "a", true],
  ["i;ascii-numeric", { value: "gt" }, "a", "0", true],
  ["i;ascii-numeric", { value: "ge" }, "0", "a", false],
  ["i;ascii-numeric", { value: "lt" }, "65535", "65635", true],
  ["i;ascii-numeric", { value: "gt" }, "2", "001", true],
  ["i;ascii-numeric", { value: "eq" }, "0", "000", true],
  ["i;ascii-numeric", { value: "le" }, "302", "00302", true],
  ["i;ascii-numeric", { value: "eq" }, "", "40", false],
  ["i;ascii-numeric", { value: "gt" }, "300", "", false],
  ["i;ascii-numeric", { value: "ne" }, "a", "0", true],
  ["i;ascii-numeric", { value: "eq" }, "12abc", "12", true],
  ["i;ascii-numeric", { value: "gt" }, "123456789012345678901234567890", "123456789012345678901234567889", true],
  ["i;ascii-numeric", { count: "eq" }, "x", "001", true],
  ["i;ascii-numeric", { count: "gt" }, "x", "a", false],
];

test("comparator × match type table", () => {
  for (const [cmp, type, value, key, expected] of table) {
    assert.is(
      m(type, cmp, [value], [key]),
      expected,
      `${cmp} ${JSON.stringify(type)} ${JSON.stringify(value)} ${JSON.stringify(key)}`,
    );
  }
});

test("i;ascii-numeric refuses substring match types (RFC 4790 §9.1)", () => {
  const numeric = getComparator("i;ascii-numeric");
  for (const t of ["contains", "matches", "regex"] as const) {
    assert.throws(
      () => compileMatcher(t, numeric, ["1"]),
      (e: unknown) => e instanceof TypeError,
    );
  }
  assert.throws(
    () => compileMatcher("list", numeric, ["x"]),
    (e: unknown) => e instanceof TypeError,
  );
  assert.throws(
    () => compileMatcher({ value: "xx" as "eq" }, numeric, ["1"]),
    (e: unknown) => e instanceof TypeError,
  );
});

test(":is / :contains with the empty key (RFC 5228 §5.7)", () => {
  assert.is(m("is", "i;ascii-casemap", ["C8H10N4O2"], [""]), false);
  assert.is(m("contains", "i;ascii-casemap", ["C8H10N4O2"], [""]), true);
  assert.is(m("is", "i;ascii-casemap", [""], [""]), true);
  // No values (absent header): nothing matches, not even "".
  assert.is(m("contains", "i;ascii-casemap", [], [""]), false);
  assert.is(m("matches", "i;ascii-casemap", [], ["*"]), false);
});

test("any value × any key", () => {
  assert.ok(m("contains", "i;ascii-casemap", ["nonsense, strange, testing"], ["raar", "snot", "strange"]));
  assert.ok(m("is", "i;ascii-casemap", ["a", "b"], ["x", "B"]));
  assert.not.ok(m("is", "i;ascii-casemap", ["a", "b"], ["x", "y"]));
  assert.ok(m({ value: "gt" }, "i;ascii-numeric", ["1000", "20"], ["3000", "30"]));
  assert.not.ok(m({ value: "gt" }, "i;ascii-numeric", ["1000", "20"], ["3000", "1001"]));
  assert.not.ok(m({ value: "lt" }, "i;ascii-numeric", ["1000", "20"], ["3", "19"]));
});

test(":count compares the number of values (RFC 5231 §4.1)", () => {
  const v26 = "abcdefghijklmnopqrstuvwxyz".split("");
  assert.not.ok(m({ count: "lt" }, "i;ascii-numeric", v26, ["4", "5", "6", "10", "20"]));
  assert.ok(m({ count: "lt" }, "i;ascii-numeric", v26, ["4", "5", "6", "10", "20", "100"]));
  assert.ok(m({ count: "ge" }, "i;ascii-numeric", ["a", "b"], ["002"]));
  assert.not.ok(m({ count: "ne" }, "i;ascii-numeric", ["a", "b"], ["2"]));
  assert.ok(m({ count: "eq" }, "i;ascii-numeric", [], ["0"]));
  // With i;octet the count is compared as a string: "26" < "3".
  assert.ok(m({ count: "lt" }, "i;octet", v26, ["3"]));
});

// Pigeonhole match-types/matches.svtest, value by value.
const globs: Array<[string, string, boolean]> = [
  ["", "", true],
  ["", "*", true],
  ["", "?", false],
  ["stephan+sieve@friep.example.com", "*@fri*p*examp*.com", true],
  ["stephan+sieve@friep.example.com", "*@f*pex*mple.com", false],
  ["stephan+sieve@friep.example.com", "stephan+sieve@friep.*", true],
  ["stephan+sieve@friep.example.com", "stepan+sieve@friep.*", false],
  ["stephan+sieve@friep.example.com", "*+sieve@friep.example.com", true],
  ["stephan+sieve@friep.example.com", "*+sieve@friep.example.om", false],
  ["stephan+sieve@friep.example.com", "stephan+sieve?friep.example.com", true],
  ["stephan+sieve@friep.example.com", "stephan+sieve?fiep.example.com", false],
  ["stephan+sieve@friep.example.com", "?tephan+sieve@friep.example.com", true],
  ["stephan+sieve@friep.example.com", "?tephan+sievefriep.example.com", false],
  ["stephan+sieve@friep.example.com", "stephan+sieve@friep.example.co?", true],
  ["stephan+sieve@friep.example.com", "sephan+sieve@friep.example.co?", false],
  ["stephan+sieve@friep.example.com", "?t?phan?sieve?fri?p.exampl?.co?", true],
  ["stephan+sieve@friep.example.com", "?t?phan?sieve?fiep.exam?le.co?", false],
  ["33333???a", "33333\\?\\?\\??", true],
  ["33333???a", "33333\\?\\?\\?", false],
  ["33333???a", "33333*\\?\\??", true],
  ["33333???a", "*\\?\\?\\?a", true],
  ["33333???a", "*3333\\?\\?\\?a", true],
  ["**********", "\\*\\*\\*\\*\\**", true],
  ["**********", "\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*", true],
  ["**********", "\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*", false],
  ["**********", "\\*\\*\\***\\*\\*", true],
  ["**********", "\\*?\\*?\\*?\\*?\\*?", true],
  ["**********", "\\*?\\*?\\*?\\*?\\*??", false],
  ["33333???a", "\\*3333\\?\\?\\?a", false],
  ["33333???a", "33333\\?\\?\\?aa", false],
  ["33333???a", "\\f3333\\?\\?\\?a", false],
  ["Log for successful build of Dovecot.", "Log for *??????????? build of *", false],
  ["Log for successful build of Dovecot.", "Log for *?????????? build of *", true],
  ["Log for successful build of Dovecot.", "Log for *? build of *", true],
  ["Log for successful build of Dovecot.", "Log for ???????????* build of *", false],
  ["Log for successful build of Dovecot.", "Log for ??????????* build of *", true],
  ["Log for successful build of Dovecot.", "Log for ?* build of *", true],
  ["make your money very fast!!!", "make your *", true],
  ["make your money very fast!!!", "* very fast!!!", true],
  ["make your money very fast!!!", "* very fast!!", false],
  ["sirius@example.org", "sirius@example.org", true],
  ["sirius@example.org", "example.org", false],
  ["sirius@example.org", "sirius", false],
  ["X", "*?X", false],
  ["Dovecot Mailing List <dovecot.dovecot.org>", "*<dovecot*.dovecot.org>", true],
  ["Slashy slash\\", "*slash\\", true],
  ["sirius@example.org", "g?*", false],
  ["a", "*a?", false],
  ["a", "*a??????????", false],
  // Astral characters are one `?` each.
  ["\u{1F600}x", "?x", true],
  ["\u{1F600}x", "??x", false],
];

test(":matches globs and escapes (Pigeonhole matches.svtest)", () => {
  for (const [value, key, expected] of globs) {
    assert.is(
      m("matches", "i;ascii-casemap", [value], [key]),
      expected,
      `${JSON.stringify(value)} :matches ${JSON.stringify(key)}`,
    );
  }
});

// Pigeonhole variables/match.svtest and RFC 5229 §3.2.
const captureCases: Array<[string, string, string[]]> = [
  ["frop:frup:frop", "*:*:*", ["frop:frup:frop", "frop", "frup", "frop"]],
  [
    "frop.......frop.........frop....",
    "?*frop*",
    ["frop.......frop.........frop....", "f", "rop.......", ".........frop...."],
  ],
  ["a b c d e f g", "? ? ? ? ? ? ?", ["a b c d e f g", "a", "b", "c", "d", "e", "f", "g"]],
  ["puk pok puk pok", "pu*ok", ["puk pok puk pok", "k pok puk p"]],
  ["the cat jumps off the table", "the * jumps off the *", ["the cat jumps off the table", "cat", "table"]],
  [
    "Dovecot Mailing List <dovecot@dovecot.example.net>",
    "*<*@*",
    ["Dovecot Mailing List <dovecot@dovecot.example.net>", "Dovecot Mailing List ", "dovecot", "dovecot.example.net>"],
  ],
  [
    "[acme-users] [fwd] version 1.0 is out",
    "[*] *",
    ["[acme-users] [fwd] version 1.0 is out", "acme-users", "[fwd] version 1.0 is out"],
  ],
  ["coyote@ACME.Example.COM", "coyote@**.com", ["coyote@ACME.Example.COM", "", "ACME.Example"]],
  ["Test of general stupidity", "Test of *", ["Test of general stupidity", "general stupidity"]],
  ["toptoptop", "*top", ["toptoptop", "toptop"]],
  ["beter van niet?", "*\\?", ["beter van niet?", "beter van niet"]],
  [
    "zero:one:zero|three;one;zero/five",
    "*one?zero?five",
    ["zero:one:zero|three;one;zero/five", "zero:one:zero|three;", ";", "/"],
  ],
  ["frop", "??op", ["frop", "f", "r"]],
  ["frop", "fr??", ["frop", "o", "p"]],
  ["klopfropstroptop", "*fr??*top", ["klopfropstroptop", "klop", "o", "p", "strop"]],
  ["klopfropstroptop", "?*fr??*top", ["klopfropstroptop", "k", "lop", "o", "p", "strop"]],
  ["klopfropstroptop", "*?op", ["klopfropstroptop", "klopfropstrop", "t"]],
  ["klopfropstroptop", "*?op*", ["klopfropstroptop", "k", "l", "fropstroptop"]],
  [
    "Log for failed build of dovecot_2:1.2.alpha5-0~auto+159 (dist=hardy)",
    "Log for ?* build of *",
    [
      "Log for failed build of dovecot_2:1.2.alpha5-0~auto+159 (dist=hardy)",
      "f",
      "ailed",
      "dovecot_2:1.2.alpha5-0~auto+159 (dist=hardy)",
    ],
  ],
  ["foo1234@foobar.example.com", "*??@foobar.example.com", ["foo1234@foobar.example.com", "foo12", "3", "4"]],
  ["d@example.com", "*?@example.com", ["d@example.com", "", "d"]],
  ["stephan@example.org", "*@*", ["stephan@example.org", "stephan", "example.org"]],
];

test(":matches captures match variables 0..n (RFC 5229 §3.2, Pigeonhole rules)", () => {
  for (const [value, key, expected] of captureCases)
    assert.equal(caps("matches", value, key), expected, `${value} / ${key}`);
  // Beyond ${9}: "Alphabet ?" reads ${22}, ${25}, ${26}.
  const alpha = caps(
    "matches",
    "The quick brown fox jumps over the lazy dog.",
    "T?? ????? ????? ?o? ?u??? o?er ?he ???? ?o?.",
  );
  assert.ok(alpha);
  const order = [22, 8, 6, 25, 2, 13, 26, 1, 5, 15, 7, 21, 16, 12, 10, 17, 3, 9, 18, 20, 4, 19, 11, 14, 24, 23];
  assert.is(order.map((i) => alpha?.[i]).join(""), "abcdefghijklmnopqrstuvwxyz");
});

test("captures are untouched when nothing matches (RFC 5229 §3.2)", () => {
  const out = ["old", "1"];
  assert.not.ok(
    compileMatcher("matches", getComparator("i;ascii-casemap"), ["the * barks at the * in the store"]).test(
      ["the dog barks at the cat in the alley"],
      out,
    ),
  );
  assert.equal(out, ["old", "1"]);
  assert.not.ok(compileMatcher("regex", getComparator("i;ascii-casemap"), ["x(y)"]).test(["abc"], out));
  assert.equal(out, ["old", "1"]);
});

test("captures come from the first matching value and key, in the value's case", () => {
  const out: string[] = [];
  const matcher = compileMatcher("matches", getComparator("i;ascii-casemap"), ["x*", "coyote@*.com", "*"]);
  assert.ok(matcher.test(["wile@acme.org", "coyote@ACME.Example.COM"], out));
  // The first value already matches the last key "*".
  assert.equal(out, ["wile@acme.org", "wile@acme.org"]);
});

test(":regex: POSIX ERE, unanchored, captures (regex draft §3, Pigeonhole regex/)", () => {
  assert.ok(caps("regex", "stephan+sieve@friep.example.com", "stephan(\\+.*)?@friep\\.example\\.com"));
  assert.not.ok(caps("regex", "stephan+sieve@friep.example.com", "stephan(\\+.*)?@it\\.example\\.com"));
  assert.ok(caps("regex", "sirius@fi.example.com", ".*fi\\..*"));
  assert.equal(caps("regex", "stephan+sieve@friep.example.com", "stephan[+](sieve)@friep.example.com"), [
    "stephan+sieve@friep.example.com",
    "sieve",
  ]);
  assert.equal(
    caps("regex", "antlr-interest-bounces@ant.example.com", "([^-@]*)-([^-@]*)(-bounces)?@ant.example.com"),
    ["antlr-interest-bounces@ant.example.com", "antlr", "interest", "-bounces"],
  );
  assert.equal(
    caps(
      "regex",
      "antlr-interest-bounces@ant.example.com",
      "(.*>[ \\t]*,?[ \\t]*)?([^-@]*)-([^-@]*)(-bounces)?@ant.example.com",
    )?.slice(1),
    ["", "antlr", "interest", "-bounces"],
  );
  const many = caps(
    "regex",
    "abcdefghijklmnopqrstuvwxyz",
    "(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)",
  );
  assert.is(many?.slice(1).join(""), "abcdefghijklmnopqrstuvwxyz");
  assert.equal(
    caps("regex", "the dog barks at the cat in the alley", "the (.*) barks at the (.*) in the alley")?.slice(1),
    ["dog", "cat"],
  );
  // Leftmost-longest overall match (POSIX), not leftmost-first.
  assert.equal(caps("regex", "xaby", "a|ab"), ["ab"]);
  // Anchors, classes, bounds, alternation, case per comparator.
  assert.ok(caps("regex", "ABC DEF", "^[^[:lower:]]+$", "i;octet"));
  assert.not.ok(caps("regex", "ABC dEF", "^[^[:lower:]]+$", "i;octet"));
  assert.ok(caps("regex", "ABC", "^abc$"));
  assert.not.ok(caps("regex", "ABC", "^abc$", "i;octet"));
  assert.ok(caps("regex", "aaa", "^a{3}$"));
  assert.not.ok(caps("regex", "aaaa", "^a{1,3}$"));
  assert.ok(caps("regex", "x{y", "x{y"));
  assert.ok(caps("regex", "line1\nline2", "1.line"), "'.' matches a newline without REG_NEWLINE");
  assert.ok(caps("regex", "a]b", "a[]]b"));
  assert.ok(caps("regex", "a-b", "a[a-]b"));
  assert.ok(caps("regex", "foo bar", "\\<bar\\>"));
  assert.not.ok(caps("regex", "foobar", "\\bbar"));
  assert.equal(caps("regex", "Jürgen", "^(j.)rgen$", "i;unicode-casemap"), ["Jürgen", "Jü"]);
});

test(":regex syntax errors are SIEVE_E_REGEX (Pigeonhole regex/errors)", () => {
  const c = getComparator("i;ascii-casemap");
  for (const bad of [
    "[",
    "sirius(+\\+.*)?@friep\\.example\\.com",
    "sirius(\\+.*)?@friep\\.ex[]ample.com",
    "(a",
    "a)",
    "*a",
    "a{2,1}",
    "a{256}",
    "(a)\\1",
    "[[:nonsense:]]",
    "\\",
  ]) {
    try {
      compileMatcher("regex", c, [bad]);
      assert.unreachable(`accepted ${bad}`);
    } catch (e) {
      assert.instance(e, RegexSyntaxError, bad);
      assert.is((e as RegexSyntaxError).code, "SIEVE_E_REGEX");
    }
  }
});

test.run();
