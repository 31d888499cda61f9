/**
 * `virustest` (RFC 5235 §3.4).
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The virustest extension (RFC 5235 §3.4): `virustest [COMPARATOR] [MATCH-TYPE] <value: string>`. */
export const virustest: ExtensionSpec = {
  capability: "virustest",
  reference: "RFC 5235 §3.4",
  tests: [{ name: "virustest", matchType: true, comparator: true, positional: [{ name: "value", type: "string" }] }],
};
