/**
 * UTF-8 checking for script bytes. RFC 5228 §2.1 requires scripts to be UTF-8; an invalid
 * sequence is reported at the exact byte, and decoding goes on with U+FFFD so the rest of the
 * file still gets diagnostics.
 *
 * @module
 */

/** Offset of the first byte of the first invalid UTF-8 sequence in `bytes`, or -1 when valid. */
export function findInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8 (RFC 3629 §3).
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Decodes script bytes. Returns the text and, when the bytes are not valid UTF-8, the byte
 * offset of the first bad sequence and the UTF-16 offset in `text` where it landed.
 */
export function decodeScript(bytes: Uint8Array): { text: string; badByte: number; badOffset: number } {
  const badByte = findInvalidUtf8(bytes);
  const text = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(bytes);
  if (badByte < 0) return { text, badByte, badOffset: -1 };
  // The valid prefix decodes to the same text as in the whole, so its length is the offset.
  const badOffset = new TextDecoder("utf-8").decode(bytes.subarray(0, badByte)).length;
  return { text, badByte, badOffset };
}

/**
 * The UTF-8 length of `text` in bytes, as `Buffer.byteLength(text, "utf8")` counts it (a lone
 * surrogate is encoded as U+FFFD, 3 bytes), without Node's `Buffer`: the parser runs in browsers.
 */
export function utf8ByteLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
