/**
 * A small, strict MIME splitter (RFC 2045, RFC 2046) for the body extension (RFC 5173) and
 * MIME part iteration (RFC 5703).
 *
 * Why not mailparser: it is a streaming, asynchronous parser that decodes every part and
 * builds its own normalised header map; the body tests need only part boundaries, the raw
 * header lines of each part and, for the parts a test selects, their decoded content. This
 * splitter works on the message held once as a latin1 string (one character per byte, so
 * byte offsets are string offsets and sub-strings are cheap slices), decodes lazily, and
 * bounds what a hostile message can make it do: nesting deeper than `maxDepth` or more than
 * `maxParts` parts are left unsplit (their text stays in the enclosing part), as Dovecot's
 * message parser does with the same defaults (100 and 10,000).
 *
 * @module
 */
import { charsetDecoder, decodeUnknown } from "./encoded-words.ts";
import { Headers } from "./headers.ts";

/** Bounds of MIME splitting. */
export interface MimeLimits {
  /** Deepest nesting of multipart / message/rfc822 parts that is split. Default 100. */
  maxDepth?: number;
  /** Most parts split in one message. Default 10,000. */
  maxParts?: number;
}

/** Defaults of {@link MimeLimits}. */
export const DEFAULT_MIME_LIMITS: Readonly<Required<MimeLimits>> = Object.freeze({ maxDepth: 100, maxParts: 10_000 });

/** A parsed Content-Type (RFC 2045 §5.1). */
export interface ContentType {
  /** `type/subtype`, lower case. */
  type: string;
  /** Parameters, names lower case, values unquoted. */
  params: Map<string, string>;
  /** False when the header was present but malformed (then `type` is application/octet-stream). */
  valid: boolean;
}

// RFC 2045 §5.1 token: printable ASCII except tspecials and space.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const TYPE_RE = new RegExp(`^[ \\t]*(${TOKEN})[ \\t]*/[ \\t]*(${TOKEN})[ \\t]*(?:;|$)`);
const PARAM_RE = new RegExp(`^[ \\t]*(${TOKEN})[ \\t]*=[ \\t]*(?:(${TOKEN})|"((?:[^"\\\\]|\\\\.)*)")[ \\t]*`);

/** Parses a Content-Type value; null for an absent header. Comments are not supported (rare). */
export function parseContentType(value: string | undefined): ContentType | null {
  if (value === undefined) return null;
  const v = value.replace(/\r?\n/g, "");
  const m = TYPE_RE.exec(v);
  if (m === null) return { type: "application/octet-stream", params: new Map(), valid: false };
  const params = new Map<string, string>();
  let rest = v.slice(m[0].length);
  // Parameters: tolerate junk between them (skip to the next ';').
  while (rest.length > 0) {
    const p = PARAM_RE.exec(rest);
    if (p !== null) {
      const name = (p[1] as string).toLowerCase();
      if (!params.has(name)) params.set(name, p[2] ?? (p[3] as string).replace(/\\(.)/g, "$1"));
      rest = rest.slice(p[0].length);
    }
    const semi = rest.indexOf(";");
    if (semi < 0) break;
    rest = rest.slice(semi + 1);
  }
  return { type: `${(m[1] as string).toLowerCase()}/${(m[2] as string).toLowerCase()}`, params, valid: true };
}

/** Undoes quoted-printable (RFC 2045 §6.7): soft breaks removed, `=XX` decoded, bad `=` kept. */
function decodeQuotedPrintable(bin: string): Uint8Array {
  const out = new Uint8Array(bin.length);
  let n = 0;
  for (let i = 0; i < bin.length; i++) {
    const c = bin.charCodeAt(i);
    if (c === 0x3d) {
      const a = bin.charCodeAt(i + 1);
      if (a === 0x0a) {
        i += 1;
        continue;
      }
      if (a === 0x0d && bin.charCodeAt(i + 2) === 0x0a) {
        i += 2;
        continue;
      }
      const hex = bin.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out[n++] = Number.parseInt(hex, 16);
        i += 2;
        continue;
      }
      // "=" followed by white space up to the line end is a soft break with transport padding.
      let j = i + 1;
      while (bin.charCodeAt(j) === 0x20 || bin.charCodeAt(j) === 0x09) j++;
      if (
        j >= bin.length ||
        bin.charCodeAt(j) === 0x0a ||
        (bin.charCodeAt(j) === 0x0d && bin.charCodeAt(j + 1) === 0x0a)
      ) {
        i = bin.charCodeAt(j) === 0x0d ? j + 1 : j;
        continue;
      }
    }
    out[n++] = c;
  }
  return out.subarray(0, n);
}

/** A MIME entity: the message itself, a part of a multipart, or a message/rfc822 body. */
export class MimePart {
  /** The part's own header fields, as written. */
  readonly headers: Headers;
  /** The parsed Content-Type (the RFC 2045 §5.2 / RFC 2046 §5.1.5 default when absent). */
  readonly contentType: ContentType;
  /** Nesting level: 0 for the message. */
  readonly depth: number;
  /** The enclosing part, null for the message. */
  readonly parent: MimePart | null;
  /** Sub-parts: the parts of a multipart, or the one message of a message/rfc822 part. */
  readonly children: MimePart[] = [];
  /** False when the entity ends inside its header (no empty line, RFC 5173 §5: no body). */
  readonly hasBody: boolean;
  /** Multipart only: the text before the first boundary and after the last, when present. */
  prologue: string | null = null;
  epilogue: string | null = null;
  readonly #headerBin: string;
  readonly #bodyBin: string;

  /** @internal built by {@link parseEntity} */
  constructor(init: {
    headers: Headers;
    headerBin: string;
    bodyBin: string;
    hasBody: boolean;
    contentType: ContentType;
    depth: number;
    parent: MimePart | null;
  }) {
    this.headers = init.headers;
    this.#headerBin = init.headerBin;
    this.#bodyBin = init.bodyBin;
    this.hasBody = init.hasBody;
    this.contentType = init.contentType;
    this.depth = init.depth;
    this.parent = init.parent;
  }

  /** `type/subtype`, lower case. */
  get type(): string {
    return this.contentType.type;
  }

  /** Values of the part's header `name` (see {@link Headers.get}). */
  header(name: string, opts?: { raw?: boolean }): string[] {
    return this.headers.get(name, opts);
  }

  /** The header block as written (each field with its line break, CRLF), without the empty line. */
  headerText(): string {
    return toCrlf(binToTextLoose(this.#headerBin));
  }

  /** The body as written, undecoded, line breaks as CRLF. */
  rawBody(): string {
    return toCrlf(binToTextLoose(this.#bodyBin));
  }

  /** The Content-Transfer-Encoding, lower case; "7bit" when absent (RFC 2045 §6.1). */
  get transferEncoding(): string {
    return (this.headers.get("content-transfer-encoding")[0] ?? "7bit").trim().toLowerCase();
  }

  /**
   * The body with its transfer encoding undone (RFC 2045 §6), or null when the encoding is
   * unknown (RFC 2045 §6.4: such a part must be treated as opaque; Pigeonhole's body/text.svtest
   * "Broken/Empty parts") or the part has no body.
   */
  decodedBytes(): Uint8Array | null {
    if (!this.hasBody) return null;
    switch (this.transferEncoding) {
      case "7bit":
      case "8bit":
      case "binary":
      case "":
        return Buffer.from(this.#bodyBin, "latin1");
      case "quoted-printable":
        return decodeQuotedPrintable(this.#bodyBin);
      case "base64":
        return Buffer.from(this.#bodyBin.replace(/[^A-Za-z0-9+/]/g, ""), "base64");
      default:
        return null;
    }
  }

  /**
   * The decoded content as text (transfer encoding undone; for text/* the charset parameter,
   * default us-ascii, decoded to UTF-16; otherwise UTF-8 or windows-1252), line breaks CRLF,
   * or null when {@link decodedBytes} is null.
   */
  decodedText(): string | null {
    const bytes = this.decodedBytes();
    if (bytes === null) return null;
    // us-ascii (the RFC 2045 §5.2 default) cannot hold 8-bit bytes; when they occur anyway they
    // are nearly always UTF-8, so undeclared and us-ascii content is decoded as unknown.
    const charset = this.contentType.params.get("charset")?.toLowerCase();
    const d = charset === undefined || charset === "us-ascii" || charset === "ascii" ? null : charsetDecoder(charset);
    return toCrlf(d === null ? decodeUnknown(bytes) : d.decode(bytes));
  }

  /** This part and every part below it, depth first, in document order. */
  flatten(): MimePart[] {
    const out: MimePart[] = [];
    const stack: MimePart[] = [this];
    while (stack.length > 0) {
      const p = stack.pop() as MimePart;
      out.push(p);
      for (let i = p.children.length - 1; i >= 0; i--) stack.push(p.children[i] as MimePart);
    }
    return out;
  }
}

function binToTextLoose(bin: string): string {
  if (!/[\u0080-\uFFFF]/.test(bin)) return bin;
  return decodeUnknown(Buffer.from(bin, "latin1"));
}

/** Bare LF (and bare CR) to CRLF: messages are compared as they travel (RFC 5322 §2.1). */
export function toCrlf(s: string): string {
  return /\r(?!\n)|(?<!\r)\n/.test(s) ? s.replace(/\r\n|\r|\n/g, "\r\n") : s;
}

/** Where the header block of an entity ends. */
function splitHeader(bin: string): { headerEnd: number; bodyStart: number } | null {
  // An entity may start with its empty line (no header fields at all).
  if (bin.startsWith("\r\n")) return { headerEnd: 0, bodyStart: 2 };
  if (bin.startsWith("\n")) return { headerEnd: 0, bodyStart: 1 };
  const a = bin.indexOf("\n\n");
  const b = bin.indexOf("\n\r\n");
  if (a < 0 && b < 0) return null;
  if (b >= 0 && (a < 0 || b < a)) return { headerEnd: b + 1, bodyStart: b + 3 };
  return { headerEnd: a + 1, bodyStart: a + 2 };
}

interface Ctx {
  parts: number;
  readonly limits: Required<MimeLimits>;
}

/**
 * Parses one entity held in `bin` (latin1). `defaultType` applies when it has no
 * Content-Type (text/plain; message/rfc822 inside multipart/digest, RFC 2046 §5.1.5).
 */
export function parseEntity(
  bin: string,
  limits: MimeLimits = {},
  defaultType = "text/plain",
  depth = 0,
  parent: MimePart | null = null,
  ctx: Ctx = { parts: 0, limits: { ...DEFAULT_MIME_LIMITS, ...limits } },
): MimePart {
  ctx.parts++;
  const split = splitHeader(bin);
  const headerBin = split === null ? bin : bin.slice(0, split.headerEnd);
  const bodyBin = split === null ? "" : bin.slice(split.bodyStart);
  const headers = Headers.parse(headerBin);
  const ct = parseContentType(headers.get("content-type", { raw: true })[0]) ?? {
    type: defaultType,
    params: new Map<string, string>(),
    valid: true,
  };
  const part = new MimePart({ headers, headerBin, bodyBin, hasBody: split !== null, contentType: ct, depth, parent });
  if (split === null || depth >= ctx.limits.maxDepth) return part;
  const [major] = ct.type.split("/");
  if (major === "multipart") {
    const boundary = ct.params.get("boundary");
    if (boundary !== undefined && boundary !== "")
      splitMultipart(part, bodyBin, boundary, ct.type === "multipart/digest", ctx);
  } else if (ct.type === "message/rfc822" || ct.type === "message/global") {
    if (ctx.parts < ctx.limits.maxParts)
      part.children.push(parseEntity(bodyBin, {}, "text/plain", depth + 1, part, ctx));
  }
  return part;
}

/** Splits a multipart body at its delimiters (RFC 2046 §5.1.1). */
function splitMultipart(part: MimePart, body: string, boundary: string, digest: boolean, ctx: Ctx): void {
  const delim = `--${boundary}`;
  // Every delimiter line: [start of the CRLF before it, start of the content after its line, close?]
  const found: Array<{ before: number; after: number; close: boolean }> = [];
  let from = 0;
  for (;;) {
    let at: number;
    if (from === 0 && body.startsWith(delim)) at = 0;
    else {
      const k = body.indexOf(`\n${delim}`, from);
      if (k < 0) break;
      at = k + 1;
    }
    let p = at + delim.length;
    const close = body.startsWith("--", p);
    if (close) p += 2;
    // Transport padding, then the line end (or the end of the body).
    while (body.charCodeAt(p) === 0x20 || body.charCodeAt(p) === 0x09) p++;
    let after = -1;
    if (p >= body.length) after = body.length;
    else if (body.charCodeAt(p) === 0x0a) after = p + 1;
    else if (body.charCodeAt(p) === 0x0d && body.charCodeAt(p + 1) === 0x0a) after = p + 2;
    from = at + 1;
    if (after < 0 && !close) continue; // "--boundaryX": a longer line, not a delimiter
    if (after < 0) {
      // "--boundary--junk": still the close delimiter; the rest of the line is ignored.
      const nl = body.indexOf("\n", p);
      after = nl < 0 ? body.length : nl + 1;
    }
    // The line break before the delimiter belongs to it (RFC 2046 §5.1.1).
    let before = at;
    if (before > 0 && body.charCodeAt(before - 1) === 0x0a) before--;
    if (before > 0 && body.charCodeAt(before - 1) === 0x0d) before--;
    found.push({ before, after, close });
    if (close) break;
  }
  if (found.length === 0) {
    part.prologue = toCrlf(binToTextLoose(body));
    return;
  }
  const first = found[0] as { before: number };
  if (first.before > 0) part.prologue = toCrlf(binToTextLoose(body.slice(0, first.before)));
  for (let i = 0; i < found.length; i++) {
    const d = found[i] as { before: number; after: number; close: boolean };
    if (d.close) {
      if (d.after < body.length) part.epilogue = toCrlf(binToTextLoose(body.slice(d.after)));
      break;
    }
    const end = i + 1 < found.length ? (found[i + 1] as { before: number }).before : body.length;
    if (ctx.parts >= ctx.limits.maxParts) break;
    part.children.push(
      parseEntity(
        body.slice(d.after, Math.max(d.after, end)),
        {},
        digest ? "message/rfc822" : "text/plain",
        part.depth + 1,
        part,
        ctx,
      ),
    );
  }
}

/**
 * Does `type` match a `:content` specification (RFC 5173 §5.2)? `""` matches every type;
 * `type/subtype` exactly that type; `type` any subtype of it; a specification that begins
 * or ends with "/" or has more than one "/" matches nothing. Case-insensitive.
 */
export function contentTypeMatches(type: string, spec: string): boolean {
  const s = spec.toLowerCase();
  if (s === "") return true;
  const slash = s.indexOf("/");
  if (slash < 0) return type.slice(0, type.indexOf("/")) === s;
  if (slash === 0 || slash === s.length - 1 || s.indexOf("/", slash + 1) >= 0) return false;
  return type === s;
}

/**
 * Plain text of an HTML document (what Pigeonhole's `:text` compares for text/html and
 * application/xhtml+xml, body/text.svtest): markup, comments, scripts and styles dropped,
 * the common entities decoded, block ends turned into line breaks. A single linear scan:
 * unterminated tags or comments cannot make it quadratic.
 */
export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  const n = html.length;
  let out = "";
  let i = 0;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (c === 0x3c /* < */) {
      if (html.startsWith("<!--", i)) {
        const j = html.indexOf("-->", i + 4);
        i = j < 0 ? n : j + 3;
        continue;
      }
      const j = html.indexOf(">", i + 1);
      if (j < 0) {
        out += html.slice(i);
        break;
      }
      const name = /^\/?([a-z0-9]+)/.exec(lower.slice(i + 1, Math.min(j, i + 16)))?.[0] ?? "";
      i = j + 1;
      if (name === "script" || name === "style") {
        const k = lower.indexOf(`</${name}`, i);
        const e = k < 0 ? -1 : html.indexOf(">", k);
        i = e < 0 ? n : e + 1;
      } else if (/^(br|\/p|\/div|\/li|\/tr|\/h[1-6]|\/td|\/table)$/.test(name)) out += "\r\n";
    } else if (c === 0x26 /* & */) {
      // Entities are short: look for the ";" within 10 characters only (keeps the scan linear).
      const rel = lower.slice(i + 1, i + 11).indexOf(";");
      const semi = rel < 0 ? -1 : i + 1 + rel;
      const ent = semi < 0 ? "" : lower.slice(i + 1, semi);
      const rep = entity(ent);
      if (rep === null) {
        out += "&";
        i++;
      } else {
        out += rep;
        i = semi + 1;
      }
    } else {
      let j = i + 1;
      while (j < n && html.charCodeAt(j) !== 0x3c && html.charCodeAt(j) !== 0x26) j++;
      out += html.slice(i, j);
      i = j;
    }
  }
  return out;
}

// The XML five, and the Latin-1 letters mail most often spells as named entities (matched
// lower-cased: upper-case letters decode to their lower-case forms, harmless for matching).
const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  auml: "ä",
  ouml: "ö",
  uuml: "ü",
  szlig: "ß",
  eacute: "é",
  egrave: "è",
  agrave: "à",
  ccedil: "ç",
  euro: "€",
  copy: "©",
  hellip: "…",
  mdash: "—",
  ndash: "–",
};

function entity(e: string): string | null {
  if (e.startsWith("#x")) return codePoint(Number.parseInt(e.slice(2), 16));
  if (e.startsWith("#")) return codePoint(Number.parseInt(e.slice(1), 10));
  return ENTITIES[e] ?? null;
}

function codePoint(cp: number): string | null {
  return Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)
    ? String.fromCodePoint(cp)
    : null;
}
