/**
 * RFC 5228 core: the control commands, the actions every implementation has, and the core
 * tests. Only `fileinto`, `envelope` and the other optional parts live in their own modules.
 *
 * @module
 */
import type { ExtensionSpec, ResolvedArguments, ValidationContext } from "./types.ts";
import type { Command, Test } from "../ast.ts";

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
    { name: "redirect", positional: [{ name: "address", type: "string" }] },
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
    },
    {
      name: "header",
      matchType: true,
      comparator: true,
      positional: [
        { name: "header-names", type: "string-list" },
        { name: "key-list", type: "string-list" },
      ],
    },
    { name: "exists", positional: [{ name: "header-names", type: "string-list" }] },
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
