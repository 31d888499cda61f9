/**
 * `size` (RFC 5228 §5.9): the message size in octets with CRLF line ends, as delivered.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { makeTest } from "./common.ts";

/** Compiles `size <":over" / ":under"> <limit>`; both are strict comparisons. */
export const size: TestCompiler = (node, args) => {
  const limit = args.positional[0]?.type === "Number" ? args.positional[0].value : 0;
  const over = args.tags.has("over");
  return makeTest(node, (rt) => (over ? rt.message.size > limit : rt.message.size < limit));
};
