/**
 * Compile-time string processing: encoded characters (RFC 5228 §2.4.2.4) are decoded once, and
 * strings with `${…}` references (RFC 5229 §3) are pre-split into a {@link Template} so a run
 * only concatenates.
 *
 * @module
 */

/** A reference inside a template: a variable (lower-cased, RFC 5229 §3: names are case-insensitive) or a match variable. */
export type TemplatePart = string | { variable: string } | { match: number };

/** A pre-split string. `constant` is its value when it has no reference. */
export interface Template {
  parts: TemplatePart[];
  constant: string | null;
}

/**
 * Decodes `${hex:…}` and `${unicode:…}` (RFC 5228 §2.4.2.4). Malformed sequences stay as
 * written, as the RFC asks ("treated as literal text").
 */
export function decodeEncodedCharacters(s: string): string {
  if (!s.includes("${")) return s;
  return s.replace(/\$\{(hex|unicode):([\s0-9a-fA-F]*)\}/gi, (whole, kind: string, body: string) => {
    // RFC 5228 §2.4.2.4: hex-pair-seq / unicode-hex-seq need at least one item, so
    // `${hex:}` is not an encoded character and stays literal.
    if (body.trim() === "") return whole;
    const items = body.trim().split(/[ \t\r\n]+/);
    if (kind.toLowerCase() === "hex") {
      if (items.some((h) => h.length > 2 && !/^0*[0-9a-f]{1,2}$/i.test(h))) return whole;
      const bytes = Uint8Array.from(items.map((h) => Number.parseInt(h, 16)));
      return new TextDecoder().decode(bytes);
    }
    let out = "";
    for (const h of items) {
      const cp = Number.parseInt(h, 16);
      // RFC 5228 §2.4.2.4: surrogates and values above 0x10FFFF are errors; keep the text.
      if (!(cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) return whole;
      out += String.fromCodePoint(cp);
    }
    return out;
  });
}

/**
 * Splits `s` at variable references (RFC 5229 §3). `namespaces` are the dotted prefixes
 * that may be referenced (e.g. `env`); other references with a dot, and malformed ones, stay
 * literal text as §3 requires.
 */
export function splitTemplate(s: string, namespaces: ReadonlySet<string> = new Set()): Template {
  if (!s.includes("${")) return { parts: [s], constant: s };
  const parts: TemplatePart[] = [];
  let text = "";
  let i = 0;
  const re = /\$\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*|[0-9]+)\}/y;
  while (i < s.length) {
    if (s[i] === "$" && s[i + 1] === "{") {
      re.lastIndex = i;
      const m = re.exec(s);
      if (m) {
        const name = (m[1] as string).toLowerCase();
        const dot = name.indexOf(".");
        if (/^[0-9]/.test(name)) {
          if (text) parts.push(text);
          text = "";
          parts.push({ match: Number(name) });
          i = re.lastIndex;
          continue;
        }
        if (dot < 0 || namespaces.has(name.slice(0, dot))) {
          if (text) parts.push(text);
          text = "";
          parts.push({ variable: name });
          i = re.lastIndex;
          continue;
        }
      }
    }
    text += s[i];
    i++;
  }
  if (text) parts.push(text);
  const constant = parts.every((p) => typeof p === "string") ? parts.join("") : null;
  return { parts, constant };
}

/** Cuts `s` to at most `max` UTF-8 bytes without splitting a character (RFC 5229 §6). */
export function truncateUtf8(s: string, max: number): string {
  if (s.length * 3 <= max) return s;
  const bytes = new TextEncoder().encode(s);
  if (bytes.length <= max) return s;
  let end = max;
  // Back off continuation bytes (10xxxxxx) so the cut falls between characters.
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

/** The `set` modifiers (RFC 5229 §4.1; `quoteregex`: draft-ietf-sieve-regex §5; `encodeurl`: RFC 5435 §6). */
export const MODIFIER_PRECEDENCE: Readonly<Record<string, number>> = Object.freeze({
  lower: 40,
  upper: 40,
  lowerfirst: 30,
  upperfirst: 30,
  quotewildcard: 20,
  quoteregex: 20,
  encodeurl: 15,
  length: 10,
});

/** UTF-8 length of one code point. */
function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * Escapes or encodes `v` one character at a time, stopping before the piece that would take the
 * result past `max` bytes: RFC 5229 §6 lets a long value be cut, but a cut must not leave half
 * an escape (`\` without its `*`) or half a percent-encoded character, as Pigeonhole's
 * variables/limits.svtest and enotify/encodeurl.svtest check.
 */
function mapBounded(v: string, max: number, piece: (ch: string, cp: number) => string): string {
  let out = "";
  let bytes = 0;
  for (const ch of v) {
    const cp = ch.codePointAt(0) as number;
    const p = piece(ch, cp);
    const n = p === ch ? utf8Length(cp) : p.length;
    if (bytes + n > max) break;
    out += p;
    bytes += n;
  }
  return out;
}

// RFC 3986 §2.3: unreserved characters stay as they are.
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Percent-encodes one character as UTF-8 octets (RFC 3986 §2.1). */
function percentEncode(ch: string): string {
  if (UNRESERVED.test(ch)) return ch;
  let out = "";
  for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  return out;
}

/** Applies one modifier; quoting and encoding stop at whole pieces within `max` bytes. */
function applyModifier(name: string, v: string, max: number): string {
  switch (name) {
    case "lower":
      return v.toLowerCase();
    case "upper":
      return v.toUpperCase();
    case "lowerfirst":
      return v.charAt(0).toLowerCase() + v.slice(1);
    case "upperfirst":
      return v.charAt(0).toUpperCase() + v.slice(1);
    case "quotewildcard":
      // RFC 5229 §4.1.2: `*`, `?` and `\` get a backslash.
      return mapBounded(v, max, (ch) => (ch === "*" || ch === "?" || ch === "\\" ? `\\${ch}` : ch));
    case "quoteregex":
      return mapBounded(v, max, (ch) => ("\\^$.[]|()?*+{}".includes(ch) ? `\\${ch}` : ch));
    case "encodeurl":
      // RFC 5435 §6: percent-encode everything but RFC 3986 unreserved characters.
      return mapBounded(v, max, percentEncode);
    case "length":
      // RFC 5229 §4.1.2: the length in characters, not octets.
      return String([...v].length);
    default:
      return v;
  }
}

/**
 * Applies `set` modifiers, highest precedence first (RFC 5229 §4.1). `max` is the variable size
 * limit in bytes: the escaping modifiers never produce a partial escape across it (RFC 5229 §6).
 */
export function applyModifiers(
  modifiers: readonly string[],
  value: string,
  max: number = Number.POSITIVE_INFINITY,
): string {
  const sorted = [...modifiers].sort((a, b) => (MODIFIER_PRECEDENCE[b] ?? 0) - (MODIFIER_PRECEDENCE[a] ?? 0));
  let v = value;
  for (const m of sorted) v = applyModifier(m, v, max);
  return v;
}
