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
    const items = body.trim() === "" ? [] : body.trim().split(/[ \t\r\n]+/);
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

/** The `set` modifiers (RFC 5229 §4.1; `quoteregex`: draft-ietf-sieve-regex §5; `encodeurl`: RFC 5435 §7). */
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

/** Applies one modifier. */
function applyModifier(name: string, v: string): string {
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
      return v.replace(/[*?\\]/g, "\\$&");
    case "quoteregex":
      return v.replace(/[\\^$.[\]|()?*+{}]/g, "\\$&");
    case "encodeurl":
      // RFC 5435 §7: percent-encode everything but RFC 3986 unreserved characters.
      return encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    case "length":
      // RFC 5229 §4.1.2: the length in characters, not octets.
      return String([...v].length);
    default:
      return v;
  }
}

/** Applies `set` modifiers, highest precedence first (RFC 5229 §4.1). */
export function applyModifiers(modifiers: readonly string[], value: string): string {
  const sorted = [...modifiers].sort((a, b) => (MODIFIER_PRECEDENCE[b] ?? 0) - (MODIFIER_PRECEDENCE[a] ?? 0));
  let v = value;
  for (const m of sorted) v = applyModifier(m, v);
  return v;
}
