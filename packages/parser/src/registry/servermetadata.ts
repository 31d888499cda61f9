/**
 * `servermetadata` (RFC 5490 §5): the `servermetadata` and `servermetadataexists` tests on
 * server-wide IMAP METADATA (RFC 5464) entries.
 *
 * @module
 */
import { warnBadAnnotations } from "./mboxmetadata.ts";
import type { ExtensionSpec } from "./types.ts";

/** The servermetadata extension. */
export const servermetadata: ExtensionSpec = {
  capability: "servermetadata",
  reference: "RFC 5490 §5",
  tests: [
    {
      // RFC 5490 §5.1: servermetadata [MATCH-TYPE] [COMPARATOR]
      //                <annotation-name: string> <key-list: string-list>
      name: "servermetadata",
      matchType: true,
      comparator: true,
      positional: [
        { name: "annotation-name", type: "string" },
        { name: "key-list", type: "string-list" },
      ],
      validate(_node, args, ctx) {
        warnBadAnnotations(args.positional[0], ctx);
      },
    },
    {
      // RFC 5490 §5.2: servermetadataexists <annotation-names: string-list>
      name: "servermetadataexists",
      positional: [{ name: "annotation-names", type: "string-list" }],
      validate(_node, args, ctx) {
        warnBadAnnotations(args.positional[0], ctx);
      },
    },
  ],
};
