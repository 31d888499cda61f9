/**
 * `allof` (RFC 5228 §5.2): short-circuits at the first false test.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { evaluate } from "../runtime.ts";
import { makeTest } from "./common.ts";

/** Compiles `allof (<tests>)`. */
export const allof: TestCompiler = (node, _args, cc) => {
  const inner = (node.tests ?? []).map((t) => cc.test(t));
  return makeTest(node, async (rt) => {
    for (const t of inner) if (!(await evaluate(t, rt))) return false;
    return true;
  });
};
