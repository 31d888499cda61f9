/**
 * `ihave` (RFC 5463): the `ihave` test and the `error` command.
 *
 * Like Pigeonhole, a literal `ihave` of a known capability enables it for the rest of the
 * script (so `if ihave "fileinto" { fileinto "x"; }` needs no `require`), and the block of an
 * `if`/`elsif ihave` naming an unknown capability is not validated at all (RFC 5463 §4: it may
 * use commands this implementation does not know). `variables` and `encoded-character` can never
 * be "had": their effect on strings is decided when the script is parsed.
 *
 * @module
 */
import type { Command, Test } from "../ast.ts";
import type { ExtensionSpec, ValidationContext } from "./types.ts";
import { constantValue, stringsOf } from "./literals.ts";

/** Capabilities `ihave` always reports as absent (Pigeonhole: incompatible with ihave). */
export const IHAVE_INCOMPATIBLE: ReadonlySet<string> = new Set(["variables", "encoded-character", "ihave"]);

/** The literal capability names of an ihave test, or null when one depends on variables. */
function literalCapabilities(node: Command | Test, ctx: ValidationContext): string[] | null {
  const out: string[] = [];
  for (const a of node.arguments) {
    for (const s of stringsOf(a)) {
      const c = constantValue(s, ctx);
      if (c === null) return null;
      out.push(c.value.toLowerCase());
    }
  }
  return out;
}

/** The ihave extension. */
export const ihave: ExtensionSpec = {
  capability: "ihave",
  reference: "RFC 5463",
  tests: [
    {
      // RFC 5463 §4: ihave <capabilities: string-list>
      name: "ihave",
      positional: [{ name: "capabilities", type: "string-list" }],
      skipsBlock(node, ctx) {
        const caps = literalCapabilities(node, ctx);
        if (caps === null) return false;
        return caps.some((c) => IHAVE_INCOMPATIBLE.has(c) || ctx.tryEnable?.(c) !== true);
      },
      validate(node, _args, ctx) {
        for (const c of literalCapabilities(node, ctx) ?? []) {
          if (!IHAVE_INCOMPATIBLE.has(c)) ctx.tryEnable?.(c);
        }
      },
    },
  ],
  commands: [
    {
      // RFC 5463 §5: error <message: string>
      name: "error",
      positional: [{ name: "message", type: "string" }],
    },
  ],
};
