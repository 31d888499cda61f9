/**
 * `mailbox` (RFC 5490 §3): the `mailboxexists` test and `:create` on `fileinto`.
 *
 * @module
 */
import type { ExtensionSpec, ValidationContext } from "./types.ts";
import type { Argument } from "../ast.ts";
import { constantValue, stringsOf } from "./literals.ts";

/**
 * Warns about literal mailbox names that are not UTF-8 (e.g. made with `${hex:ff}`). Pigeonhole
 * only warns; at run time such a name never exists.
 */
export function warnBadMailboxNames(arg: Argument | undefined, ctx: ValidationContext): void {
  for (const s of stringsOf(arg)) {
    const c = constantValue(s, ctx);
    if (c !== null && !c.validUtf8) {
      ctx.warning(s, "SIEVE_W_VALUE", `mailbox name "${c.value}" is not valid UTF-8 and can never exist`);
    }
  }
}

/** The mailbox extension. */
export const mailbox: ExtensionSpec = {
  capability: "mailbox",
  reference: "RFC 5490 §3",
  tests: [
    {
      // RFC 5490 §3.1: mailboxexists <mailbox-names: string-list>
      name: "mailboxexists",
      positional: [{ name: "mailbox-names", type: "string-list" }],
      validate(_node, args, ctx) {
        warnBadMailboxNames(args.positional[0], ctx);
      },
    },
  ],
  // RFC 5490 §3.2: fileinto [:create] <mailbox: string>
  extraTags: [{ to: ["fileinto"], kind: "command", tag: { name: "create" } }],
};
