/**
 * `envelope` (RFC 5228 §5.4).
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";
import { hasVariableReference } from "./variables.ts";

/**
 * Envelope parts Pigeonhole supports: RFC 5228 §5.4 "from" and "to", plus "auth"
 * (the authenticated user, RFC 5228 §5.4 allows extensions to add parts).
 */
export const ENVELOPE_PARTS: readonly string[] = ["from", "to", "auth"];

/** The envelope extension (RFC 5228 §5.4). */
export const envelope: ExtensionSpec = {
  capability: "envelope",
  reference: "RFC 5228 §5.4",
  tests: [
    {
      // envelope [COMPARATOR] [ADDRESS-PART] [MATCH-TYPE] <envelope-part: string-list> <key-list: string-list>
      name: "envelope",
      matchType: true,
      comparator: true,
      addressPart: true,
      positional: [
        { name: "envelope-part", type: "string-list" },
        { name: "key-list", type: "string-list" },
      ],
      validate(_node, args, ctx) {
        const parts = args.positional[0];
        const items = parts?.type === "String" ? [parts] : parts?.type === "StringList" ? parts.items : [];
        for (const s of items) {
          if (hasVariableReference(s.value, ctx)) continue;
          if (!ENVELOPE_PARTS.includes(s.value.toLowerCase())) {
            ctx.error(
              s,
              "SIEVE_E_VALUE",
              `envelope part "${s.value}" is not supported; use one of ${ENVELOPE_PARTS.map((p) => `"${p}"`).join(", ")}`,
            );
          }
        }
      },
    },
  ],
};
