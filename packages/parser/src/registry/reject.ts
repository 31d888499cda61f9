/**
 * `reject` (RFC 5429 §2.2).
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The reject extension (RFC 5429 §2.2): `reject <reason: string>`. */
export const reject: ExtensionSpec = {
  capability: "reject",
  reference: "RFC 5429 §2.2",
  commands: [{ name: "reject", positional: [{ name: "reason", type: "string" }] }],
};
