/**
 * `spamtestplus` (RFC 5235 §3.3): enables `spamtest` and its `:percent` tag.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The spamtestplus extension (RFC 5235 §3.3); the test itself lives in `spamtest`. */
export const spamtestplus: ExtensionSpec = {
  capability: "spamtestplus",
  reference: "RFC 5235 §3.3",
  implies: ["spamtest"],
};
