/**
 * `editheader` (RFC 5293): the `addheader` and `deleteheader` actions.
 *
 * Literal field names must be RFC 5322 field-names (§3.6.8, `1*ftext`); literal values may
 * span lines (Pigeonhole folds them) but must not contain NUL, and other control characters
 * only earn a warning, as in Pigeonhole.
 *
 * @module
 */
import type { StringLiteral } from "../ast.ts";
import type { ExtensionSpec, ValidationContext } from "./types.ts";
import { constantValue, isHeaderName } from "./literals.ts";

/** Pigeonhole's default `sieve_editheader_max_header_size` (octets of the value). */
export const EDITHEADER_MAX_HEADER_SIZE = 2048;

/** Header fields Pigeonhole never lets a script add or delete (RFC 5293 §6 leaves it to policy). */
const PROTECTED = new Set(["received", "auto-submitted"]);

function checkFieldName(s: StringLiteral | undefined, ctx: ValidationContext, cmd: string, action: string): void {
  if (s === undefined || s.type !== "String") return;
  const c = constantValue(s, ctx);
  if (c === null) return;
  if (!isHeaderName(c.value)) {
    ctx.error(s, "SIEVE_E_HEADER_NAME", `${cmd}: field name "${c.value}" is invalid (RFC 5322 §3.6.8)`);
  } else if (PROTECTED.has(c.value.toLowerCase())) {
    ctx.warning(s, "SIEVE_W_VALUE", `${cmd}: ${action} header field "${c.value}" is forbidden; it will be denied`);
  }
}

/** The editheader extension. */
export const editheader: ExtensionSpec = {
  capability: "editheader",
  reference: "RFC 5293",
  commands: [
    {
      // RFC 5293 §5: addheader [":last"] <field-name: string> <value: string>
      name: "addheader",
      tags: [{ name: "last" }],
      positional: [
        { name: "field-name", type: "string" },
        { name: "value", type: "string" },
      ],
      validate(_node, args, ctx) {
        checkFieldName(args.positional[0] as StringLiteral, ctx, "addheader", "adding");
        const value = args.positional[1] as StringLiteral;
        const c = constantValue(value, ctx);
        if (c === null) return;
        if (c.value.includes("\0")) {
          ctx.error(value, "SIEVE_E_VALUE", "addheader: the value is invalid (contains a NUL character)");
          // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
        } else if (/[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(c.value)) {
          ctx.warning(value, "SIEVE_W_VALUE", "addheader: the value contains control characters");
        }
        if (new TextEncoder().encode(c.value).length > EDITHEADER_MAX_HEADER_SIZE) {
          ctx.error(
            value,
            "SIEVE_E_LIMIT",
            `addheader: the value is longer than the ${EDITHEADER_MAX_HEADER_SIZE}-octet header size limit`,
          );
        }
      },
    },
    {
      // RFC 5293 §6: deleteheader [":index" <fieldno: number> [":last"]]
      //   [COMPARATOR] [MATCH-TYPE] <field-name: string> [<value-patterns: string-list>]
      name: "deleteheader",
      tags: [{ name: "index", value: "number" }, { name: "last" }],
      comparator: true,
      matchType: true,
      positional: [
        { name: "field-name", type: "string" },
        { name: "value-patterns", type: "string-list", optional: true },
      ],
      validate(_node, args, ctx) {
        const last = args.tags.get("last");
        if (last !== undefined && !args.tags.has("index")) {
          // Pigeonhole reports this before looking at the field name.
          ctx.error(last.tag, "SIEVE_E_ARGUMENT", "deleteheader: the :last tag cannot be specified without :index");
          return;
        }
        checkFieldName(args.positional[0] as StringLiteral, ctx, "deleteheader", "deleting");
      },
    },
  ],
};
