/**
 * `envelope` (RFC 5228 §5.4): the SMTP envelope's `from` and `to`, plus `auth` (RFC 4954 via
 * Pigeonhole) and `orig_to`.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { compileMatch } from "../matching.ts";
import type { Runtime } from "../runtime.ts";
import { addressPart } from "./address.ts";
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
      const at = v.lastIndexOf("@");
      const local = at < 0 ? v : v.slice(0, at);
      const domain = at < 0 ? null : v.slice(at + 1);
      const x = addressPart({ localPart: local, domain, display: null, raw: v, valid: true }, part);
      if (x !== null) values.push(x);
    }
    return match.test(rt, values, self);
  });
};
