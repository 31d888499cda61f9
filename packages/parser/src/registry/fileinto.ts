/**
 * `fileinto` (RFC 5228 §4.1).
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The fileinto extension. */
export const fileinto: ExtensionSpec = {
  capability: "fileinto",
  reference: "RFC 5228 §4.1",
  commands: [{ name: "fileinto", positional: [{ name: "mailbox", type: "string" }] }],
};
