/**
 * Compile-time values of literal arguments, shared by the extension modules that check
 * mailbox names, header names, program names and variable names.
 *
 * A "constant" string is one whose value is known at compile time: it holds no variable
 * reference (RFC 5229 §3) when `variables` is required. Encoded characters (RFC 5228 §2.4.2.4)
 * are decoded first when `encoded-character` is required, as Pigeonhole does.
 *
 * @module
 */
import type { Argument, StringLiteral } from "../ast.ts";
import { decodeEncodedCharacters } from "./encoded-character.ts";
import type { ValidationContext } from "./types.ts";
import { hasVariableReference } from "./variables.ts";

/** The strings of a string or string-list argument (none for numbers and tags). */
export function stringsOf(a: Argument | null | undefined): StringLiteral[] {
  if (a == null) return [];
  if (a.type === "String") return [a];
  if (a.type === "StringList") return a.items;
  return [];
}

/** The compile-time value of a constant string. */
export interface ConstantValue {
  /** The decoded text (invalid UTF-8 replaced by U+FFFD). */
  value: string;
  /** False when encoded characters produced a byte sequence that is not UTF-8 (`${hex:ff}`). */
  validUtf8: boolean;
}

/**
 * The compile-time value of `str`, or null when it depends on variables. Encoded characters are
 * decoded when `encoded-character` is required.
 */
export function constantValue(str: StringLiteral, ctx: ValidationContext): ConstantValue | null {
  if (hasVariableReference(str.value, ctx)) return null;
  if (ctx.has("encoded-character") && str.value.includes("${")) {
    const d = decodeEncodedCharacters(str.value);
    return { value: d.value, validUtf8: d.validUtf8 };
  }
  return { value: str.value, validUtf8: true };
}

/** RFC 5322 §3.6.8 field-name: 1*ftext, ftext = %d33-57 / %d59-126. */
export function isHeaderName(s: string): boolean {
  return /^[\x21-\x39\x3b-\x7e]+$/.test(s);
}

/**
 * Why `name` cannot be the target of an assignment (`set`-compatible, RFC 5229 §4), or null
 * when it can: match variables (`${1}`) and read-only namespaces (`env.`, `tst.`) cannot.
 */
export function assignableVariableError(name: string, ctx: ValidationContext): string | null {
  if (/^[0-9]+$/.test(name)) return `cannot assign to match variable '${name}'`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(name)) {
    return `invalid variable name '${name}'`;
  }
  const dot = name.indexOf(".");
  if (dot >= 0) {
    const ns = name.slice(0, dot).toLowerCase();
    return ctx.namespaces().has(ns)
      ? `variables of namespace '${ns}' are read-only`
      : `unknown variable namespace '${ns}'`;
  }
  return null;
}
