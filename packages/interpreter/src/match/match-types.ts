/**
 * Match types (RFC 5228 §2.7.1; `:count`/`:value` RFC 5231 §4; `:regex`
 * draft-murchison-sieve-regex-07): {@link compileMatcher} prepares the keys once, then
 * {@link Matcher.test} compares any number of values.
 *
 * @module
 */
import type { Comparator } from "./comparators.ts";
import { type CompiledGlob, compileGlob, runGlob } from "./glob.ts";
import { type CompiledRegex, compileRegex, DEFAULT_REGEX_STEPS, RegexLimitError, RegexSyntaxError } from "./regex.ts";

export { DEFAULT_REGEX_STEPS, RegexLimitError, RegexSyntaxError };

/** Relational operators (RFC 5231 §5). */
export type RelOp = "gt" | "ge" | "lt" | "le" | "eq" | "ne";

/** The relational operators, for validation. */
export const REL_OPS: readonly RelOp[] = ["gt", "ge", "lt", "le", "eq", "ne"];

/**
 * A match type. `"list"` (extlists, RFC 6134) is not compiled here: list membership is a
 * host question the runtime asks itself.
 */
export type MatchType = "is" | "contains" | "matches" | "regex" | { count: RelOp } | { value: RelOp } | "list";

/** A compiled match: keys prepared for one comparator. */
export interface Matcher {
  /**
   * True when any value matches any key (values outer, keys inner, first match wins:
   * RFC 5228 §2.7: "any combination"). For `:count`, the number of values is compared
   * (RFC 5231 §4.1). For `:matches` and `:regex`, on success `captures` (if given) is
   * replaced by `${0}`, `${1}`… of the matching pair (RFC 5229 §3.2); on failure it is left
   * as it was.
   *
   * @throws RegexLimitError `SIEVE_E_REGEX_LIMIT` when `:regex` exceeds `maxRegexSteps`
   */
  test(values: string[], captures?: string[]): boolean;
}

/** Options of {@link compileMatcher}. */
export interface MatcherOptions {
  /**
   * VM steps one `:regex` {@link Matcher.test} call may spend over all values and keys
   * (see regex.ts: the engine is linear, this caps the constant). Default 10,000,000;
   * `Infinity` for none.
   */
  maxRegexSteps?: number;
}

/** Does `cmp` (a compare() result) satisfy `op`? */
export function relationHolds(op: RelOp, cmp: number): boolean {
  switch (op) {
    case "gt":
      return cmp > 0;
    case "ge":
      return cmp >= 0;
    case "lt":
      return cmp < 0;
    case "le":
      return cmp <= 0;
    case "eq":
      return cmp === 0;
    case "ne":
      return cmp !== 0;
  }
}

function checkOp(op: string): RelOp {
  const lower = op.toLowerCase();
  if (!(REL_OPS as readonly string[]).includes(lower)) throw new TypeError(`unknown relational operator "${op}"`);
  return lower as RelOp;
}

/**
 * Compiles a match of `keys` with `comparator`. `:matches` globs are pre-split (with `\*`
 * `\?` escapes, RFC 5228 §2.7.1) and `:regex` keys pre-compiled.
 *
 * @throws TypeError when the comparator cannot do the match type (`i;ascii-numeric` with
 *   `:contains`, `:matches` or `:regex`, RFC 4790 §9.1 / regex draft §3), for `"list"`, or for
 *   an unknown relational operator; validation rejects these before a script runs
 * @throws RegexSyntaxError `SIEVE_E_REGEX` for a bad `:regex` key (a runtime error when the key
 *   came from a variable, as in Pigeonhole's regex/errors/runtime.sieve)
 */
export function compileMatcher(
  matchType: MatchType,
  comparator: Comparator,
  keys: string[],
  options: MatcherOptions = {},
): Matcher {
  const unsupported = (what: string): never => {
    throw new TypeError(`comparator "${comparator.name}" does not support ${what}`);
  };
  if (typeof matchType === "object") {
    const compare = comparator.compare ?? unsupported("ordering (:count/:value)");
    if ("count" in matchType) {
      const op = checkOp(matchType.count);
      // RFC 5231 §4.1: the number of values, as a decimal string, is compared with the comparator.
      return { test: (values) => keys.some((k) => relationHolds(op, compare(String(values.length), k))) };
    }
    const op = checkOp(matchType.value);
    return {
      test: (values) => values.some((v) => keys.some((k) => relationHolds(op, compare(v, k)))),
    };
  }
  switch (matchType) {
    case "is":
      return { test: (values) => values.some((v) => keys.some((k) => comparator.equals(v, k))) };
    case "contains": {
      const contains = comparator.contains ?? unsupported(":contains");
      return { test: (values) => values.some((v) => keys.some((k) => contains(v, k))) };
    }
    case "matches": {
      const unitsOf = comparator.units?.bind(comparator) ?? unsupported(":matches");
      const globs: CompiledGlob[] = keys.map((k) => compileGlob(k, unitsOf));
      return {
        test(values, captures) {
          for (const v of values) {
            const u = unitsOf(v);
            for (const g of globs) if (runGlob(g, u, captures ?? null)) return true;
          }
          return false;
        },
      };
    }
    case "regex": {
      if (comparator.units === undefined) unsupported(":regex");
      const mode =
        comparator.caseInsensitive !== true ? false : comparator.name === "i;unicode-casemap" ? "unicode" : "ascii";
      const res: CompiledRegex[] = keys.map((k) => compileRegex(k, { caseInsensitive: mode }));
      const limit = options.maxRegexSteps ?? DEFAULT_REGEX_STEPS;
      if (!(limit === Number.POSITIVE_INFINITY || (Number.isInteger(limit) && limit >= 0))) {
        throw new TypeError(`maxRegexSteps must be a non-negative integer or Infinity, got ${String(limit)}`);
      }
      return {
        test(values, captures) {
          const budget = { steps: limit, limit };
          for (const v of values) for (const r of res) if (r.exec(v, captures ?? null, budget)) return true;
          return false;
        },
      };
    }
    case "list":
      throw new TypeError('the "list" match type is resolved by the runtime (extlists), not compiled');
    default:
      throw new TypeError(`unknown match type "${String(matchType)}"`);
  }
}
