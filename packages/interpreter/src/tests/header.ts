/**
 * `header` (RFC 5228 §5.7), with `:index`/`:last` (RFC 5260 §6) and the MIME options of RFC
 * 5703 §4: `:mime` reads the current MIME part's header (§4.1), `:anychild` that part and every
 * part below it, and `:type` / `:subtype` / `:contenttype` / `:param` pick pieces of a
 * structured value (§4.2). Values are decoded (RFC 2047 encoded-words, RFC 5228 §2.7.2) by the
 * message view.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { compileMatch } from "../matching.ts";
import { mimeOptionOf, optionValues, targetParts } from "../mime-context.ts";
import { indexSelector, makeTest } from "./common.ts";

/**
 * Compiles `header [:mime [:anychild] [OPTION]] [COMPARATOR] [MATCH-TYPE] [:index n [:last]]
 * <header-names> <key-list>`.
 */
export const header: TestCompiler = (node, args, cc) => {
  const names = cc.templates(args.positional[0]);
  const match = compileMatch(args, cc.templates(args.positional[1]));
  const select = indexSelector(args);
  const mime = args.tags.has("mime");
  const anychild = args.tags.has("anychild");
  const option = mime ? mimeOptionOf(args, cc) : null;
  return makeTest(node, (rt, self) => {
    const values: string[] = [];
    if (!mime) {
      for (const n of rt.expandAll(names)) values.push(...select(rt.message.header(n)));
      return match.test(rt, values, self);
    }
    const params = option?.kind === "param" ? rt.expandAll(option.names) : [];
    for (const part of targetParts(rt, anychild)) {
      for (const n of rt.expandAll(names)) {
        if (option === null) values.push(...select(part.header(n)));
        else for (const v of select(part.header(n, { raw: true }))) values.push(...optionValues(v, option, params));
      }
    }
    return match.test(rt, values, self);
  });
};
