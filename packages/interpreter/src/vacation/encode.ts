/**
 * Header text for the vacation reply: RFC 2047 encoded words for non-ASCII text (RFC 5230 §4.3:
 * "if and only if non-ASCII characters are present"), display names quoted when they are not
 * atoms (RFC 5322 §3.2.3, §3.4) and long lines folded at white space (RFC 5322 §2.2.3).
 *
 * @module
 */

/** Longest encoded word (RFC 2047 §2: "may not be more than 75 characters long"). */
const MAX_WORD = 75;
/** Line length the folder aims for (RFC 5322 §2.1.1: "SHOULD be no more than 78 characters"). */
const FOLD_AT = 78;

/** True when `s` holds a character outside US-ASCII. */
export function hasNonAscii(s: string): boolean {
  return /[\u0080-\uffff]/.test(s);
}

/**
 * `text` as a run of `=?utf-8?b?…?=` words separated by a space, each at most 75 characters
 * and each holding whole characters (RFC 2047 §5 (3): a multi-octet character must not be split
 * across adjacent encoded words).
 */
export function encodeWords(text: string): string {
  const prefix = "=?utf-8?b?";
  const suffix = "?=";
  // Base64 of n bytes takes 4*ceil(n/3) characters: 75 - 12 leaves room for 45 bytes.
  const maxBytes = Math.floor((MAX_WORD - prefix.length - suffix.length) / 4) * 3;
  const words: string[] = [];
  let chunk: number[] = [];
  for (const ch of text) {
    const bytes = Buffer.from(ch, "utf8");
    if (chunk.length + bytes.length > maxBytes) {
      words.push(`${prefix}${Buffer.from(chunk).toString("base64")}${suffix}`);
      chunk = [];
    }
    for (const b of bytes) chunk.push(b);
  }
  if (chunk.length > 0 || words.length === 0) words.push(`${prefix}${Buffer.from(chunk).toString("base64")}${suffix}`);
  return words.join(" ");
}

/**
 * Unstructured header text (RFC 5322 §3.2.5, e.g. Subject) ready to write: unchanged when it is
 * ASCII; otherwise the words from the first to the last one holding non-ASCII characters become
 * encoded words and the ASCII words around them stay readable (as Dovecot's
 * `message_header_encode`; an encoded word must be separated from other text by white space,
 * RFC 2047 §5 (1)).
 */
export function encodeUnstructured(text: string): string {
  if (!hasNonAscii(text)) return text;
  const first = text.search(/[\u0080-\uffff]/);
  let last = text.length - 1;
  while (last > 0 && !hasNonAscii(text.charAt(last))) last--;
  const start = text.lastIndexOf(" ", first) + 1;
  const space = text.indexOf(" ", last);
  const end = space < 0 ? text.length : space;
  return `${text.slice(0, start)}${encodeWords(text.slice(start, end))}${text.slice(end)}`;
}

// RFC 5322 §3.2.3 atext.
const ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+$/;

/**
 * A display name as a phrase (RFC 5322 §3.2.5): encoded words when it is not ASCII
 * (RFC 2047 §5 (3)), the bare atom when it is one, else a quoted string.
 */
export function encodePhrase(name: string): string {
  if (hasNonAscii(name)) return encodeWords(name);
  if (ATOM.test(name)) return name;
  return `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** `addr` with an optional display name: `Name <addr>` or `<addr>` (RFC 5322 §3.4 name-addr). */
export function formatMailbox(display: string | null, addr: string): string {
  return display === null || display === "" ? `<${addr}>` : `${encodePhrase(display)} <${addr}>`;
}

/**
 * One header field `Name: value` folded at white space so lines stay near 78 characters where
 * the value allows (RFC 5322 §2.2.3: folding inserts CRLF before existing white space). Lines
 * are joined with CRLF; there is no final line break.
 */
export function foldHeader(name: string, value: string): string {
  const line = `${name}: ${value}`;
  if (line.length <= FOLD_AT) return line;
  const out: string[] = [];
  let current = "";
  // Split before each space; every piece after the first starts with its white space.
  for (const piece of line.split(/(?= )/)) {
    if (current !== "" && current.length + piece.length > FOLD_AT && current.trim() !== `${name}:`) {
      out.push(current);
      current = piece;
    } else {
      current += piece;
    }
  }
  out.push(current);
  return out.join("\r\n");
}
