/**
 * `encoded-character` (RFC 5228 §2.4.2.4): `${hex:…}` and `${unicode:…}` inside strings.
 *
 * The decoder follows Pigeonhole's state machine exactly, because what counts as a valid
 * encoding decides which strings are errors (compile/errors/encoded-character.sieve):
 * a malformed encoding stays literal text, a well-formed one naming an invalid code point
 * (a surrogate or above U+10FFFF) is an error.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The result of {@link decodeEncodedCharacters}. */
export interface EncodedCharacterResult {
  /** The string with every valid encoding substituted (up to the first error). */
  value: string;
  /** The first invalid code point of a closed `${unicode:…}`, or null when the string is fine. */
  invalid: number | null;
  /** False when `${hex:…}` bytes do not form UTF-8 (`${hex:ff}`); they are then shown as U+FFFD. */
  validUtf8: boolean;
}

/** Decodes the bytes of one `${hex:…}` (held as char codes 0–255) as UTF-8. */
function hexBytesToText(bytes: string): { text: string; ok: boolean } {
  const arr = Uint8Array.from(bytes, (c) => c.charCodeAt(0));
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(arr), ok: true };
  } catch {
    return { text: new TextDecoder("utf-8").decode(arr), ok: false };
  }
}

const NONE = 0;
const OPEN = 1;
const TYPE = 2;
const CLOSE = 3;
/** Larger values are clamped: they are invalid either way and must not overflow. */
const CLAMP = 0x7fffffff;

function hexValue(c: string | undefined): number {
  if (c === undefined) return -1;
  const d = c.charCodeAt(0);
  if (d >= 0x30 && d <= 0x39) return d - 0x30;
  if (d >= 0x61 && d <= 0x66) return d - 0x61 + 10;
  if (d >= 0x41 && d <= 0x46) return d - 0x41 + 10;
  return -1;
}

function isAlpha(c: string | undefined): boolean {
  return c !== undefined && /^[A-Za-z]$/.test(c);
}

/** True for a Unicode scalar value (RFC 3629: no surrogates, at most U+10FFFF). */
function isScalar(cp: number): boolean {
  return cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
}

/**
 * Decodes the encoded characters of `s` the way Pigeonhole does (RFC 5228 §2.4.2.4):
 * `hex-pair-seq` / `unicode-hex-seq` separated by blanks (SP, HTAB, CRLF, and a loose LF), the
 * encoding name case-insensitive. Anything malformed is left as it is.
 */
export function decodeEncodedCharacters(s: string): EncodedCharacterResult {
  let out = "";
  let start = 0;
  let subStart = 0;
  let state = NONE;
  let tmp = "";
  let invalid: number | null = null;
  let validUtf8 = true;
  let isHex = false;
  let p = 0;

  const skipBlanks = (): boolean => {
    while (p < s.length) {
      if (s[p] === "\r") {
        p++;
        if (s[p] !== "\n") return false;
        continue;
      }
      if (s[p] !== " " && s[p] !== "\n" && s[p] !== "\t") break;
      p++;
    }
    return true;
  };
  /** One hex number of at most `max` digits (0: unlimited); null when there is none. */
  const hexInt = (max: number): number | null => {
    let digits = 0;
    let value = 0;
    while (p < s.length && (max === 0 || digits < max)) {
      const d = hexValue(s[p]);
      if (d < 0) return digits > 0 ? value : null;
      value = Math.min(value * 16 + d, CLAMP);
      p++;
      digits++;
    }
    if (digits === max) return hexValue(s[p]) >= 0 ? null : value;
    return digits > 0 ? value : null;
  };
  const decodeHex = (): boolean => {
    let values = 0;
    while (p < s.length) {
      if (!skipBlanks()) return false;
      const v = hexInt(2);
      if (v === null) break;
      tmp += String.fromCharCode(v);
      values++;
    }
    return values > 0;
  };
  const decodeUnicode = (): boolean => {
    let values = 0;
    let valid = true;
    while (p < s.length) {
      if (!skipBlanks()) return false;
      const v = hexInt(0);
      if (v === null) break;
      if (isScalar(v)) tmp += String.fromCodePoint(v);
      else {
        if (valid) invalid = v;
        valid = false;
      }
      values++;
    }
    return values > 0;
  };

  while (p < s.length) {
    if (state === NONE) {
      if (s[p] === "$") {
        subStart = p;
        state = OPEN;
      }
      p++;
    } else if (state === OPEN) {
      if (s[p] === "{") {
        state = TYPE;
        p++;
      } else state = NONE;
    } else if (state === TYPE) {
      const mark = p;
      while (p < s.length && isAlpha(s[p])) p++;
      if (s[p] !== ":") {
        state = NONE;
        continue;
      }
      // Pigeonhole compares only the characters written, so `${u:…}` means unicode.
      const name = s.slice(mark, p).toLowerCase();
      state = CLOSE;
      tmp = "";
      p++;
      isHex = "hex".startsWith(name);
      if (isHex) {
        if (!decodeHex()) state = NONE;
      } else if ("unicode".startsWith(name)) {
        if (!decodeUnicode()) state = NONE;
      } else state = NONE;
    } else {
      if (s[p] === "}") {
        // Once an invalid code point was seen, the next closed encoding reports it.
        if (invalid !== null) return { value: out + s.slice(start), invalid, validUtf8 };
        let piece = tmp;
        if (isHex) {
          const decoded = hexBytesToText(tmp);
          piece = decoded.text;
          if (!decoded.ok) validUtf8 = false;
        }
        out += s.slice(start, subStart) + piece;
        start = p + 1;
        p++;
      }
      state = NONE;
    }
  }
  return { value: out + s.slice(start), invalid: null, validUtf8 };
}

/** The encoded-character extension (RFC 5228 §2.4.2.4). */
export const encodedCharacter: ExtensionSpec = {
  capability: "encoded-character",
  reference: "RFC 5228 §2.4.2.4",
  checkString(str, ctx) {
    if (!str.value.includes("${")) return;
    const { invalid } = decodeEncodedCharacters(str.value);
    if (invalid !== null) {
      const hex = invalid >= CLAMP ? "beyond 0x7FFFFFFF" : `U+${invalid.toString(16).toUpperCase().padStart(4, "0")}`;
      ctx.error(
        str,
        "SIEVE_E_ENCODED_CHARACTER",
        `invalid unicode character ${hex} in encoded character substitution (RFC 5228 §2.4.2.4)`,
      );
    }
  },
};
