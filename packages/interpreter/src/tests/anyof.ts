/**
 * `anyof` (RFC 5228 §5.3): short-circuits at the first true test.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { evaluate } from "../runtime.ts";
import { makeTest } from "./common.ts";

/** Compiles `anyof (<tests>)`. */
export const anyof: TestCompiler = (node, _args, cc) => {
  const inner = (node.tests ?? []).map((t) => cc.test(t));
  return makeTest(node, async (rt) => {
    for (const t of inner) if (await evaluate(t, rt)) return true;
    return false;
  });
};
