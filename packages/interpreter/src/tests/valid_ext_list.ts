/**
 * `valid_ext_list` (RFC 6134 §2.4): true when every named external list is known to the host.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { normalizeListName } from "../host.ts";
import { makeTest } from "./common.ts";

/**
 * Compiles `valid_ext_list <ext-list-names>`. A name that is not a URI (`frop:666` is one, but
 * no list) or that the host does not know makes it false (extlists/valid_ext_list.svtest); the
 * `:addrbook:default` shorthand counts as its URN (RFC 6134 §2.1).
 */
export const validExtList: TestCompiler = (node, args, cc) => {
  const names = cc.templates(args.positional[0]);
  return makeTest(node, (rt) => {
    const ask = rt.host.listExists;
    if (ask === undefined) return false;
    return rt.expandAll(names).every((n) => ask.call(rt.host, normalizeListName(n)));
  });
};
