/**
 * `not` (RFC 5228 §5.8).
 *
 * @module
 */
import type { Test } from "@sieve-toolkit/parser";
import type { TestCompiler } from "../arguments.ts";
import { evaluate } from "../runtime.ts";
import { makeTest } from "./common.ts";

/** Compiles `not <test>`. */
export const not: TestCompiler = (node, _args, cc) => {
  const inner = cc.test(node.test as Test);
  return makeTest(node, async (rt) => !(await evaluate(inner, rt)));
};
