/**
 * `spamtest` (RFC 5235 §3.2). `:percent` belongs to `spamtestplus` (RFC 5235 §3.3), which
 * implies this one.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The spamtest extension (RFC 5235 §3.2). */
export const spamtest: ExtensionSpec = {
  capability: "spamtest",
  reference: "RFC 5235 §3.2",
  tests: [
    {
      // spamtest [":percent"] [COMPARATOR] [MATCH-TYPE] <value: string>
      name: "spamtest",
      tags: [{ name: "percent", requires: "spamtestplus" }],
      matchType: true,
      comparator: true,
      positional: [{ name: "value", type: "string" }],
    },
  ],
};
