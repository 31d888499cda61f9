/**
 * `copy` (RFC 3894): `:copy` on `fileinto` and `redirect`.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The copy extension (RFC 3894 §3). */
export const copy: ExtensionSpec = {
  capability: "copy",
  reference: "RFC 3894",
  extraTags: [{ to: ["fileinto", "redirect"], kind: "command", tag: { name: "copy" } }],
};
