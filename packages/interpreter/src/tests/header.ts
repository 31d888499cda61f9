/**
 * `header` (RFC 5228 §5.7), with `:index`/`:last` (RFC 5260 §6). Values are decoded (RFC 2047
 * encoded-words, RFC 5228 §2.7.2) by the message view.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { compileMatch } from "../matching.ts";
import { indexSelector, makeTest } from "./common.ts";

/** Compiles `header [COMPARATOR] [MATCH-TYPE] [:index n [:last]] <header-names> <key-list>`. */
export const header: TestCompiler = (node, args, cc) => {
  const names = cc.templates(args.positional[0]);
  const match = compileMatch(args, cc.templates(args.positional[1]));
  const select = indexSelector(args);
  return makeTest(node, (rt, self) => {
    const values: string[] = [];
    for (const n of rt.expandAll(names)) values.push(...select(rt.message.header(n)));
    return match.test(rt, values, self);
  });
};
