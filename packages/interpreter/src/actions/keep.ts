/**
 * `keep` (RFC 5228 §4.3), with imap4flags' `:flags` (RFC 5232 §5).
 *
 * @module
 */
import type { CommandCompiler } from "../arguments.ts";
import { positionOf } from "../runtime.ts";
import { actionFlags, addAction } from "./common.ts";

/** Compiles `keep [:flags <list>]`: a store into the default mailbox that cancels the implicit keep. */
export const keep: CommandCompiler = (node, args, cc) => {
  const flagsArg = args.tags.has("flags") ? cc.templates(args.tags.get("flags")) : null;
  const imap4flags = cc.requires.has("imap4flags");
  const where = { name: "keep", ...positionOf(node) };
  return {
    ...where,
    exec(rt) {
      addAction(rt, { type: "keep", implicit: false, flags: actionFlags(rt, flagsArg, imap4flags) }, where);
      return "next";
    },
  };
};
