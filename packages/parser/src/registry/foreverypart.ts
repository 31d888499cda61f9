/**
 * `foreverypart` (RFC 5703 §3): the `foreverypart` loop over MIME parts and `break`.
 *
 * @module
 */
import type { Command } from "../ast.ts";
import type { ExtensionSpec, ValidationContext } from "./types.ts";
import { constantValue } from "./literals.ts";

/** Pigeonhole's nesting limit for foreverypart loops. */
export const FOREVERYPART_MAX_DEPTH = 4;

/** The enclosing foreverypart loops, innermost last. */
export function enclosingLoops(ctx: ValidationContext): Command[] {
  return ctx.ancestors.filter((a): a is Command => a.type === "Command" && a.name.toLowerCase() === "foreverypart");
}

/** The literal `:name` of a foreverypart or break command, if any. */
function loopName(cmd: Command, ctx: ValidationContext): string | null {
  const i = cmd.arguments.findIndex((a) => a.type === "Tag" && a.name.toLowerCase() === "name");
  const v = cmd.arguments[i + 1];
  if (i < 0 || v?.type !== "String") return null;
  return constantValue(v, ctx)?.value ?? null;
}

/** The foreverypart extension. */
export const foreverypart: ExtensionSpec = {
  capability: "foreverypart",
  reference: "RFC 5703 §3",
  commands: [
    {
      // §3.1: foreverypart [":name" <name: string>] block
      name: "foreverypart",
      tags: [{ name: "name", value: "string" }],
      positional: [],
      block: "required",
      validate(node, _args, ctx) {
        if (enclosingLoops(ctx).length + 1 > FOREVERYPART_MAX_DEPTH) {
          ctx.error(
            { range: node.nameRange },
            "SIEVE_E_NESTING",
            `foreverypart loops nest deeper than ${FOREVERYPART_MAX_DEPTH} levels`,
          );
        }
      },
    },
    {
      // §3.2: break [":name" <name: string>], only inside a foreverypart (of that name).
      name: "break",
      tags: [{ name: "name", value: "string" }],
      positional: [],
      validate(node, args, ctx) {
        const loops = enclosingLoops(ctx);
        const cmd = node as Command;
        if (loops.length === 0) {
          ctx.error({ range: cmd.nameRange }, "SIEVE_E_CONTROL", "'break' is only allowed inside a foreverypart loop");
          return;
        }
        const name = args.tags.get("name")?.value;
        if (name?.type !== "String") return;
        const wanted = loopName(cmd, ctx);
        if (wanted !== null && !loops.some((l) => loopName(l, ctx) === wanted)) {
          ctx.error(name, "SIEVE_E_CONTROL", `'break' is not inside a foreverypart loop named "${wanted}"`);
        }
      },
    },
  ],
};
