/**
 * Address parts (RFC 5228 §2.7.4 `:all`, `:localpart`, `:domain`; RFC 5233 `:user`,
 * `:detail`): the piece of a parsed address a test compares.
 *
 * @module
 */
import type { ParsedAddress } from "./address.ts";

/** The address-part tags without their colon. */
export type AddressPart = "all" | "localpart" | "domain" | "user" | "detail";

/** The address parts, for validation. */
export const ADDRESS_PARTS: readonly AddressPart[] = ["all", "localpart", "domain", "user", "detail"];

/** Options of {@link addressPart}. */
export interface AddressPartOptions {
  /**
   * The subaddress separator characters (RFC 5233 §1): the local part splits at the first
   * occurrence of *any* of them, like Pigeonhole's `recipient_delimiter` ("+-" splits
   * `friep+-frop` into `friep` and `-frop`). Default `"+"`; `""` disables subaddressing (no
   * detail, user = local part).
   */
  separator?: string;
}

// RFC 5322 §3.2.3 atext: a local part made only of these (and inner single dots) needs no quotes.
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+)*$/;

/** The local part as an addr-spec writes it: quoted (RFC 5322 §3.2.4) unless it is a dot-atom. */
export function quoteLocalPart(local: string): string {
  if (DOT_ATOM.test(local)) return local;
  return `"${local.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * The part of `addr` named `part`, or null when the address has no such part (then the
 * address matches no key, RFC 5228 §2.7.4 / RFC 5233 §4):
 * - `all`: `local@domain` (local part re-quoted when needed); for an invalid item its raw text;
 * - `localpart`, `domain` (case kept): null for an invalid item or a missing domain;
 * - `user`: the local part before the first separator, the whole local part without one;
 * - `detail`: the local part after the first separator, `""` when nothing follows it, null
 *   without a separator (RFC 5233 §4: "fails to match any of the specified keys").
 */
export function addressPart(addr: ParsedAddress, part: AddressPart, options: AddressPartOptions = {}): string | null {
  if (part === "all") {
    if (!addr.valid) return addr.raw;
    return addr.domain === null ? addr.localPart : `${quoteLocalPart(addr.localPart)}@${addr.domain}`;
  }
  if (!addr.valid) return null;
  switch (part) {
    case "localpart":
      return addr.localPart;
    case "domain":
      return addr.domain;
    default: {
      const sep = options.separator ?? "+";
      let at = -1;
      for (let i = 0; i < addr.localPart.length && sep !== ""; i++) {
        if (sep.includes(addr.localPart[i] as string)) {
          at = i;
          break;
        }
      }
      if (part === "user") return at < 0 ? addr.localPart : addr.localPart.slice(0, at);
      return at < 0 ? null : addr.localPart.slice(at + 1);
    }
  }
}
