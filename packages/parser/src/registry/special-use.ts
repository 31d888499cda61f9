/**
 * `special-use` (RFC 8579): `:specialuse` on `fileinto` and the `specialuse_exists` test.
 *
 * @module
 */
import type { Argument } from "../ast.ts";
import { warnBadMailboxNames } from "./mailbox.ts";
import type { ExtensionSpec, ValidationContext } from "./types.ts";
import { constantValue, stringsOf } from "./literals.ts";

/**
 * RFC 6154 §2 / RFC 3501 flag-extension: a special-use attribute is "\" followed by an atom
 * (no atom-specials `(){ %*"\]` and no controls).
 */
export function isSpecialUseFlag(s: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: atoms exclude control characters (RFC 3501)
  return /^\\[^\x00-\x20\x7f(){%*"\\\]]+$/.test(s);
}

function checkFlags(arg: Argument | null | undefined, ctx: ValidationContext, what: string): void {
  for (const s of stringsOf(arg)) {
    const c = constantValue(s, ctx);
    if (c !== null && !isSpecialUseFlag(c.value)) {
      ctx.error(s, "SIEVE_E_VALUE", `${what}: invalid special-use flag "${c.value}" (RFC 6154: "\\" atom)`);
    }
  }
}

/** The special-use extension. */
export const specialUse: ExtensionSpec = {
  capability: "special-use",
  reference: "RFC 8579",
  tests: [
    {
      // RFC 8579 §3: specialuse_exists [<mailbox: string>] <special-use-flags: string-list>
      name: "specialuse_exists",
      positional: [
        { name: "mailbox", type: "string-list", optional: true },
        { name: "special-use-flags", type: "string-list" },
      ],
      validate(_node, args, ctx) {
        const [first, second] = args.positional;
        if (second !== undefined) {
          if (first?.type === "StringList") {
            ctx.error(first, "SIEVE_E_ARGUMENT", "specialuse_exists: the mailbox must be a single string");
          }
          warnBadMailboxNames(first, ctx);
          checkFlags(second, ctx, "specialuse_exists");
        } else {
          checkFlags(first, ctx, "specialuse_exists");
        }
      },
    },
  ],
  extraTags: [
    {
      // RFC 8579 §4: fileinto [:specialuse <special-use-flag: string>] <mailbox: string>
      to: ["fileinto"],
      kind: "command",
      tag: {
        name: "specialuse",
        value: "string",
        validate(_tag, value, _node, _args, ctx) {
          checkFlags(value, ctx, "fileinto :specialuse");
        },
      },
    },
  ],
};
