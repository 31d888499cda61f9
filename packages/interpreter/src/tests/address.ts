/**
 * `address` (RFC 5228 §5.1) with the address parts of §2.7.4 and subaddress (RFC 5233 §4), and
 * `:index`/`:last` (RFC 5260 §6); `:mime` reads the current MIME part's header and `:anychild`
 * that part and every part below it (RFC 5703 §4.1).
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { type ParsedAddress, parseAddressList } from "../message/address.ts";
import { type AddressPart, addressPart as messageAddressPart } from "../message/address-parts.ts";
import { compileMatch } from "../matching.ts";
import { targetParts } from "../mime-context.ts";
import { indexSelector, makeTest } from "./common.ts";

/** Where address fields come from: the message, or one MIME part (RFC 5703 §4.1). */
interface HeaderSource {
  header(name: string, opts?: { raw?: boolean }): string[];
  addresses(name: string): ParsedAddress[];
}

/** The subaddress separator (RFC 5233 §4; Pigeonhole's default `recipient_delimiter`). */
export const DETAIL_SEPARATOR = "+";

/**
 * The subaddress separator (RFC 5233 §1): the host's `recipient_delimiter` setting (Pigeonhole's
 * name; several characters mean any of them), else "+".
 */
export function detailSeparator(rt: { host: { setting?(name: string): string | null } }): string {
  const s = rt.host.setting?.("recipient_delimiter");
  return s === null || s === undefined || s === "" ? DETAIL_SEPARATOR : s;
}

/**
 * The value of `part` of an address, or null when it has none (RFC 5228 §2.7.4: an invalid
 * address matches only `:all`, as written; RFC 5233 §4: no detail without a separator).
 */
export function addressPart(a: ParsedAddress, part: string, separator: string = DETAIL_SEPARATOR): string | null {
  return messageAddressPart(a, part as AddressPart, { separator });
}

/**
 * Compiles `address [:mime [:anychild]] [ADDRESS-PART] [COMPARATOR] [MATCH-TYPE] [:index n [:last]]
 * <header-list> <key-list>`.
 */
export const address: TestCompiler = (node, args, cc) => {
  const names = cc.templates(args.positional[0]);
  const match = compileMatch(args, cc.templates(args.positional[1]));
  const indexed = args.tags.has("index");
  const select = indexSelector(args);
  const part = args.addressPart;
  const mime = args.tags.has("mime");
  const anychild = args.tags.has("anychild");
  return makeTest(node, (rt, self) => {
    const values: string[] = [];
    // Without :mime the message's own header; with it the parts of RFC 5703 §4.1.
    const sources: HeaderSource[] = mime
      ? targetParts(rt, anychild).map((p) => ({
          header: (n, o) => p.header(n, o),
          addresses: (n) => p.headers.addresses(n),
        }))
      : [rt.message];
    for (const source of sources) {
      for (const n of rt.expandAll(names)) {
        const list = indexed
          ? select(source.header(n, { raw: true })).flatMap((v) => parseAddressList(v))
          : source.addresses(n);
        for (const a of list) {
          const v = addressPart(a, part, detailSeparator(rt));
          if (v !== null) values.push(v);
        }
      }
    }
    return match.test(rt, values, self);
  });
};
