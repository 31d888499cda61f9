/**
 * `extlists` (RFC 6134): the `:list` match type, the `valid_ext_list` test and `:list` on
 * `redirect`.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The extlists extension. */
export const extlists: ExtensionSpec = {
  capability: "extlists",
  reference: "RFC 6134",
  matchTypes: [
    {
      // §2.3: ":list" matches against the members of the lists named in the key-list.
      name: "list",
      group: "match-type",
      validate(tag, _value, _node, args, ctx) {
        // A list lookup has no comparator; Pigeonhole rejects one ("does not allow a comparator").
        const comparator = args.tags.get("comparator");
        if (comparator !== undefined) {
          ctx.error(comparator.tag, "SIEVE_E_COMPARATOR", `the :${tag.name} match type does not allow a comparator`);
        }
      },
    },
  ],
  tests: [
    {
      // §2.4: valid_ext_list <ext-list-names: string-list>
      name: "valid_ext_list",
      positional: [{ name: "ext-list-names", type: "string-list" }],
    },
  ],
  extraTags: [
    {
      // §2.5: redirect :list <ext-list-name: string> sends to every member of the list.
      to: ["redirect"],
      kind: "command",
      tag: {
        name: "list",
        validate(tag, _value, _node, _args, ctx) {
          ctx.warning(tag, "SIEVE_W_VALUE", "redirect :list is not supported by Pigeonhole (Dovecot)");
        },
      },
    },
  ],
};
