/**
 * `include` (RFC 6609): the `include`, `return` and `global` commands, and the `global`
 * variable namespace.
 *
 * Whether the included script exists, include loops and the include/nesting limits depend on
 * the script storage and are checked when scripts are loaded, not here.
 *
 * @module
 */
import type { Argument, StringLiteral } from "../ast.ts";
import { decodeEncodedCharacters } from "./encoded-character.ts";
import type { ExtensionSpec, ValidationContext } from "./types.ts";
import { hasVariableReference, variableScope } from "./variables.ts";

/** Longest script name, in characters (Pigeonhole's limit). */
export const MAX_SCRIPT_NAME_LENGTH = 256;

/**
 * Why `name` is not a valid script name, or null when it is (RFC 5804 §1.6 via RFC 6609 §3.2,
 * as Pigeonhole checks it): not empty, at most 256 characters, no '/', no control characters
 * (U+0000–U+001F, U+007F–U+009F), no U+00FF, U+2028 or U+2029.
 */
export function scriptNameProblem(name: string): string | null {
  if (name.length === 0) return "it is empty";
  const chars = [...name];
  if (chars.length > MAX_SCRIPT_NAME_LENGTH) return `it is longer than ${MAX_SCRIPT_NAME_LENGTH} characters`;
  for (const c of chars) {
    const cp = c.codePointAt(0) as number;
    if (cp === 0x2f) return "it contains '/'";
    if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f) || cp === 0xff || cp === 0x2028 || cp === 0x2029) {
      return `it contains the character U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) return "it is not valid UTF-8";
  }
  return null;
}

function stringsOf(a: Argument | undefined): StringLiteral[] {
  if (a?.type === "String") return [a];
  if (a?.type === "StringList") return a.items;
  return [];
}

function checkScriptName(str: StringLiteral, ctx: ValidationContext): void {
  if (hasVariableReference(str.value, ctx)) {
    ctx.error(str, "SIEVE_E_INCLUDE", "the script name of 'include' must be a constant string, without variables");
    return;
  }
  const name = ctx.has("encoded-character") ? decodeEncodedCharacters(str.value).value : str.value;
  const problem = scriptNameProblem(name);
  if (problem !== null) {
    ctx.error(str, "SIEVE_E_INCLUDE", `invalid script name "${str.value}" for 'include': ${problem} (RFC 6609 §3.2)`);
  }
}

/** The include extension (RFC 6609). */
export const include: ExtensionSpec = {
  capability: "include",
  reference: "RFC 6609",
  commands: [
    {
      // RFC 6609 §3.2: include [LOCATION] [":once"] [":optional"] <value: string>
      name: "include",
      tags: [
        { name: "personal", group: "location" },
        { name: "global", group: "location" },
        { name: "once" },
        { name: "optional" },
      ],
      positional: [{ name: "value", type: "string" }],
      validate(_node, args, ctx) {
        const value = args.positional[0];
        if (value?.type === "String") checkScriptName(value, ctx);
      },
    },
    // RFC 6609 §3.3
    { name: "return", positional: [] },
    {
      // RFC 6609 §3.4: global <value: string-list>
      name: "global",
      positional: [{ name: "value", type: "string-list" }],
      validate(node, args, ctx) {
        if (!ctx.has("variables")) {
          ctx.error({ range: node.nameRange }, "SIEVE_E_REQUIRE", `'global' needs require "variables" (RFC 6609 §3.4)`);
          return;
        }
        const scope = variableScope(ctx);
        for (const s of stringsOf(args.positional[0])) {
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.value)) {
            ctx.error(
              s,
              "SIEVE_E_VARIABLE",
              `invalid variable name '${s.value}' for 'global': it must be an identifier`,
            );
            continue;
          }
          const key = s.value.toLowerCase();
          if (scope.locals.has(key)) {
            ctx.error(
              s,
              "SIEVE_E_VARIABLE",
              `global variable '${s.value}' was already used as a local variable before this declaration`,
            );
            continue;
          }
          scope.globals.add(key);
        }
      },
    },
  ],
  // RFC 6609 §3.5: ${global.NAME}
  variableNamespaces: ["global"],
};
