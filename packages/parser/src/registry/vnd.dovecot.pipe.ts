/**
 * `vnd.dovecot.pipe` (spec-bosch-sieve-extprograms §5): the `pipe` action. Also the program name
 * and argument checks shared with `vnd.dovecot.filter` and `vnd.dovecot.execute`.
 *
 * @module
 */
import type { Argument } from "../ast.ts";
import type { CommandSpec, ExtensionSpec, ValidationContext } from "./types.ts";
import { constantValue, stringsOf } from "./literals.ts";
import { hasVariableReference } from "./variables.ts";

/** §3: implementations must allow 128 characters; Pigeonhole allows no more. */
export const PROGRAM_NAME_MAX = 128;

/**
 * §3: a program name is 1 to 128 Unicode characters without controls (U+0000–001F,
 * U+007F–009F), "/", U+2028 and U+2029. Returns why `name` is invalid, or null.
 */
export function programNameError(name: string): string | null {
  const chars = [...name];
  if (chars.length === 0) return "the program name is empty";
  if (chars.length > PROGRAM_NAME_MAX) return `the program name is longer than ${PROGRAM_NAME_MAX} characters`;
  if (name.includes("/")) return `the program name "${name}" contains a "/"`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: §3 forbids these control characters
  if (/[\x00-\x1f\x7f-\x9f\u2028\u2029]/.test(name)) {
    return `the program name "${JSON.stringify(name).slice(1, -1)}" contains a control character`;
  }
  return null;
}

/**
 * Checks the `<program-name> [<arguments>]` positionals of pipe/filter/execute: the name must be
 * a constant (§3: "MUST NOT allow variables to be expanded into the program names") and valid;
 * literal arguments must not contain CR or LF (§4; Pigeonhole rejects them).
 */
export function checkProgram(positional: Argument[], ctx: ValidationContext, cmd: string): void {
  const [name, args] = positional;
  if (name?.type === "String") {
    if (hasVariableReference(name.value, ctx)) {
      ctx.error(name, "SIEVE_E_VALUE", `${cmd}: the program name must be a constant string, not contain variables`);
    } else {
      const c = constantValue(name, ctx);
      const why = c === null ? null : programNameError(c.value);
      if (why !== null) ctx.error(name, "SIEVE_E_VALUE", `${cmd}: ${why}`);
    }
  }
  for (const s of stringsOf(args)) {
    const c = constantValue(s, ctx);
    if (c !== null && /[\r\n]/.test(c.value)) {
      ctx.error(s, "SIEVE_E_VALUE", `${cmd}: a program argument must not contain CR or LF`);
    }
  }
}

/** The `<program-name: string> [<arguments: string-list>]` positionals. */
export const PROGRAM_POSITIONALS: CommandSpec["positional"] = [
  { name: "program-name", type: "string" },
  { name: "arguments", type: "string-list", optional: true },
];

/** The pipe extension. */
export const vndDovecotPipe: ExtensionSpec = {
  capability: "vnd.dovecot.pipe",
  reference: "spec-bosch-sieve-extprograms §5",
  vendor: true,
  commands: [
    {
      // §5: pipe [":try"] <program-name: string> [<arguments: string-list>]
      name: "pipe",
      tags: [{ name: "try" }],
      positional: PROGRAM_POSITIONALS,
      validate(_node, args, ctx) {
        checkProgram(args.positional, ctx, "pipe");
      },
    },
  ],
  // §5.2: with "copy", pipe [":copy"] [":try"] …
  extraTags: [{ to: ["pipe"], kind: "command", tag: { name: "copy", requires: "copy" } }],
};
