/**
 * `mailboxexists` (RFC 5490 §3.1): true when every named mailbox exists (the host says).
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { makeTest } from "./common.ts";

/** Compiles `mailboxexists <mailbox-names>`; without a host answer only INBOX exists. */
export const mailboxexists: TestCompiler = (node, args, cc) => {
  const names = cc.templates(args.positional[0]);
  return makeTest(node, (rt) =>
    rt.expandAll(names).every((n) => rt.host.mailboxExists?.(n) ?? n.toUpperCase() === "INBOX"),
  );
};
