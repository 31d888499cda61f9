/**
 * `variables` (RFC 5229): the `set` command with its modifiers, the `string` test, and the
 * checks of `${…}` references in every string.
 *
 * Limits follow Pigeonhole: names of at most 64 characters, match variables `${0}`…`${32}`, at
 * most 255 variables per script.
 *
 * @module
 */
import type { Command, StringLiteral, Test } from "../ast.ts";
import { decodeEncodedCharacters } from "./encoded-character.ts";
import type { ExtensionSpec, ResolvedArguments, ValidationContext } from "./types.ts";

/** Longest identifier of a variable name (Pigeonhole's limit). */
export const MAX_VARIABLE_NAME_LENGTH = 64;
/** Highest match variable index (Pigeonhole's limit; RFC 5229 §3.2 requires 0…9). */
export const MAX_MATCH_INDEX = 32;
/** Most variables one script may declare (Pigeonhole's limit). */
export const MAX_VARIABLES = 255;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ELEMENT = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)$/;

/** One `${…}` reference found in a string. */
export type VariableReference =
  | { kind: "match"; index: number; start: number; end: number }
  | { kind: "name"; elements: string[]; start: number; end: number };

/**
 * Every well-formed variable reference in `value` (RFC 5229 §3): `${` [namespace "."]
 * (identifier / number) `}`. Malformed ones are literal text and are not returned.
 */
export function variableReferences(value: string): VariableReference[] {
  const out: VariableReference[] = [];
  let i = value.indexOf("${");
  while (i >= 0) {
    const close = value.indexOf("}", i + 2);
    if (close < 0) break;
    const body = value.slice(i + 2, close);
    const inner = body.lastIndexOf("${");
    if (inner >= 0) {
      // "${a${b}": the inner reference is the one that closes.
      i += 2 + inner;
      continue;
    }
    const elements = body.split(".");
    const ok =
      body.length > 0 &&
      elements.every((e) => ELEMENT.test(e) && e.length <= MAX_VARIABLE_NAME_LENGTH) &&
      (elements.length === 1 || IDENTIFIER.test(elements[0] as string));
    if (ok) {
      if (elements.length === 1 && /^[0-9]+$/.test(body)) {
        out.push({ kind: "match", index: Number(body), start: i, end: close + 1 });
      } else {
        out.push({ kind: "name", elements, start: i, end: close + 1 });
      }
      i = value.indexOf("${", close + 1);
    } else {
      i = value.indexOf("${", i + 1);
    }
  }
  return out;
}

/** True when `value` has a variable reference that would be expanded at run time. */
export function hasVariableReference(value: string, ctx: ValidationContext): boolean {
  return ctx.has("variables") && variableReferences(value).length > 0;
}

/** The variables a script declared, shared with `include`'s `global` (RFC 6609 §3.4). */
export interface VariableScope {
  /** Names used as local variables so far (lower-case). */
  locals: Set<string>;
  /** Names declared `global` so far (lower-case). */
  globals: Set<string>;
  /** The limit was already reported (Pigeonhole reports it once). */
  limitReported: boolean;
}

/** The shared {@link VariableScope} of this validation. */
export function variableScope(ctx: ValidationContext): VariableScope {
  return ctx.state<VariableScope>("variables", () => ({
    locals: new Set(),
    globals: new Set(),
    limitReported: false,
  }));
}

/** Records the use of a plain variable name; reports going over {@link MAX_VARIABLES}. */
function declare(name: string, at: StringLiteral, ctx: ValidationContext): void {
  const scope = variableScope(ctx);
  const key = name.toLowerCase();
  if (scope.globals.has(key) || scope.locals.has(key)) return;
  if (scope.locals.size + scope.globals.size >= MAX_VARIABLES) {
    if (!scope.limitReported) {
      ctx.error(at, "SIEVE_E_VARIABLE", `declaring variable '${name}' exceeds the limit of ${MAX_VARIABLES} variables`);
    }
    scope.limitReported = true;
    return;
  }
  scope.locals.add(key);
}

/** Checks a namespaced name against the available namespaces; false when it was reported. */
function checkNamespaced(elements: string[], at: StringLiteral, ctx: ValidationContext): boolean {
  const ns = (elements[0] as string).toLowerCase();
  if (!ctx.namespaces().has(ns)) {
    ctx.error(at, "SIEVE_E_VARIABLE", `unknown variable namespace '${elements[0]}' (RFC 5229 §3)`);
    return false;
  }
  if (ns === "global") {
    // RFC 6609 §3.5: global.NAME, one identifier.
    if (elements.length > 2) {
      ctx.error(
        at,
        "SIEVE_E_VARIABLE",
        "invalid variable name in the global namespace: sub-namespaces are not allowed",
      );
      return false;
    }
    if (!IDENTIFIER.test(elements[1] as string)) {
      ctx.error(at, "SIEVE_E_VARIABLE", "invalid variable name in the global namespace: it must be an identifier");
      return false;
    }
  }
  return true;
}

/**
 * Validates a variable name that is assigned to (`set`, imap4flags' variable names):
 * an identifier, or a namespaced name from an available namespace (RFC 5229 §3, §4).
 * Returns false when it reported an error.
 */
export function checkAssignableName(str: StringLiteral, ctx: ValidationContext): boolean {
  const name = str.value;
  if (/^[0-9]+$/.test(name)) {
    ctx.error(str, "SIEVE_E_VARIABLE", `cannot assign to match variable '${name}' (RFC 5229 §3.2)`);
    return false;
  }
  const elements = name.split(".");
  const ok =
    elements.every((e) => ELEMENT.test(e) && e.length <= MAX_VARIABLE_NAME_LENGTH) &&
    IDENTIFIER.test(elements[0] as string);
  if (!ok) {
    const shown = name.length > 80 ? `${name.slice(0, 77)}...` : name;
    ctx.error(str, "SIEVE_E_VARIABLE", `invalid variable name '${shown}' (RFC 5229 §3)`);
    return false;
  }
  if (elements.length > 1) return checkNamespaced(elements, str, ctx);
  declare(name, str, ctx);
  return true;
}

function validateSet(_node: Command | Test, args: ResolvedArguments, ctx: ValidationContext): void {
  const name = args.positional[0];
  if (name?.type === "String") checkAssignableName(name, ctx);
}

/** RFC 5229 §4.1: one modifier per precedence level. */
function modifier(name: string, precedence: number, requires?: string) {
  return { name, group: `modifier-precedence-${precedence}`, ...(requires ? { requires } : {}) };
}

/** The variables extension (RFC 5229). */
export const variables: ExtensionSpec = {
  capability: "variables",
  reference: "RFC 5229",
  commands: [
    {
      // RFC 5229 §4: set [MODIFIER] <name: string> <value: string>
      name: "set",
      tags: [
        modifier("lower", 40),
        modifier("upper", 40),
        modifier("lowerfirst", 30),
        modifier("upperfirst", 30),
        modifier("quotewildcard", 20),
        // draft-ietf-sieve-regex §5: precedence 20, with "regex".
        modifier("quoteregex", 20, "regex"),
        // RFC 5435 §7: precedence 15, with "enotify".
        modifier("encodeurl", 15, "enotify"),
        modifier("length", 10),
      ],
      positional: [
        { name: "name", type: "string" },
        { name: "value", type: "string" },
      ],
      validate: validateSet,
    },
  ],
  tests: [
    {
      // RFC 5229 §5: string [MATCH-TYPE] [COMPARATOR] <source: string-list> <key-list: string-list>
      name: "string",
      matchType: true,
      comparator: true,
      positional: [
        { name: "source", type: "string-list" },
        { name: "key-list", type: "string-list" },
      ],
    },
  ],
  checkString(str, ctx) {
    if (!str.value.includes("${")) return;
    // Pigeonhole decodes encoded characters first, then looks for references.
    const value = ctx.has("encoded-character") ? decodeEncodedCharacters(str.value).value : str.value;
    for (const ref of variableReferences(value)) {
      if (ref.kind === "match") {
        if (ref.index > MAX_MATCH_INDEX) {
          ctx.error(
            str,
            "SIEVE_E_VARIABLE",
            `match variable index ${ref.index} is out of range (at most ${MAX_MATCH_INDEX})`,
          );
        }
      } else if (ref.elements.length > 1) {
        checkNamespaced(ref.elements, str, ctx);
      } else {
        declare(ref.elements[0] as string, str, ctx);
      }
    }
  },
};
