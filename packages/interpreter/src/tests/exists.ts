/**
 * `exists` (RFC 5228 §5.5): true when every named header field is present.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { makeTest } from "./common.ts";

/** Compiles `exists <header-names>`. */
export const exists: TestCompiler = (node, args, cc) => {
  const names = cc.templates(args.positional[0]);
  return makeTest(node, (rt) => rt.expandAll(names).every((n) => rt.message.header(n, { raw: true }).length > 0));
};
