/**
 * `imap4flags` (RFC 5232): `setflag`/`addflag`/`removeflag`, the `hasflag` test, and `:flags`
 * on `keep` and `fileinto`.
 *
 * @module
 */
import type { Command, Test } from "../ast.ts";
import type { CommandSpec, ExtensionSpec, ResolvedArguments, ValidationContext } from "./types.ts";
import { checkAssignableName } from "./variables.ts";

/**
 * RFC 5232 §3: with two positional arguments the first is a variable name (a string), which
 * needs the variables extension.
 */
function validateVariable(node: Command | Test, args: ResolvedArguments, ctx: ValidationContext): void {
  if (args.positional.length < 2) return;
  const first = args.positional[0];
  if (first === undefined) return;
  const what = `'${node.name}'`;
  if (!ctx.has("variables")) {
    ctx.error(first, "SIEVE_E_ARGUMENT", `${what} takes a variable name only with require "variables" (RFC 5232 §3)`);
    return;
  }
  if (node.type === "Command") {
    if (first.type !== "String") {
      ctx.error(first, "SIEVE_E_ARGUMENT", `the variable name of ${what} must be a string, not a string list`);
      return;
    }
    checkAssignableName(first, ctx);
  } else {
    for (const s of first.type === "StringList" ? first.items : first.type === "String" ? [first] : []) {
      checkAssignableName(s, ctx);
    }
  }
}

function flagCommand(name: string): CommandSpec {
  // <cmd> [<variablename: string>] <list-of-flags: string-list>
  return {
    name,
    positional: [
      { name: "variablename", type: "string-list", optional: true },
      { name: "list-of-flags", type: "string-list" },
    ],
    validate: validateVariable,
  };
}

/** The imap4flags extension (RFC 5232). */
export const imap4flags: ExtensionSpec = {
  capability: "imap4flags",
  reference: "RFC 5232",
  commands: [flagCommand("setflag"), flagCommand("addflag"), flagCommand("removeflag")],
  tests: [
    {
      // RFC 5232 §4: hasflag [MATCH-TYPE] [COMPARATOR] [<variable-list: string-list>] <list-of-flags: string-list>
      name: "hasflag",
      matchType: true,
      comparator: true,
      positional: [
        { name: "variable-list", type: "string-list", optional: true },
        { name: "list-of-flags", type: "string-list" },
      ],
      validate: validateVariable,
    },
  ],
  // RFC 5232 §5: fileinto/keep [":flags" <list-of-flags: string-list>]
  extraTags: [{ to: ["keep", "fileinto"], kind: "command", tag: { name: "flags", value: "string-list" } }],
};
