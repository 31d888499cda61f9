/**
 * The bridge from a test's match arguments to `src/match`: comparator, match type and key list
 * are resolved once at compile time (keys with variables once per distinct value at run
 * time), captures feed the match variables (RFC 5229 §3.2), and the matching trace is recorded.
 *
 * @module
 */
import { SieveError } from "@sieve-toolkit/parser";
import type { ResolvedArgs } from "./arguments.ts";
import { type Comparator, getComparator } from "./match/comparators.ts";
import { compileMatcher, type Matcher, type MatchType } from "./match/match-types.ts";
import { normalizeListName } from "./host.ts";
import type { At, Runtime } from "./runtime.ts";
import type { Template } from "./strings.ts";

type RelOp = Extract<MatchType, { count: unknown }>["count"];

/** A compiled match: call {@link CompiledMatch.test} with the values a test extracted. */
export interface CompiledMatch {
  /** `count` for :count (it counts values rather than comparing them). */
  readonly kind: string;
  /** Compares `values` with the keys; sets `${0}`… on a successful :matches/:regex. */
  test(rt: Runtime, values: string[], at: At & { name: string }): boolean;
}

/** Builds the match type of `args` (RFC 5228 §2.7.1, RFC 5231 §4). */
function matchTypeOf(args: ResolvedArgs): MatchType {
  const op = (args.relation?.constant ?? "eq").toLowerCase() as RelOp;
  if (args.matchType === "count") return { count: op } as MatchType;
  if (args.matchType === "value") return { value: op } as MatchType;
  return args.matchType as MatchType;
}

/** Compiles the match of a test with key list `keys`. */
export function compileMatch(args: ResolvedArgs, keys: Template[]): CompiledMatch {
  const comparatorName = (args.comparator?.constant ?? "i;ascii-casemap").toLowerCase();
  const comparator: Comparator = getComparator(comparatorName);
  const matchType = matchTypeOf(args);
  const label = args.relation ? `${args.matchType} ${args.relation.constant ?? ""}` : args.matchType;
  const captures = args.matchType === "matches" || args.matchType === "regex";
  const constant = keys.every((k) => k.constant !== null);
  // A constant key that the matcher refuses (a regex the validator let through) fails the run
  // that reaches it, not the compilation: the script is valid Sieve.
  let refused: SieveError | null = null;
  let fixed: Matcher | null = null;
  if (matchType === "list") return listMatch(keys);
  if (constant) {
    try {
      fixed = compileMatcher(
        matchType,
        comparator,
        keys.map((k) => k.constant as string),
      );
    } catch (e) {
      if (!(e instanceof SieveError)) throw e;
      refused = e;
    }
  }
  let lastKeys = "";
  let last: Matcher | null = null;
  return {
    kind: args.matchType,
    test(rt, values, at) {
      if (refused !== null) throw refused;
      let matcher = fixed;
      let keyValues: string[] | null = null;
      if (matcher === null) {
        keyValues = rt.expandAll(keys);
        const id = keyValues.join("\0");
        if (last === null || id !== lastKeys) {
          try {
            last = compileMatcher(matchType, comparator, keyValues);
          } catch (e) {
            // A pattern built from variables that does not compile: like Pigeonhole, log it and
            // let the test be false; the script goes on (regex/errors.svtest, "Runtime errors").
            if (!(e instanceof SieveError) || e.code !== "SIEVE_E_REGEX") throw e;
            rt.warnings.push({ line: at.line, column: at.column, message: e.message, code: e.code });
            return false;
          }
          lastKeys = id;
        }
        matcher = last;
      }
      const caps: string[] | undefined = captures ? [] : undefined;
      const ok = matcher.test(values, caps);
      if (ok && caps !== undefined) rt.matchVars = caps;
      if (rt.tracer.wants("matching")) {
        rt.tracer.add("matching", {
          type: "test",
          name: at.name,
          line: at.line,
          column: at.column,
          result: ok,
          matching: {
            matchType: label,
            comparator: comparator.name,
            values,
            keys: keyValues ?? keys.map((k) => k.constant ?? ""),
          },
        });
      }
      return ok;
    },
  };
}

/**
 * The `:list` match type (RFC 6134 §2.3): true when a value is a member of one of the lists the
 * keys name, as the host answers (`Host.listContains`; none without one). There is no
 * comparator: membership is the list's own business. `${0}` becomes the value that matched,
 * as Pigeonhole sets it (extlists/basic.svtest "A contact in Cc:").
 */
function listMatch(keys: Template[]): CompiledMatch {
  return {
    kind: "list",
    test(rt, values, at) {
      const lists = rt.expandAll(keys).map(normalizeListName);
      let hit: string | null = null;
      const ask = rt.host.listContains;
      if (ask !== undefined) {
        outer: for (const v of values) {
          for (const l of lists) {
            if (ask.call(rt.host, l, v)) {
              hit = v;
              break outer;
            }
          }
        }
      }
      if (hit !== null) rt.matchVars = [hit];
      if (rt.tracer.wants("matching")) {
        rt.tracer.add("matching", {
          type: "test",
          name: at.name,
          line: at.line,
          column: at.column,
          result: hit !== null,
          matching: { matchType: "list", comparator: "", values, keys: lists },
        });
      }
      return hit !== null;
    },
  };
}
