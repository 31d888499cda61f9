/**
 * `index` (RFC 5260 §6): `:index <fieldno>` and `:last` on `header`, `address` and `date`.
 *
 * The file is not called `index.ts`: that name is taken by the registry's list of extensions.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The index extension (RFC 5260 §6). */
export const indexExtension: ExtensionSpec = {
  capability: "index",
  reference: "RFC 5260 §6",
  extraTags: [
    {
      to: ["header", "address", "date"],
      kind: "test",
      tag: {
        name: "index",
        value: "number",
        validate(_tag, value, _node, _args, ctx) {
          // RFC 5260 §6: field numbers start at 1.
          if (value?.type === "Number" && value.value === 0) {
            ctx.error(value, "SIEVE_E_VALUE", "':index' counts from 1; 0 is not a field number (RFC 5260 §6)");
          }
        },
      },
    },
    {
      to: ["header", "address", "date"],
      kind: "test",
      tag: {
        name: "last",
        validate(tag, _value, _node, args, ctx) {
          // RFC 5260 §6: ":last" is only meaningful with ":index".
          if (!args.tags.has("index")) {
            ctx.error(tag, "SIEVE_E_ARGUMENT", "':last' needs ':index' (RFC 5260 §6)");
          }
        },
      },
    },
  ],
};
