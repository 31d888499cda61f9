/**
 * `envelope` (RFC 5228 §5.4): the SMTP envelope's `from` and `to`, plus `auth` (RFC 4954 via
 * Pigeonhole) and `orig_to`.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { compileMatch } from "../matching.ts";
import type { Runtime } from "../runtime.ts";
import { addressPart, detailSeparator } from "./address.ts";
import { makeTest } from "./common.ts";

function envelopeValue(rt: Runtime, part: string): string | null | undefined {
  switch (part) {
    case "from":
      return rt.envelope.from ?? "";
    case "to":
      return rt.envelope.to;
    case "orig_to":
      return rt.envelope.originalTo ?? rt.envelope.to;
    case "auth":
      return rt.envelope.auth ?? null;
    default:
      return undefined;
  }
}

// RFC 5321 §4.1.2 Domain, loosely: dot-separated non-empty labels of letters, digits, "-",
// "_" (Pigeonhole accepts "_example.com" and "example-.com": envelope.svtest "Non-standard
// hostnames") and non-ASCII (RFC 6531 §3.3 U-labels), or an address literal.
const DOMAIN = "(?:[A-Za-z0-9_\\u0080-\\uffff-]+(?:\\.[A-Za-z0-9_\\u0080-\\uffff-]+)*|\\[[^\\[\\]\\\\]*\\])";
// RFC 5321 §4.1.2 A-d-l: "@domain" items separated by commas, then ":".
const SOURCE_ROUTE = new RegExp(`^@${DOMAIN}(?:,@${DOMAIN})*:`);
// RFC 5321 §4.1.2 Local-part: a quoted string, or a run of characters that are not white
// space, controls or the delimiters of a path. Dots may lead, trail and repeat (envelope.svtest
// "Japanese localpart"), and brackets pass: a redirect target such as "S[r]us"@example.net
// travels in its normalised, unquoted form (execute/address-normalize.svtest).
const LOCAL = /^(?:"((?:[^"\\\r\n]|\\.)*)"|([^\s"<>@,:;()\\\p{Cc}]+))/u;
const WHOLE_DOMAIN = new RegExp(`^${DOMAIN}$`);

/**
 * Parses an envelope path (RFC 5321 §4.1.2 Path / Mailbox): optional angle brackets, an
 * optional source route (ignored, RFC 5321 §4.1.2 / Appendix C), then `local@domain` or a bare
 * local part (`<MAILER-DAEMON>`). Null when it is malformed: then no address part of it matches
 * anything (Pigeonhole envelope.svtest "invalid paths", "syntax errors", "source route errors").
 */
export function parsePath(path: string): { localPart: string; domain: string | null } | null {
  let p = path.trim();
  if (p.startsWith("<")) {
    if (!p.endsWith(">")) return null;
    p = p.slice(1, -1);
  }
  if (p.includes("<") || p.includes(">")) return null;
  if (p.startsWith("@")) {
    const route = SOURCE_ROUTE.exec(p);
    if (route === null) return null;
    p = p.slice(route[0].length);
  }
  const local = LOCAL.exec(p);
  if (local === null) return null;
  // The local part unquoted: address parts compare its content; `:all` re-quotes it as needed.
  const localPart = local[1] !== undefined ? local[1].replace(/\\(.)/g, "$1") : (local[2] as string);
  const rest = p.slice(local[0].length);
  if (rest === "") return { localPart, domain: null };
  if (!rest.startsWith("@") || !WHOLE_DOMAIN.test(rest.slice(1))) return null;
  return { localPart, domain: rest.slice(1) };
}

/** Compiles `envelope [COMPARATOR] [ADDRESS-PART] [MATCH-TYPE] <envelope-part> <key-list>`. */
export const envelope: TestCompiler = (node, args, cc) => {
  const parts = cc.templates(args.positional[0]);
  const match = compileMatch(args, cc.templates(args.positional[1]));
  const part = args.addressPart;
  return makeTest(node, (rt, self) => {
    const values: string[] = [];
    for (const p of rt.expandAll(parts)) {
      const v = envelopeValue(rt, p.toLowerCase());
      if (v == null) continue;
      // RFC 5228 §5.4: the null reverse-path matches "" whatever the address part.
      if (v === "") {
        values.push("");
        continue;
      }
      let parsed: { localPart: string; domain: string | null } | null;
      if (p.toLowerCase() === "auth") {
        // The authenticated identity is a SASL name, not necessarily a path: split at the last "@".
        const at = v.lastIndexOf("@");
        parsed = { localPart: at < 0 ? v : v.slice(0, at), domain: at < 0 ? null : v.slice(at + 1) };
      } else parsed = parsePath(v);
      if (parsed === null) continue;
      const x = addressPart({ ...parsed, display: null, raw: v, valid: true }, part, detailSeparator(rt));
      if (x !== null) values.push(x);
    }
    return match.test(rt, values, self);
  });
};
