/**
 * `hasflag` (RFC 5232 §4): matches the flags of the internal variable, or of the named variables.
 *
 * @module
 */
import { parseFlags } from "../actions/common.ts";
import type { TestCompiler } from "../arguments.ts";
import { compileMatch } from "../matching.ts";
import { makeTest } from "./common.ts";

/** Compiles `hasflag [MATCH-TYPE] [COMPARATOR] [<variable-list>] <list-of-flags>`. */
export const hasflag: TestCompiler = (node, args, cc) => {
  const two = args.positional.length >= 2;
  const variables = two ? cc.templates(args.positional[0]) : null;
  const match = compileMatch(args, cc.templates(args.positional[two ? 1 : 0]));
  return makeTest(node, (rt, self) => {
    const flags =
      variables === null ? rt.flags : parseFlags(rt.expandAll(variables).map((v) => rt.variable(v.toLowerCase())));
    return match.test(rt, [...flags], self);
  });
};
