/**
 * `redirect` (RFC 5228 §4.2) with `:copy` (RFC 3894) and extlists' `:list` (RFC 6134 §2.3).
 *
 * @module
 */
import type { CommandCompiler } from "../arguments.ts";
import { SieveRuntimeError } from "../errors.ts";
import { parseAddressList } from "../message/address.ts";
import { positionOf } from "../runtime.ts";
import { addAction } from "./common.ts";

/**
 * The addr-spec of a redirect target, or null when `value` is not exactly one valid address
 * with a domain (RFC 5228 §4.2: "an address as specified in RFC 5322"). A display name and
 * angle brackets are allowed and dropped, so `"Bob <bob@example.com>"` equals `bob@example.com`.
 */
export function redirectAddress(value: string): string | null {
  const list = parseAddressList(value);
  if (list.length !== 1) return null;
  const a = list[0];
  if (a === undefined || !a.valid || a.domain === null || a.domain === "" || a.localPart === "") return null;
  return `${a.localPart}@${a.domain}`;
}

/** Compiles `redirect`. Run time: `SIEVE_E_REDIRECT_ADDRESS` when the address built from variables is invalid. */
export const redirect: CommandCompiler = (node, args, cc) => {
  const target = cc.template(args.positional[0]);
  const copy = args.tags.has("copy");
  const list = args.tags.has("list");
  const where = { name: "redirect", ...positionOf(node) };
  return {
    ...where,
    exec(rt) {
      const value = rt.expand(target);
      if (list) {
        addAction(rt, { type: "redirect", address: value, copy, list: value }, where);
        return "next";
      }
      const address = redirectAddress(value);
      if (address === null) {
        throw new SieveRuntimeError(
          "SIEVE_E_REDIRECT_ADDRESS",
          `specified redirect address '${value}' is invalid (RFC 5228 §4.2)`,
          where,
        );
      }
      addAction(rt, { type: "redirect", address, copy, list: null }, where);
      return "next";
    },
  };
};
