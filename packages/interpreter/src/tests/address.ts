/**
 * `address` (RFC 5228 §5.1) with the address parts of §2.7.4 and subaddress (RFC 5233 §4), and
 * `:index`/`:last` (RFC 5260 §6).
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { type ParsedAddress, parseAddressList } from "../message/address.ts";
import { type AddressPart, addressPart as messageAddressPart } from "../message/address-parts.ts";
import { compileMatch } from "../matching.ts";
import { indexSelector, makeTest } from "./common.ts";

/** The subaddress separator (RFC 5233 §4; Pigeonhole's default `recipient_delimiter`). */
export const DETAIL_SEPARATOR = "+";

/**
 * The value of `part` of an address, or null when it has none (RFC 5228 §2.7.4: an invalid
 * address matches only `:all`, as written; RFC 5233 §4: no detail without a separator).
 */
export function addressPart(a: ParsedAddress, part: string): string | null {
  return messageAddressPart(a, part as AddressPart, { separator: DETAIL_SEPARATOR });
}

/** Compiles `address [ADDRESS-PART] [COMPARATOR] [MATCH-TYPE] [:index n [:last]] <header-list> <key-list>`. */
export const address: TestCompiler = (node, args, cc) => {
  const names = cc.templates(args.positional[0]);
  const match = compileMatch(args, cc.templates(args.positional[1]));
  const indexed = args.tags.has("index");
  const select = indexSelector(args);
  const part = args.addressPart;
  return makeTest(node, (rt, self) => {
    const values: string[] = [];
    for (const n of rt.expandAll(names)) {
      const list = indexed
        ? select(rt.message.header(n, { raw: true })).flatMap((v) => parseAddressList(v))
        : rt.message.addresses(n);
      for (const a of list) {
        const v = addressPart(a, part);
        if (v !== null) values.push(v);
      }
    }
    return match.test(rt, values, self);
  });
};
