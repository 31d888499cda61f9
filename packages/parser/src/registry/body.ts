/**
 * `body` (RFC 5173).
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The body extension (RFC 5173 §4). */
export const body: ExtensionSpec = {
  capability: "body",
  reference: "RFC 5173",
  tests: [
    {
      // body [COMPARATOR] [MATCH-TYPE] [BODY-TRANSFORM] <key-list: string-list>
      // BODY-TRANSFORM = :raw / :content <content-types: string-list> / :text (RFC 5173 §5)
      name: "body",
      matchType: true,
      comparator: true,
      tags: [
        { name: "raw", group: "body-transform" },
        { name: "content", value: "string-list", group: "body-transform" },
        { name: "text", group: "body-transform" },
      ],
      positional: [{ name: "key-list", type: "string-list" }],
    },
  ],
};
