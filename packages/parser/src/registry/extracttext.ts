/**
 * `extracttext` (RFC 5703 §7): stores the text of the current MIME part in a variable.
 *
 * @module
 */
import type { Command } from "../ast.ts";
import { enclosingLoops } from "./foreverypart.ts";
import type { ExtensionSpec, TagSpec } from "./types.ts";
import { assignableVariableError, constantValue } from "./literals.ts";

/**
 * The `set` modifiers (RFC 5229 §4.1; `:quoteregex` from regex, `:encodeurl` from RFC 5435 §6).
 * Modifiers of equal precedence conflict, which the groups express.
 */
export const SET_MODIFIERS: TagSpec[] = [
  { name: "lower", group: "modifier-40" },
  { name: "upper", group: "modifier-40" },
  { name: "lowerfirst", group: "modifier-30" },
  { name: "upperfirst", group: "modifier-30" },
  { name: "quotewildcard", group: "modifier-20" },
  { name: "quoteregex", group: "modifier-20", requires: "regex" },
  { name: "encodeurl", group: "modifier-15", requires: "enotify" },
  { name: "length", group: "modifier-10" },
];

/** The extracttext extension. */
export const extracttext: ExtensionSpec = {
  capability: "extracttext",
  reference: "RFC 5703 §7",
  // §7: "extracttext" is used with "variables", inside "foreverypart".
  dependsOn: ["variables", "foreverypart"],
  commands: [
    {
      // §7: extracttext [MODIFIER] [":first" number] <varname: string>
      name: "extracttext",
      tags: [{ name: "first", value: "number" }, ...SET_MODIFIERS],
      positional: [{ name: "varname", type: "string" }],
      validate(node, args, ctx) {
        if (enclosingLoops(ctx).length === 0) {
          ctx.error(
            { range: (node as Command).nameRange },
            "SIEVE_E_CONTROL",
            "'extracttext' is only allowed inside a foreverypart loop",
          );
        }
        const v = args.positional[0];
        if (v?.type !== "String") return;
        const why = assignableVariableError(constantValue(v, ctx)?.value ?? v.value, ctx);
        if (why !== null) ctx.error(v, "SIEVE_E_VARIABLE", `extracttext: ${why}`);
      },
    },
  ],
};
