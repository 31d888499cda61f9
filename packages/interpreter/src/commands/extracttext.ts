/**
 * `extracttext` (RFC 5703 §7): stores the text of the current MIME part in a variable.
 *
 * @module
 */
import type { CommandCompiler } from "../arguments.ts";
import { htmlToText, type MimePart, toCrlf } from "../message/mime.ts";
import { positionOf } from "../runtime.ts";
import { applyModifiers, MODIFIER_PRECEDENCE } from "../strings.ts";

/**
 * The text of a part (RFC 5703 §7): transfer encoding undone and charset decoded; HTML reduced
 * to its text, as the body extension's `:text` does (Pigeonhole mime/extracttext.svtest
 * "Basic"). Multiparts, enclosed messages and non-text parts have no text of their own: "".
 */
export function partText(part: MimePart): string {
  if (part.children.length > 0) return "";
  const type = part.type;
  const html = type === "text/html" || type === "application/xhtml+xml";
  if (!html && !type.startsWith("text/")) return "";
  const text = part.decodedText();
  if (text === null) return "";
  return html ? toCrlf(htmlToText(text)) : text;
}

/** The first `n` characters (code points) of `s`, without splitting the whole text. */
function firstChars(s: string, n: number): string {
  let end = 0;
  for (let i = 0; i < n && end < s.length; i++) end += (s.codePointAt(end) as number) > 0xffff ? 2 : 1;
  return s.slice(0, end);
}

/**
 * Compiles `extracttext [MODIFIER…] [:first <number>] <varname>` (RFC 5703 §7). `:first n`
 * keeps the first n characters; modifiers (RFC 5229 §4.1) apply after the cut
 * (`extracttext :length :first 100` gives "100" for a longer part).
 */
export const extracttext: CommandCompiler = (node, args, cc) => {
  const name = cc.template(args.positional[0]);
  const firstArg = args.tags.get("first");
  const first = firstArg != null && firstArg.type === "Number" ? firstArg.value : null;
  const modifiers = [...args.tags.keys()].filter((t) => t in MODIFIER_PRECEDENCE);
  const where = { name: "extracttext", ...positionOf(node) };
  return {
    ...where,
    exec(rt) {
      // §7: outside a loop (only reachable through a variable-free script error) the value is "".
      let v = rt.mimePart === null ? "" : partText(rt.mimePart);
      if (first !== null) v = firstChars(v, first);
      rt.setVariable(
        rt.expand(name),
        modifiers.length === 0 ? v : applyModifiers(modifiers, v, rt.limits.maxVariableSize),
      );
      return "next";
    },
  };
};
