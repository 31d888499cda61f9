/**
 * `mboxmetadata` (RFC 5490 §4): the `metadata` and `metadataexists` tests on IMAP METADATA
 * (RFC 5464) entries of a mailbox.
 *
 * @module
 */
import type { Argument } from "../ast.ts";
import { warnBadMailboxNames } from "./mailbox.ts";
import type { ExtensionSpec, ValidationContext } from "./types.ts";
import { constantValue, stringsOf } from "./literals.ts";

/**
 * RFC 5464 §3.2: an entry name is "/private/…" or "/shared/…", slash-separated, printable
 * ASCII, no wildcards ("*", "%"), no empty component and no trailing "/".
 */
export function isAnnotationName(name: string): boolean {
  if (!/^[\x20-\x7e]+$/.test(name) || /[*%]/.test(name)) return false;
  if (name.includes("//") || name.endsWith("/")) return false;
  const lower = name.toLowerCase();
  return lower.startsWith("/private/") || lower.startsWith("/shared/");
}

/**
 * Warns about literal annotation names that are invalid. Pigeonhole only warns; such an entry
 * never exists at run time.
 */
export function warnBadAnnotations(arg: Argument | undefined, ctx: ValidationContext): void {
  for (const s of stringsOf(arg)) {
    const c = constantValue(s, ctx);
    if (c !== null && !isAnnotationName(c.value)) {
      ctx.warning(s, "SIEVE_W_VALUE", `"${c.value}" is not a valid metadata entry name (RFC 5464 §3.2)`);
    }
  }
}

/** The mboxmetadata extension. */
export const mboxmetadata: ExtensionSpec = {
  capability: "mboxmetadata",
  reference: "RFC 5490 §4",
  tests: [
    {
      // RFC 5490 §4.1: metadata [MATCH-TYPE] [COMPARATOR] <mailbox: string>
      //                <annotation-name: string> <key-list: string-list>
      name: "metadata",
      matchType: true,
      comparator: true,
      positional: [
        { name: "mailbox", type: "string" },
        { name: "annotation-name", type: "string" },
        { name: "key-list", type: "string-list" },
      ],
      validate(_node, args, ctx) {
        warnBadMailboxNames(args.positional[0], ctx);
        warnBadAnnotations(args.positional[1], ctx);
      },
    },
    {
      // RFC 5490 §4.2: metadataexists <mailbox: string> <annotation-names: string-list>
      name: "metadataexists",
      positional: [
        { name: "mailbox", type: "string" },
        { name: "annotation-names", type: "string-list" },
      ],
      validate(_node, args, ctx) {
        warnBadMailboxNames(args.positional[0], ctx);
        warnBadAnnotations(args.positional[1], ctx);
      },
    },
  ],
};
