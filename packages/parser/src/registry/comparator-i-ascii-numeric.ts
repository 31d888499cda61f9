/**
 * `comparator-i;ascii-numeric` (RFC 4790 §9.1; RFC 5228 §2.7.3 capability naming).
 *
 * The engine already rejects `:contains`, `:matches` and `:regex` with this comparator
 * (it offers equality and ordering only, RFC 4790 §9.1.1).
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The i;ascii-numeric comparator: strings compared by their leading decimal digits. */
export const comparatorIAsciiNumeric: ExtensionSpec = {
  capability: "comparator-i;ascii-numeric",
  reference: "RFC 4790 §9.1",
  comparators: ["i;ascii-numeric"],
};
