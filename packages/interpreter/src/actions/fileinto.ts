/**
 * `fileinto` (RFC 5228 §4.1) with `:copy` (RFC 3894), `:flags` (RFC 5232 §5), `:create`
 * (RFC 5490 §3.2), `:specialuse` (RFC 8579 §4) and `:mailboxid` (RFC 9042 §2).
 *
 * @module
 */
import type { CommandCompiler } from "../arguments.ts";
import { positionOf } from "../runtime.ts";
import { SieveRuntimeError } from "../errors.ts";
import { actionFlags, addAction } from "./common.ts";

/** Compiles `fileinto`. Run time: `SIEVE_E_MAILBOX` when the name expands to "" or holds NUL. */
export const fileinto: CommandCompiler = (node, args, cc) => {
  const mailbox = cc.template(args.positional[0]);
  const flagsArg = args.tags.has("flags") ? cc.templates(args.tags.get("flags")) : null;
  const specialUse = args.tags.has("specialuse") ? cc.template(args.tags.get("specialuse")) : null;
  const mailboxId = args.tags.has("mailboxid") ? cc.template(args.tags.get("mailboxid")) : null;
  const copy = args.tags.has("copy");
  const create = args.tags.has("create");
  const imap4flags = cc.requires.has("imap4flags");
  const where = { name: "fileinto", ...positionOf(node) };
  return {
    ...where,
    exec(rt) {
      const name = rt.expand(mailbox);
      if (name === "" || name.includes("\0")) {
        throw new SieveRuntimeError("SIEVE_E_MAILBOX", `invalid mailbox name ${JSON.stringify(name)}`, where);
      }
      addAction(
        rt,
        {
          type: "fileinto",
          mailbox: name,
          flags: actionFlags(rt, flagsArg, imap4flags),
          copy,
          create,
          specialUse: specialUse === null ? null : rt.expand(specialUse),
          mailboxId: mailboxId === null ? null : rt.expand(mailboxId),
        },
        where,
      );
      return "next";
    },
  };
};
