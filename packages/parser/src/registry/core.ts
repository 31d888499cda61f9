/**
 * RFC 5228 core: the control commands, the actions every implementation has, and the core
 * tests. Only `fileinto`, `envelope` and the other optional parts live in their own modules.
 *
 * @module
 */
import type { Argument, Command, Test } from "../ast.ts";
import { mailboxProblem } from "./address-syntax.ts";
import { constantValue, isHeaderName, stringsOf } from "./literals.ts";
import type { ExtensionSpec, ResolvedArguments, ValidationContext } from "./types.ts";

/** Pseudo-capability of the always-available core. */
export const CORE = "";

function checkElse(node: Command | Test, _args: ResolvedArguments, ctx: ValidationContext): void {
  // RFC 5228 §3.1: elsif/else only directly after if or elsif.
  const prev = ctx.previous;
  const ok = prev !== null && ["if", "elsif"].includes(prev.name.toLowerCase());
  if (!ok) {
    ctx.error({ range: (node as Command).nameRange }, "SIEVE_E_CONTROL", `'${node.name}' must follow 'if' or 'elsif'`);
  }
}

/**
 * Headers the `address` test accepts (RFC 5228 §5.1: "implementations MUST restrict the
 * address test to headers that contain addresses"). Pigeonhole's list (tst-address.c).
 */
export const ADDRESS_HEADERS: ReadonlySet<string> = new Set([
  "from",
  "to",
  "cc",
  "bcc",
  "sender",
  "resent-from",
  "resent-to",
  "return-path",
  "reply-to",
  "resent-sender",
  "resent-cc",
  "resent-bcc",
  "for-approval",
  "for-handling",
  "for-comment",
  "apparently-to",
  "errors-to",
  "delivered-to",
  "return-receipt-to",
  "x-admin",
  "read-receipt-to",
  "x-confirm-reading-to",
  "return-receipt-requested",
  "registered-mail-reply-requested-by",
  "mail-followup-to",
  "mail-reply-to",
  "abuse-reports-to",
  "x-complaints-to",
  "x-report-abuse-to",
  "x-beenthere",
  "x-original-to",
  "x-original-from",
  "resent-reply-to",
]);

/**
 * Warns about literal header names that are not RFC 5322 field names (`"from:"`). Like
 * Pigeonhole, only a warning: such a test simply never matches (conformance README §2.6).
 * Returns the constant names that are valid.
 */
export function checkHeaderNames(arg: Argument | undefined, ctx: ValidationContext): string[] {
  const names: string[] = [];
  for (const s of stringsOf(arg)) {
    const c = constantValue(s, ctx);
    if (c === null) continue;
    if (!isHeaderName(c.value)) {
      ctx.warning(s, "SIEVE_W_HEADER_NAME", `specified header field name '${c.value}' is invalid (RFC 5322 §3.6.8)`);
    } else names.push(c.value);
  }
  return names;
}

/** The RFC 5228 core. */
export const core: ExtensionSpec = {
  capability: CORE,
  reference: "RFC 5228",
  commands: [
    { name: "require", positional: [{ name: "capabilities", type: "string-list" }] },
    { name: "if", positional: [], tests: "one", block: "required" },
    { name: "elsif", positional: [], tests: "one", block: "required", validate: checkElse },
    { name: "else", positional: [], block: "required", validate: checkElse },
    { name: "stop", positional: [] },
    { name: "keep", positional: [] },
    { name: "discard", positional: [] },
    {
      name: "redirect",
      positional: [{ name: "address", type: "string" }],
      validate(_node, args, ctx) {
        // RFC 5228 §4.2: the argument is an RFC 5322 address; a literal one is checked now.
        const s = args.positional[0];
        // With extlists' `:list` (RFC 6134 §2.3) the argument names a list, not an address.
        if (args.tags.has("list")) return;
        const c = s?.type === "String" ? constantValue(s, ctx) : null;
        if (s === undefined || c === null) return;
        const problem = mailboxProblem(c.value);
        if (problem !== null) ctx.error(s, "SIEVE_E_ADDRESS", `invalid redirect address "${c.value}": ${problem}`);
      },
    },
  ],
  tests: [
    { name: "true", positional: [] },
    { name: "false", positional: [] },
    { name: "not", positional: [], tests: "one" },
    { name: "anyof", positional: [], tests: "list" },
    { name: "allof", positional: [], tests: "list" },
    {
      name: "address",
      matchType: true,
      comparator: true,
      addressPart: true,
      positional: [
        { name: "header-list", type: "string-list" },
        { name: "key-list", type: "string-list" },
      ],
      validate(_node, args, ctx) {
        for (const s of stringsOf(args.positional[0])) {
          const c = constantValue(s, ctx);
          if (c === null) continue;
          if (!isHeaderName(c.value)) {
            ctx.warning(
              s,
              "SIEVE_W_HEADER_NAME",
              `specified header field name '${c.value}' is invalid (RFC 5322 §3.6.8)`,
            );
          }
          if (!ADDRESS_HEADERS.has(c.value.toLowerCase())) {
            ctx.error(
              s,
              "SIEVE_E_HEADER_NAME",
              `specified header '${c.value}' is not allowed for the address test: it does not hold addresses (RFC 5228 §5.1)`,
            );
          }
        }
      },
    },
    {
      name: "header",
      matchType: true,
      comparator: true,
      positional: [
        { name: "header-names", type: "string-list" },
        { name: "key-list", type: "string-list" },
      ],
      validate: (_node, args, ctx) => void checkHeaderNames(args.positional[0], ctx),
    },
    {
      name: "exists",
      positional: [{ name: "header-names", type: "string-list" }],
      validate: (_node, args, ctx) => void checkHeaderNames(args.positional[0], ctx),
    },
    {
      name: "size",
      tags: [
        { name: "over", group: "size" },
        { name: "under", group: "size" },
      ],
      positional: [{ name: "limit", type: "number" }],
      validate(node, args, ctx) {
        // RFC 5228 §5.9: exactly one of :over / :under.
        if (!args.tags.has("over") && !args.tags.has("under")) {
          ctx.error({ range: node.nameRange }, "SIEVE_E_ARGUMENT", "'size' needs :over or :under");
        }
      },
    },
  ],
  matchTypes: [
    { name: "is", group: "match-type" },
    { name: "contains", group: "match-type" },
    { name: "matches", group: "match-type" },
  ],
  addressParts: [
    { name: "all", group: "address-part" },
    { name: "localpart", group: "address-part" },
    { name: "domain", group: "address-part" },
  ],
  comparators: ["i;octet", "i;ascii-casemap"],
};
