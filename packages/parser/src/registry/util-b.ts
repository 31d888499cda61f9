/**
 * String helpers shared by the extension modules that check literal arguments at compile time
 * (mailbox names, header names, addresses, program names, variable names).
 *
 * A "constant" string is one whose value is known at compile time: it holds no variable
 * reference (RFC 5229 §3) when `variables` is required. Encoded characters (RFC 5228 §2.4.2.4)
 * are decoded first when `encoded-character` is required, as Pigeonhole does.
 *
 * @module
 */
import type { Argument, StringLiteral } from "../ast.ts";
import type { ValidationContext } from "./types.ts";

/** The strings of a string or string-list argument (none for numbers and tags). */
export function stringsIn(a: Argument | null | undefined): StringLiteral[] {
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

/** `${name}` / `${ns.name}` / `${1}` (RFC 5229 §3); `${hex:…}` never matches (no ':'). */
const VARIABLE_REF = /\$\{(?:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|[0-9]+)\}/;
/** RFC 5228 §2.4.2.4 encoded characters. */
const ENCODED = /\$\{(hex|unicode):([0-9A-Fa-f \t\r\n]*)\}/gi;

/** True when `s` holds a variable reference (only meaningful when `variables` is required). */
export function hasVariableRef(s: string): boolean {
  return VARIABLE_REF.test(s);
}

/** Decodes RFC 5228 §2.4.2.4 encoded characters into UTF-8 bytes; malformed ones stay literal. */
export function decodeEncodedCharacters(s: string): ConstantValue {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let last = 0;
  ENCODED.lastIndex = 0;
  for (let m = ENCODED.exec(s); m !== null; m = ENCODED.exec(s)) {
    const hex = (m[1] as string).toLowerCase() === "hex";
    const items = (m[2] as string).trim().split(/[ \t\r\n]+/);
    if (items.length === 0 || items[0] === "") continue;
    const bytes: number[] = [];
    let ok = true;
    for (const it of items) {
      if (hex) {
        if (it.length > 2) ok = false;
        else bytes.push(Number.parseInt(it, 16));
      } else {
        const cp = Number.parseInt(it, 16);
        if (it.length > 8 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) ok = false;
        else bytes.push(...enc.encode(String.fromCodePoint(cp)));
      }
    }
    if (!ok) continue;
    chunks.push(enc.encode(s.slice(last, m.index)), Uint8Array.from(bytes));
    last = m.index + m[0].length;
  }
  if (chunks.length === 0) return { value: s, validUtf8: true };
  chunks.push(enc.encode(s.slice(last)));
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  try {
    return { value: new TextDecoder("utf-8", { fatal: true }).decode(all), validUtf8: true };
  } catch {
    return { value: new TextDecoder("utf-8").decode(all), validUtf8: false };
  }
}

/**
 * The compile-time value of `str`, or null when it depends on variables. Encoded characters are
 * decoded when `encoded-character` is required.
 */
export function constantValue(str: StringLiteral, ctx: ValidationContext): ConstantValue | null {
  if (ctx.has("variables") && hasVariableRef(str.value)) return null;
  if (ctx.has("encoded-character")) return decodeEncodedCharacters(str.value);
  return { value: str.value, validUtf8: true };
}

/** RFC 5322 §3.6.8 field-name: 1*ftext, ftext = %d33-57 / %d59-126. */
export function isHeaderName(s: string): boolean {
  return /^[\x21-\x39\x3b-\x7e]+$/.test(s);
}

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOT_ATOM = `${ATOM}(?:\\.${ATOM})*`;
const QUOTED = '"(?:[^"\\\\\\r\\n]|\\\\.)*"';
const ADDR_SPEC = new RegExp(`^(?:${DOT_ATOM}|${QUOTED})@(?:${DOT_ATOM}|\\[[^\\[\\]\\\\]*\\])$`);
const NAME_ADDR = new RegExp(
  `^(?:(?:${ATOM}|${QUOTED})(?:[ \\t]+(?:${ATOM}|${QUOTED}))*)?[ \\t]*<((?:${DOT_ATOM}|${QUOTED})@(?:${DOT_ATOM}|\\[[^\\[\\]\\\\]*\\]))>$`,
);

/** An RFC 5322 addr-spec (`local@domain`), the form Sieve address arguments take. */
export function isAddrSpec(s: string): boolean {
  return ADDR_SPEC.test(s.trim());
}

/** An addr-spec or a name-addr (`"Name" <local@domain>`), as Pigeonhole accepts for `:from`. */
export function isMailbox(s: string): boolean {
  const t = s.trim();
  return ADDR_SPEC.test(t) || NAME_ADDR.test(t);
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
