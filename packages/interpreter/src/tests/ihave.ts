/**
 * `ihave` (RFC 5463 §4): true when every capability is one this engine runs. The validator
 * already skipped blocks under an `ihave` it could not enable, so this agrees with it.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { makeTest } from "./common.ts";

/** Compiles `ihave <capabilities>`; the answer is fixed at compile time. */
export const ihave: TestCompiler = (node, args, cc) => {
  const caps = cc.templates(args.positional[0]);
  const known = caps.every((c) => c.constant !== null && cc.supports(c.constant));
  return makeTest(node, () => known);
};
