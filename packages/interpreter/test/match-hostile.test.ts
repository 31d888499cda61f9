// Hostile patterns and values for :matches and :regex. Asserts outcomes only: the regex engine
// is a linear-time VM with a step budget, the glob needs no backtracking, so patterns that
// are catastrophic for a backtracking engine simply answer.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { getComparator } from "../src/match/comparators.ts";
import { compileMatcher, RegexLimitError, RegexSyntaxError } from "../src/match/match-types.ts";

const casemap = getComparator("i;ascii-casemap");
const MB = 1024 * 1024;

test("catastrophic-backtracking patterns answer (linear VM)", () => {
  const as = "a".repeat(30_000);
  assert.not.ok(compileMatcher("regex", casemap, ["(a+)+b"]).test([as]));
  assert.not.ok(compileMatcher("regex", casemap, ["(a|a)*b"]).test([as]));
  assert.not.ok(compileMatcher("regex", casemap, ["(.*)*x"]).test([as]));
  assert.not.ok(compileMatcher("regex", casemap, ["^(a*)*$x"]).test([as]));
  assert.not.ok(compileMatcher("regex", casemap, [".*.*.*.*.*x"]).test([as]));
  assert.ok(compileMatcher("regex", casemap, ["(a+)+$"]).test([as]));
  assert.ok(compileMatcher("regex", casemap, ["([a-z]+\\.)+com$"]).test(["mail.example.com"]));
});

test("a 1 MB value with a few regexes stays within the default budget", () => {
  const big = `${"x".repeat(MB)}needle`;
  const caps: string[] = [];
  assert.ok(compileMatcher("regex", casemap, ["need(le)$"]).test([big], caps));
  assert.equal(caps, ["needle", "le"]);
  assert.ok(compileMatcher("regex", casemap, ["^x+needle$"]).test([big]));
});

test("the step budget throws SIEVE_E_REGEX_LIMIT instead of spinning", () => {
  const m = compileMatcher("regex", casemap, ["(a|b|c|d)*z"], { maxRegexSteps: 10_000 });
  try {
    m.test(["abcd".repeat(10_000)]);
    assert.unreachable("should have hit the budget");
  } catch (e) {
    assert.instance(e, RegexLimitError);
    assert.is((e as RegexLimitError).code, "SIEVE_E_REGEX_LIMIT");
  }
  // The budget is per test() call, shared by all values: a fresh call has it all again.
  assert.ok(compileMatcher("regex", casemap, ["z"], { maxRegexSteps: 1_000 }).test(["abz"]));
  assert.ok(compileMatcher("regex", casemap, ["z"], { maxRegexSteps: Number.POSITIVE_INFINITY }).test(["abz"]));
  assert.throws(
    () => compileMatcher("regex", casemap, ["z"], { maxRegexSteps: -1 }),
    (e: unknown) => e instanceof TypeError,
  );
});

test("pattern size is bounded at compile time", () => {
  assert.throws(
    () => compileMatcher("regex", casemap, ["(a{255}){255}"]),
    (e: unknown) => e instanceof RegexSyntaxError,
  );
  assert.throws(
    () => compileMatcher("regex", casemap, [`${"(".repeat(10_000)}a${")".repeat(10_000)}`]),
    (e: unknown) => e instanceof RegexSyntaxError,
  );
  assert.ok(compileMatcher("regex", casemap, [`${"(".repeat(100)}a${")".repeat(100)}`]).test(["a"]));
});

test(":matches on a 1 MB value and with thousands of wildcards", () => {
  const as = "a".repeat(MB);
  assert.not.ok(compileMatcher("matches", casemap, ["*a*a*a*a*a*b"]).test([as]));
  assert.ok(compileMatcher("matches", casemap, ["*a*a*a*a*a"]).test([as]));
  assert.not.ok(compileMatcher("matches", casemap, ["*?????????????????????????b*"]).test([as]));
  const stars = "*".repeat(10_000);
  const caps: string[] = [];
  assert.ok(compileMatcher("matches", casemap, [`${stars}x`]).test(["abcx"], caps));
  assert.is(caps.length, 10_001);
  assert.is(caps[10_000], "abc", "the last * takes what the tail leaves");
  const qs = "?".repeat(20_000);
  assert.ok(compileMatcher("matches", casemap, [qs]).test(["b".repeat(20_000)], caps));
  assert.is(caps.length, 20_001);
  const unicode = getComparator("i;unicode-casemap");
  assert.ok(compileMatcher("matches", unicode, ["*Ü"]).test([`${"ü".repeat(200_000)}`]));
});

test.run();
