/**
 * RFC 2047 encoded words (`=?charset?B|Q?text?=`), decoded for comparison as RFC 5228 §2.7.2
 * requires, and the charset decoding the rest of the message view shares.
 *
 * Decoding is lenient, like Dovecot's `message_header_decode`: an encoded word is recognised
 * wherever it appears (also inside quoted strings and glued to other text, which RFC 2047 §5
 * forbids but mailers produce), linear white space between two adjacent encoded words is
 * dropped (RFC 2047 §6.2), and the bytes of adjacent words in the same charset are joined
 * before decoding so a multi-byte character split across two words survives. A word whose
 * charset TextDecoder does not know, or whose encoding is malformed, stays as written.
 *
 * @module
 */

import { TextDecoder } from "node:util";

const decoders = new Map<string, TextDecoder | null>();

/**
 * A TextDecoder for a MIME charset label (WHATWG labels: utf-8, iso-8859-x, windows-125x,
 * koi8-r, shift_jis, gb18030, big5, euc-kr, iso-2022-jp…), or null when unknown. RFC 2231
 * language suffixes (`utf-8*en`) are ignored.
 */
export function charsetDecoder(charset: string): TextDecoder | null {
  const label = charset.split("*")[0]?.trim().toLowerCase() ?? "";
  let d = decoders.get(label);
  if (d === undefined) {
    try {
      d = new TextDecoder(label === "utf8" ? "utf-8" : label);
    } catch {
      d = null;
    }
    if (decoders.size < 256) decoders.set(label, d);
  }
  return d;
}

const utf8Fatal = new TextDecoder("utf-8", { fatal: true });
const latin = new TextDecoder("windows-1252");

/**
 * Bytes of unknown charset to text: UTF-8 when they are valid UTF-8 (RFC 6532), else
 * windows-1252 (the usual 8-bit legacy), so no byte is ever lost as U+FFFD.
 */
export function decodeUnknown(bytes: Uint8Array): string {
  // Pure ASCII: both decoders agree; skip the fatal attempt's exception path.
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    return latin.decode(bytes);
  }
}

/** Decodes `bytes` in `charset`, falling back to {@link decodeUnknown} for unknown charsets. */
export function decodeCharset(bytes: Uint8Array, charset: string | null): string {
  const d = charset === null ? null : charsetDecoder(charset);
  return d === null ? decodeUnknown(bytes) : d.decode(bytes);
}

/** RFC 2047 §4.2 Q: `_` is space, `=XX` a byte, anything else itself. Null when malformed. */
function decodeQ(text: string): Uint8Array | null {
  const out = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) out[n++] = 0x20;
    else if (c === 0x3d) {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
      out[n++] = Number.parseInt(hex, 16);
      i += 2;
    } else out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

/** RFC 2047 §4.1 B (base64, padding optional as mailers often omit it). Null when malformed. */
function decodeB(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.replace(/=+$/, "").length % 4 === 1) return null;
  return Buffer.from(text, "base64");
}

// charset (no '?', no space), encoding, text (no '?', no space): RFC 2047 §2.
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

interface Word {
  start: number;
  end: number;
  charset: string;
  bytes: Uint8Array;
}

/**
 * Decodes every RFC 2047 encoded word of a header value (RFC 5228 §2.7.2). Text that is not
 * an encoded word is returned unchanged. Never throws.
 */
export function decodeEncodedWords(value: string): string {
  if (!value.includes("=?")) return value;
  const words: Word[] = [];
  for (const m of value.matchAll(ENCODED_WORD)) {
    const charset = m[1] as string;
    if (charsetDecoder(charset) === null) continue;
    const enc = (m[2] as string).toUpperCase();
    const bytes = enc === "B" ? decodeB(m[3] as string) : decodeQ(m[3] as string);
    if (bytes === null) continue;
    const start = m.index as number;
    words.push({ start, end: start + m[0].length, charset, bytes });
  }
  if (words.length === 0) return value;
  let out = "";
  let pos = 0;
  let i = 0;
  while (i < words.length) {
    const first = words[i] as Word;
    out += value.slice(pos, first.start);
    // Gather a run of adjacent words (only white space between them, RFC 2047 §6.2) of one charset.
    const run: Uint8Array[] = [first.bytes];
    let end = first.end;
    let j = i + 1;
    for (; j < words.length; j++) {
      const w = words[j] as Word;
      if (!/^[ \t\r\n]*$/.test(value.slice(end, w.start))) break;
      if (w.charset.toLowerCase() !== first.charset.toLowerCase()) {
        // Different charset: still adjacent, so the white space goes, but decode separately.
        break;
      }
      run.push(w.bytes);
      end = w.end;
    }
    out += (charsetDecoder(first.charset) as TextDecoder).decode(Buffer.concat(run));
    pos = end;
    if (j < words.length && /^[ \t\r\n]*$/.test(value.slice(end, (words[j] as Word).start))) {
      pos = (words[j] as Word).start;
    }
    i = j;
  }
  return out + value.slice(pos);
}
