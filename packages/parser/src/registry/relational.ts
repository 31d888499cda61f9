/**
 * `relational` (RFC 5231): the `:count` and `:value` match types.
 *
 * @module
 */
import type { Argument, Tag } from "../ast.ts";
import type { ExtensionSpec, ValidationContext } from "./types.ts";

/** RFC 5231 §5: the relational operators. */
export const RELATIONAL_OPERATORS: readonly string[] = ["gt", "ge", "lt", "le", "eq", "ne"];

/**
 * RFC 5231 §5: `relational-match = DQUOTE ("gt" / "ge" / "lt" / "le" / "eq" / "ne") DQUOTE`,
 * compared case-insensitively (ABNF strings, RFC 5234 §2.3). Pigeonhole also insists on a
 * constant, so `"${op}"` is an error too.
 */
function checkOperator(tag: Tag, value: Argument | null, _node: unknown, _args: unknown, ctx: ValidationContext): void {
  if (value === null || value.type !== "String") return;
  if (!RELATIONAL_OPERATORS.includes(value.value.toLowerCase())) {
    ctx.error(
      value,
      "SIEVE_E_RELATIONAL",
      `match type ':${tag.name}' needs one of the relational operators ${RELATIONAL_OPERATORS.map((o) => `"${o}"`).join(", ")}, found "${value.value}" (RFC 5231 §5)`,
    );
  }
}

/** The relational extension (RFC 5231). */
export const relational: ExtensionSpec = {
  capability: "relational",
  reference: "RFC 5231",
  matchTypes: [
    // RFC 5231 §4.2: MATCH-TYPE =/ COUNT / VALUE
    { name: "count", value: "string", group: "match-type", validate: checkOperator },
    { name: "value", value: "string", group: "match-type", validate: checkOperator },
  ],
};
