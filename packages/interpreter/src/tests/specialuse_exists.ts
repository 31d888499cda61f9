/**
 * `specialuse_exists` (RFC 8579 §4): the host says which mailboxes carry which special-use flags.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { makeTest } from "./common.ts";

/** Compiles `specialuse_exists [<mailbox>] <special-use-flags>`. */
export const specialuseExists: TestCompiler = (node, args, cc) => {
  const two = args.positional.length >= 2;
  const mailbox = two ? cc.template(args.positional[0]) : null;
  const flags = cc.templates(args.positional[two ? 1 : 0]);
  return makeTest(
    node,
    (rt) => rt.host.specialUseExists?.(mailbox === null ? null : rt.expand(mailbox), rt.expandAll(flags)) ?? false,
  );
};
