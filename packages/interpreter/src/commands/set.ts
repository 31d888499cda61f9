/**
 * `set` (RFC 5229 §4) with every modifier (§4.1; `quoteregex` from draft-ietf-sieve-regex §5,
 * `encodeurl` from RFC 5435 §6).
 *
 * @module
 */
import type { CommandCompiler } from "../arguments.ts";
import { positionOf } from "../runtime.ts";
import { applyModifiers, MODIFIER_PRECEDENCE } from "../strings.ts";

/** Compiles `set [MODIFIER…] <name> <value>`; the value is cut to `maxVariableSize` bytes. */
export const set: CommandCompiler = (node, args, cc) => {
  const name = cc.template(args.positional[0]);
  const value = cc.template(args.positional[1]);
  const modifiers = [...args.tags.keys()].filter((t) => t in MODIFIER_PRECEDENCE);
  const where = { name: "set", ...positionOf(node) };
  return {
    ...where,
    exec(rt) {
      const v = rt.expand(value);
      rt.setVariable(
        rt.expand(name),
        modifiers.length === 0 ? v : applyModifiers(modifiers, v, rt.limits.maxVariableSize),
      );
      return "next";
    },
  };
};
