/**
 * `subaddress` (RFC 5233): the `:user` and `:detail` address parts.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The subaddress extension (RFC 5233 §4). */
export const subaddress: ExtensionSpec = {
  capability: "subaddress",
  reference: "RFC 5233",
  addressParts: [
    { name: "user", group: "address-part" },
    { name: "detail", group: "address-part" },
  ],
};
