/**
 * `exists` (RFC 5228 §5.5): true when every named header field is present; with `:mime` (RFC
 * 5703 §4.1) in the current MIME part, with `:anychild` each in that part or a part below it.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { targetParts } from "../mime-context.ts";
import { makeTest } from "./common.ts";

/** Compiles `exists [:mime [:anychild]] <header-names>`. */
export const exists: TestCompiler = (node, args, cc) => {
  const names = cc.templates(args.positional[0]);
  const mime = args.tags.has("mime");
  const anychild = args.tags.has("anychild");
  return makeTest(node, (rt) => {
    if (!mime) return rt.expandAll(names).every((n) => rt.message.header(n, { raw: true }).length > 0);
    // Pigeonhole (mime/exists.svtest "Multipart anychild"): each name may sit in a different part.
    const parts = targetParts(rt, anychild);
    return rt.expandAll(names).every((n) => parts.some((p) => p.header(n, { raw: true }).length > 0));
  });
};
