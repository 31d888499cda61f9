/**
 * Comparators (RFC 5228 §2.7.3, RFC 4790): `i;octet`, `i;ascii-casemap`, `i;ascii-numeric`
 * and `i;unicode-casemap` (RFC 5051).
 *
 * A comparator here does two jobs. Its public face is the API.md contract (`equals`,
 * `compare`, `contains`, `matches`). Underneath, each substring-capable comparator says how to
 * turn a string into a sequence of comparable *units* ({@link Comparator.units}): one unit per
 * character of the (normalised) value, each unit a folded key. The glob matcher works on
 * those units, so `?` matches one character (a code point, never half a surrogate pair) and
 * the captures of `:matches` are slices of the value itself, not of its folded form
 * (RFC 5229 §3.2 wants the matched text, e.g. `ACME.Example` keeps its case).
 *
 * @module
 */
import { globMatch } from "./glob.ts";

/**
 * A value prepared for substring matching: `keys[i]` is the folded key of character `i`, and
 * `slice(a, b)` gives characters `a`..`b` of the value as written (for captures).
 */
export interface Units {
  /** Folded key per character; a string when every character is one UTF-16 unit. */
  readonly keys: ArrayLike<string>;
  /** Characters `a` (inclusive) to `b` (exclusive) of the value, unfolded. */
  slice(a: number, b: number): string;
}

/** A comparator (RFC 4790 §3). Members beyond `name` and `equals` depend on what it supports. */
export interface Comparator {
  /** The registered name, lower case (e.g. `i;ascii-casemap`). */
  readonly name: string;
  /** Equality (RFC 4790 §4.2.2); used by `:is`. */
  equals(a: string, b: string): boolean;
  /**
   * Ordering (RFC 4790 §4.2.3) for `:value` and `:count` (RFC 5231 §4): negative, 0 or
   * positive as `a` sorts before, with or after `b`.
   */
  compare?(a: string, b: string): number;
  /** Substring (RFC 4790 §4.2.1); used by `:contains`. Absent for `i;ascii-numeric`. */
  contains?(hay: string, needle: string): boolean;
  /**
   * Glob match (RFC 5228 §2.7.1) of `value` against `pattern`; on success fills `captures`
   * (cleared first) with `${0}`, `${1}`… (RFC 5229 §3.2). Absent for `i;ascii-numeric`.
   */
  matches?(value: string, pattern: string, captures: string[] | null): boolean;
  /** Splits a value (or a pattern's literal text) into folded character units. Absent for `i;ascii-numeric`. */
  units?(value: string): Units;
  /** True when `:regex` should match case-insensitively (draft-murchison-sieve-regex-07 §3). */
  readonly caseInsensitive?: boolean;
}

// Any UTF-16 surrogate: such a string needs code-point units, not string indexes.
const SURROGATE = /[\uD800-\uDFFF]/;

/** Units of a string whose keys are `folded` (same length as `value`, character for character). */
function stringUnits(value: string, folded: string): Units {
  if (!SURROGATE.test(value)) return { keys: folded, slice: (a, b) => value.slice(a, b) };
  // Astral characters: one unit per code point so `?` never splits a surrogate pair.
  const keys: string[] = [];
  const offsets: number[] = [];
  let i = 0;
  for (const ch of value) {
    offsets.push(i);
    i += ch.length;
  }
  offsets.push(i);
  let j = 0;
  for (const ch of folded) {
    keys[j++] = ch;
  }
  return { keys, slice: (a, b) => value.slice(offsets[a] as number, offsets[b] as number) };
}

/** Code-point order, as UTF-8 octet order is (RFC 4790 §9.3: i;octet compares octets). */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 order differs from code-point order only when a surrogate meets U+E000..U+FFFF:
    // surrogates stand for code points above U+FFFF, so they sort last.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** ASCII-only upper-casing (RFC 4790 §9.2: only a-z map, to A-Z). */
export function asciiUpper(s: string): string {
  return /[a-z]/.test(s) ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s;
}

function makeSubstringComparator(
  name: string,
  fold: (s: string) => string,
  compare: (a: string, b: string) => number,
  caseInsensitive: boolean,
  prepare: (s: string) => string = (s) => s,
): Comparator {
  const units = (value: string): Units => {
    const v = prepare(value);
    return stringUnits(v, fold(v));
  };
  return {
    name,
    caseInsensitive,
    equals: (a, b) => fold(prepare(a)) === fold(prepare(b)),
    compare: (a, b) => compare(fold(prepare(a)), fold(prepare(b))),
    contains: (hay, needle) => fold(prepare(hay)).includes(fold(prepare(needle))),
    units,
    matches(value, pattern, captures) {
      return globMatch(units(value), pattern, units, captures);
    },
  };
}

/** i;octet (RFC 4790 §9.3): exact, code-point ordering. */
const octet = makeSubstringComparator("i;octet", (s) => s, compareCodePoints, false);

/** i;ascii-casemap (RFC 4790 §9.2): a-z fold to A-Z, then as i;octet. */
const asciiCasemap = makeSubstringComparator("i;ascii-casemap", asciiUpper, compareCodePoints, true);

// One character of i;unicode-casemap (RFC 5051 §2): decompose, simple title-case (approximated
// by upper-casing when that yields one code point: JavaScript has no simple title-case, and
// full mappings like ß -> SS are exactly what "simple" excludes), decompose again.
const foldCache = new Map<string, string>();
function unicodeFoldChar(ch: string): string {
  if (ch.charCodeAt(0) < 0x80) return asciiUpper(ch);
  let out = foldCache.get(ch);
  if (out !== undefined) return out;
  out = "";
  for (const c of ch.normalize("NFKD")) {
    const up = c.toUpperCase();
    out += [...up].length === 1 ? up : c;
  }
  out = out.normalize("NFKD");
  if (foldCache.size < 4096) foldCache.set(ch, out);
  return out;
}

function unicodeFold(s: string): string {
  // Fast path: pure ASCII needs only the ASCII mapping.
  if (!/[\u0080-\uFFFF]/.test(s)) return asciiUpper(s);
  let out = "";
  for (const ch of s) out += unicodeFoldChar(ch);
  return out;
}

/**
 * i;unicode-casemap (RFC 5051). Values are NFC-normalised first so that precomposed and
 * decomposed input compare alike character by character; units are NFC characters whose key
 * is their fold, so captures are slices of the NFC form of the value.
 */
function unicodeUnits(value: string): Units {
  const v = value.normalize("NFC");
  const keys: string[] = [];
  const offsets: number[] = [];
  let i = 0;
  for (const ch of v) {
    offsets.push(i);
    keys.push(unicodeFoldChar(ch));
    i += ch.length;
  }
  offsets.push(i);
  return { keys, slice: (a, b) => v.slice(offsets[a] as number, offsets[b] as number) };
}

const unicodeCasemap: Comparator = {
  name: "i;unicode-casemap",
  caseInsensitive: true,
  equals: (a, b) => unicodeFold(a.normalize("NFC")) === unicodeFold(b.normalize("NFC")),
  compare: (a, b) => compareCodePoints(unicodeFold(a.normalize("NFC")), unicodeFold(b.normalize("NFC"))),
  contains: (hay, needle) => unicodeFold(hay.normalize("NFC")).includes(unicodeFold(needle.normalize("NFC"))),
  units: unicodeUnits,
  matches: (value, pattern, captures) => globMatch(unicodeUnits(value), pattern, unicodeUnits, captures),
};

/**
 * The numeric value of an i;ascii-numeric string (RFC 4790 §9.1.1): its leading digits without
 * leading zeros, or null for "positive infinity" (no leading digit).
 */
function numericKey(s: string): string | null {
  let end = 0;
  while (end < s.length && s.charCodeAt(end) >= 0x30 && s.charCodeAt(end) <= 0x39) end++;
  if (end === 0) return null;
  let start = 0;
  while (start < end - 1 && s.charCodeAt(start) === 0x30) start++;
  return s.slice(start, end);
}

/** Compares two i;ascii-numeric strings without number overflow (digit strings of any length). */
function compareNumeric(a: string, b: string): number {
  const x = numericKey(a);
  const y = numericKey(b);
  // RFC 4790 §9.1.1: strings that do not start with a digit are positive infinity and equal
  // to each other.
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** i;ascii-numeric (RFC 4790 §9.1): equality and ordering only, no substring operations. */
const asciiNumeric: Comparator = {
  name: "i;ascii-numeric",
  equals: (a, b) => compareNumeric(a, b) === 0,
  compare: compareNumeric,
};

const COMPARATORS: ReadonlyMap<string, Comparator> = new Map(
  [octet, asciiCasemap, asciiNumeric, unicodeCasemap].map((c) => [c.name, c]),
);

/** The names of every comparator {@link getComparator} knows. */
export const COMPARATOR_NAMES: readonly string[] = [...COMPARATORS.keys()];

/** The comparator called `name` (case-insensitive), or undefined. */
export function findComparator(name: string): Comparator | undefined {
  return COMPARATORS.get(name.toLowerCase());
}

/**
 * The comparator called `name` (case-insensitive): `i;octet`, `i;ascii-casemap` (the default of
 * RFC 5228 §2.7.3), `i;ascii-numeric` or `i;unicode-casemap`.
 *
 * @throws TypeError for an unknown name (validation rejects those before a script runs)
 */
export function getComparator(name: string): Comparator {
  const c = findComparator(name);
  if (c === undefined) throw new TypeError(`unknown comparator "${name}"`);
  return c;
}
