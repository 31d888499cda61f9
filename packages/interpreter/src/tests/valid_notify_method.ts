/**
 * enotify's `valid_notify_method` and `notify_method_capability` (RFC 5435 §4, §5). The only
 * method is `mailto` (RFC 5436).
 *
 * @module
 */
import { redirectAddress } from "../actions/redirect.ts";
import type { TestCompiler } from "../arguments.ts";
import { compileMatch } from "../matching.ts";
import { makeTest } from "./common.ts";

/** Is `uri` a usable `mailto:` URI (RFC 5436 §2.1, RFC 6068): at least one valid recipient? */
export function validMailto(uri: string): boolean {
  const m = /^mailto:([^?]*)(\?.*)?$/i.exec(uri);
  if (!m) return false;
  let to: string;
  try {
    to = decodeURIComponent(m[1] ?? "");
  } catch {
    return false;
  }
  const list = to === "" ? [] : to.split(",");
  let recipients = list.length;
  for (const a of list) if (redirectAddress(a) === null) return false;
  const query = (m[2] ?? "").slice(1);
  for (const pair of query === "" ? [] : query.split("&")) {
    const eq = pair.indexOf("=");
    let k: string;
    let v: string;
    try {
      k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      v = decodeURIComponent(eq < 0 ? "" : pair.slice(eq + 1));
    } catch {
      return false;
    }
    // RFC 6068 §2: an hfname is a header field name, i.e. RFC 5322 §3.6.8 ftext (printable
    // US-ASCII but ":"), so "?header:=frop" is not a usable URI (enotify/valid_notify_method.svtest).
    if (!/^[!-9;-~]+$/.test(k)) return false;
    if (k.toLowerCase() === "to" && v) {
      for (const a of v.split(",")) if (redirectAddress(a) === null) return false;
      recipients++;
    }
  }
  return recipients > 0;
}

/** Compiles `valid_notify_method <notification-uris>`. */
export const validNotifyMethod: TestCompiler = (node, args, cc) => {
  const uris = cc.templates(args.positional[0]);
  return makeTest(node, (rt) => rt.expandAll(uris).every(validMailto));
};

/**
 * Compiles `notify_method_capability [COMPARATOR] [MATCH-TYPE] <uri> <capability> <key-list>`:
 * for a valid mailto URI, `online` is `maybe` (RFC 5436 §2.2); otherwise no value.
 */
export const notifyMethodCapability: TestCompiler = (node, args, cc) => {
  const uri = cc.template(args.positional[0]);
  const capability = cc.template(args.positional[1]);
  const match = compileMatch(args, cc.templates(args.positional[2]));
  return makeTest(node, (rt, self) => {
    const ok = validMailto(rt.expand(uri)) && rt.expand(capability).toLowerCase() === "online";
    return match.test(rt, ok ? ["maybe"] : [], self);
  });
};
