/**
 * `vnd.dovecot.report` (spec-bosch-sieve-report): the `report` action, sending a MARF
 * (RFC 5965) abuse report.
 *
 * @module
 */
import type { StringLiteral } from "../ast.ts";
import type { ExtensionSpec } from "./types.ts";
import { constantValue } from "./literals.ts";
import { isMailbox } from "./address-syntax.ts";

/** RFC 2045 §5.1 token: printable ASCII except SPACE and tspecials. */
export function isMimeToken(s: string): boolean {
  return /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/.test(s);
}

/** The Dovecot report extension. */
export const vndDovecotReport: ExtensionSpec = {
  capability: "vnd.dovecot.report",
  reference: "spec-bosch-sieve-report",
  vendor: true,
  commands: [
    {
      // §3: report [":headers_only"] <feedback-type: string> <message: string> <recipient: string>
      name: "report",
      tags: [{ name: "headers_only" }],
      positional: [
        { name: "feedback-type", type: "string" },
        { name: "message", type: "string" },
        { name: "recipient", type: "string" },
      ],
      validate(_node, args, ctx) {
        const [type, , rcpt] = args.positional as StringLiteral[];
        const t = type === undefined ? null : constantValue(type, ctx);
        if (type !== undefined && t !== null && !isMimeToken(t.value)) {
          ctx.error(type, "SIEVE_E_VALUE", `report: feedback type "${t.value}" is not a MIME token (RFC 2045 §5.1)`);
        }
        const r = rcpt === undefined ? null : constantValue(rcpt, ctx);
        if (rcpt !== undefined && r !== null && !isMailbox(r.value)) {
          ctx.error(rcpt, "SIEVE_E_ADDRESS", `report: "${r.value}" is not a valid address`);
        }
      },
    },
  ],
};
