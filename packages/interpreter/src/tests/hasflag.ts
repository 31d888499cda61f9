/**
 * `hasflag` (RFC 5232 §4): matches the flags of the internal variable, or of the named variables.
 *
 * @module
 */
import { parseFlags } from "../actions/common.ts";
import type { TestCompiler } from "../arguments.ts";
import { type CompiledMatch, compileMatch } from "../matching.ts";
import type { Template } from "../strings.ts";
import { makeTest } from "./common.ts";

/** The flags of key strings: split on spaces, kept as written (no case folding: the comparator decides). */
function splitKeys(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(" ")).filter((f) => f !== "");
}

/** A template holding one fixed string. */
function fixed(s: string): Template {
  return { parts: [s], constant: s };
}

/** Compiles `hasflag [MATCH-TYPE] [COMPARATOR] [<variable-list>] <list-of-flags>`. */
export const hasflag: TestCompiler = (node, args, cc) => {
  const two = args.positional.length >= 2;
  const variables = two ? cc.templates(args.positional[0]) : null;
  const keys = cc.templates(args.positional[two ? 1 : 0]);
  // RFC 5232 §3: a list-of-flags string holds space-separated flags, keys included: the §4
  // example `hasflag :is "b A"` tests "b" and "A" separately. Constant keys are split once; keys with
  // variables are split per run, one compiled match kept per distinct key set.
  const constant = keys.every((k) => k.constant !== null);
  const fixedMatch = constant ? compileMatch(args, splitKeys(keys.map((k) => k.constant as string)).map(fixed)) : null;
  const byKeys = new Map<string, CompiledMatch>();
  return makeTest(node, (rt, self) => {
    let match = fixedMatch;
    if (match === null) {
      const split = splitKeys(rt.expandAll(keys));
      const id = split.join(" ");
      match = byKeys.get(id) ?? null;
      if (match === null) {
        match = compileMatch(args, split.map(fixed));
        // Bounded so that keys built from message data cannot grow the cache without end.
        if (byKeys.size >= 16) byKeys.clear();
        byKeys.set(id, match);
      }
    }
    const flags =
      variables === null ? rt.flags : parseFlags(rt.expandAll(variables).map((v) => rt.variable(v.toLowerCase())));
    return match.test(rt, [...flags], self);
  });
};
