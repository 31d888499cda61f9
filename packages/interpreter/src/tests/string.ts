/**
 * `string` (RFC 5229 §5): matches expanded source strings against keys.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { compileMatch } from "../matching.ts";
import { makeTest } from "./common.ts";

/** Compiles `string [MATCH-TYPE] [COMPARATOR] <source> <key-list>`. */
export const string: TestCompiler = (node, args, cc) => {
  const source = cc.templates(args.positional[0]);
  const match = compileMatch(args, cc.templates(args.positional[1]));
  return makeTest(node, (rt, self) => {
    let values = rt.expandAll(source);
    // RFC 5229 §5: with :count, source strings that are empty are not counted.
    if (match.kind === "count") values = values.filter((v) => v !== "");
    return match.test(rt, values, self);
  });
};
