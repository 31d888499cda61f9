/**
 * `environment` (RFC 5183). Item names are free strings: RFC 5183 §4.1 lets implementations
 * add their own (Pigeonhole has `vnd.dovecot.*`), so no name is rejected.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The environment extension (RFC 5183 §4). */
export const environment: ExtensionSpec = {
  capability: "environment",
  reference: "RFC 5183",
  tests: [
    {
      // environment [COMPARATOR] [MATCH-TYPE] <name: string> <key-list: string-list>
      name: "environment",
      matchType: true,
      comparator: true,
      positional: [
        { name: "name", type: "string" },
        { name: "key-list", type: "string-list" },
      ],
    },
  ],
};
