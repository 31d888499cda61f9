/**
 * `fileinto` (RFC 5228 §4.1).
 *
 * @module
 */
import { constantValue } from "./literals.ts";
import type { ExtensionSpec } from "./types.ts";

/** The fileinto extension. */
export const fileinto: ExtensionSpec = {
  capability: "fileinto",
  reference: "RFC 5228 §4.1",
  commands: [
    {
      name: "fileinto",
      positional: [{ name: "mailbox", type: "string" }],
      validate(_node, args, ctx) {
        // Mailbox names are UTF-8 (RFC 5228 §4.1 via RFC 3501 §5.1.3 / RFC 6855); an encoded
        // character can make one that is not (`"${hex:ff}rop"`), which Pigeonhole refuses.
        const s = args.positional[0];
        const c = s?.type === "String" ? constantValue(s, ctx) : null;
        if (s !== undefined && c !== null && !c.validUtf8) {
          ctx.error(s, "SIEVE_E_VALUE", `invalid mailbox name "${c.value}": not valid UTF-8`);
        }
      },
    },
  ],
};
