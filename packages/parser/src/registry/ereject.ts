/**
 * `ereject` (RFC 5429 §2.1).
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The ereject extension (RFC 5429 §2.1): `ereject <reason: string>`. */
export const ereject: ExtensionSpec = {
  capability: "ereject",
  reference: "RFC 5429 §2.1",
  commands: [{ name: "ereject", positional: [{ name: "reason", type: "string" }] }],
};
