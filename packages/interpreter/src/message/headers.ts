/**
 * A header block as written: ordered fields with their names as they appear, values unfolded
 * (RFC 5322 §2.2.3), never renamed or merged (ARCHITECTURE.md: Sieve must see the raw header
 * lines, not a mail library's normalised map).
 *
 * @module
 */
import { type ParsedAddress, parseAddressList } from "./address.ts";
import { decodeEncodedWords, decodeUnknown } from "./encoded-words.ts";

/** One header field. */
export interface HeaderField {
  /** The field name as written (without trailing white space before the colon). */
  readonly name: string;
  /** The value after the colon, unfolded (line breaks before white space removed), undecoded, untrimmed. */
  readonly value: string;
  /** The whole field as written, folding included, without its final line break. */
  readonly raw: string;
}

// RFC 5322 §3.6.8 field-name: printable ASCII except ":".
const FIELD_NAME = /^[!-9;-~]+$/;

/** Bytes held in a latin1 string (one char per byte) to text: UTF-8 if valid, else windows-1252. */
export function binToText(bin: string): string {
  // Pure ASCII needs no decoding.
  if (!/[\u0080-\uFFFF]/.test(bin)) return bin;
  return decodeUnknown(Buffer.from(bin, "latin1"));
}

/** Is `c` (a char code) space or tab (RFC 5234 WSP)? */
function isWsp(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Trims leading and trailing WSP and line breaks (RFC 5228 §5.7: "ignoring leading and trailing whitespace"). */
function trimWsp(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (isWsp(s.charCodeAt(a)) || s.charCodeAt(a) === 0x0d || s.charCodeAt(a) === 0x0a)) a++;
  while (b > a && (isWsp(s.charCodeAt(b - 1)) || s.charCodeAt(b - 1) === 0x0d || s.charCodeAt(b - 1) === 0x0a)) b--;
  return s.slice(a, b);
}

/** Is `name` an RFC 5322 §3.6.8 field-name (`1*ftext`: printable US-ASCII except ":")? */
export function isFieldName(name: string): boolean {
  return FIELD_NAME.test(name);
}

/** Lines of a header field are folded at this many characters when possible (RFC 5322 §2.1.1 "SHOULD"). */
const FOLD_AT = 78;
/** RFC 2047 §2: an encoded-word is at most 75 characters, a line holding one at most 76. */
const ENCODED_WORD_MAX = 75;
const ENCODED_LINE_MAX = 76;

/**
 * Encodes `text` as RFC 2047 "B" encoded-words of UTF-8, each on its own line of at most 76
 * characters (the first after `firstWidth` characters of field name) and never splitting a
 * character (RFC 2047 §2, §5 (3)), separated by folding white space: readers join adjacent
 * encoded-words and drop the white space between them (RFC 2047 §6.2).
 */
function encodeWords(text: string, firstWidth: number): string {
  // "=?utf-8?b?" + "?=" is 12 characters; each 4 base64 characters hold 3 bytes.
  const budget = (width: number) =>
    Math.max(3, Math.floor((Math.min(ENCODED_WORD_MAX, ENCODED_LINE_MAX - width) - 12) / 4) * 3);
  let maxBytes = budget(firstWidth);
  const words: string[] = [];
  let chunk = "";
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch, "utf8");
    if (bytes + n > maxBytes && chunk !== "") {
      words.push(`=?utf-8?b?${Buffer.from(chunk, "utf8").toString("base64")}?=`);
      chunk = "";
      bytes = 0;
      maxBytes = budget(1); // continuation lines start with one space
    }
    chunk += ch;
    bytes += n;
  }
  if (chunk !== "") words.push(`=?utf-8?b?${Buffer.from(chunk, "utf8").toString("base64")}?=`);
  return words.join("\r\n ");
}

/**
 * Folds one logical line (no line breaks) before white space so that physical lines stay
 * within {@link FOLD_AT} characters where the text allows it (RFC 5322 §2.2.3). The white
 * space is kept at the start of the continuation line, so unfolding restores the text exactly.
 */
function foldLine(line: string, firstWidth: number): string {
  let out = "";
  let rest = line;
  let width = firstWidth;
  while (rest.length > FOLD_AT - width) {
    let cut = -1;
    for (let i = Math.min(rest.length - 1, FOLD_AT - width); i > 0; i--) {
      const c = rest.charCodeAt(i);
      if (c === 0x20 || c === 0x09) {
        cut = i;
        break;
      }
    }
    // One long word (RFC 5322 §2.1.1 allows 998 characters), or a cut that would leave a line
    // of white space only, which §3.2.2 forbids: leave the rest as it is.
    if (cut <= 0 || !/[^ \t]/.test(rest.slice(0, cut))) break;
    out += `${rest.slice(0, cut)}\r\n`;
    rest = rest.slice(cut);
    width = 0;
  }
  return out + rest;
}

/**
 * Builds the header field `addheader` (RFC 5293 §4) inserts: `name: value` as RFC 5322
 * `unstructured` text.
 *
 * - Line breaks in `value` (CRLF, LF or CR, several in a row counting as one) become folds;
 *   a line that does not start with white space gets a TAB, as Pigeonhole does, so it cannot
 *   end the field; trailing line breaks are dropped.
 * - A value with non-ASCII characters is written as RFC 2047 encoded-words (RFC 5293 §4
 *   "encode the field … described in [MIME3]"), so readers that decode encoded-words
 *   (RFC 5228 §2.7.2) see the value as given.
 * - Long lines are folded before white space (RFC 5322 §2.2.3).
 *
 * The caller checks the name ({@link isFieldName}) and rejects NUL.
 */
export function createField(name: string, value: string): HeaderField {
  const lines = value.split(/[\r\n]+/);
  while (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const logical = lines.map((l, i) => (i === 0 || l.startsWith(" ") || l.startsWith("\t") ? l : `\t${l}`));
  let body: string;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: testing for non-ASCII is the point
  if (/[^\x00-\x7f]/.test(value)) {
    // Unfolded, the value is the lines joined (RFC 5322 §2.2.3); encode that text as a whole.
    body = encodeWords(logical.join(""), name.length + 2);
  } else {
    body = logical.map((l, i) => foldLine(l, i === 0 ? name.length + 2 : 0)).join("\r\n");
  }
  const raw = `${name}: ${body}`;
  return { name, value: ` ${body.replace(/\r?\n(?=[ \t])/g, "")}`, raw };
}

/** An ordered header block with case-insensitive lookup and cached decoding. */
export class Headers {
  /** The fields in order. */
  readonly fields: readonly HeaderField[];
  #byName: Map<string, HeaderField[]> | null = null;
  #decoded = new Map<HeaderField, string>();

  /** @param fields - the fields in order */
  constructor(fields: readonly HeaderField[]) {
    this.fields = fields;
  }

  /**
   * Parses a header block held as bytes in a latin1 string (each field decoded as UTF-8 when
   * valid, else windows-1252). Lines that are neither a field nor a continuation (no colon,
   * or a name with spaces such as an mbox `From ` line) are skipped, as Dovecot does; a
   * continuation before any field is skipped too. "From   :" is the field "From"
   * (RFC 5228 §2.4.2.2).
   */
  static parse(bin: string): Headers {
    const fields: HeaderField[] = [];
    let cur: string | null = null;
    const finish = (): void => {
      if (cur === null) return;
      const raw = binToText(cur);
      cur = null;
      const colon = raw.indexOf(":");
      const name = raw.slice(0, colon).replace(/[ \t]+$/, "");
      if (!FIELD_NAME.test(name)) return;
      // RFC 5322 §2.2.3: unfolding removes the CRLF before folding white space.
      const value = raw.slice(colon + 1).replace(/\r?\n(?=[ \t])/g, "");
      fields.push({ name, value, raw });
    };
    let pos = 0;
    const n = bin.length;
    while (pos < n) {
      let nl = bin.indexOf("\n", pos);
      if (nl < 0) nl = n;
      const lineEnd = nl > pos && bin.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
      const first = bin.charCodeAt(pos);
      if (isWsp(first)) {
        if (cur !== null) cur += `\r\n${bin.slice(pos, lineEnd)}`;
      } else {
        finish();
        const line = bin.slice(pos, lineEnd);
        if (line.includes(":")) cur = line;
      }
      pos = nl + 1;
    }
    finish();
    return new Headers(fields);
  }

  /** The field names in order, as written (duplicates repeated). */
  names(): string[] {
    return this.fields.map((f) => f.name);
  }

  /** The fields named `name`, case-insensitive, in order. */
  fieldsNamed(name: string): readonly HeaderField[] {
    if (this.#byName === null) {
      const map = new Map<string, HeaderField[]>();
      for (const f of this.fields) {
        const key = f.name.toLowerCase();
        const list = map.get(key);
        if (list === undefined) map.set(key, [f]);
        else list.push(f);
      }
      this.#byName = map;
    }
    return this.#byName.get(name.toLowerCase()) ?? [];
  }

  /**
   * Values of every field named `name` (case-insensitive), unfolded and trimmed of leading and
   * trailing white space (RFC 5228 §5.7), in order. Encoded words are decoded (RFC 5228
   * §2.7.2) unless `raw` is set. A name that cannot be a field name ("subject:") finds nothing.
   */
  get(name: string, opts: { raw?: boolean } = {}): string[] {
    const list = this.fieldsNamed(name);
    if (opts.raw === true) return list.map((f) => trimWsp(f.value));
    return list.map((f) => {
      let v = this.#decoded.get(f);
      if (v === undefined) {
        v = decodeEncodedWords(trimWsp(f.value));
        this.#decoded.set(f, v);
      }
      return v;
    });
  }

  /** Addresses of every field named `name` (RFC 5322 §3.4), in order (see {@link parseAddressList}). */
  addresses(name: string): ParsedAddress[] {
    const out: ParsedAddress[] = [];
    for (const f of this.fieldsNamed(name)) for (const a of parseAddressList(f.value)) out.push(a);
    return out;
  }
}
