/**
 * The message as a Sieve script sees it: header fields from the raw lines (never a mail
 * library's renamed and merged map), decoded values for comparison, the size in octets with
 * CRLF line ends, and the body for the body extension (RFC 5173), split into MIME parts only
 * when a test first asks (ARCHITECTURE.md "How data flows" step 4).
 *
 * @module
 */
import type { ParsedAddress } from "./address.ts";
import { type HeaderField, Headers } from "./headers.ts";
import { contentTypeMatches, htmlToText, type MimeLimits, type MimePart, parseEntity, toCrlf } from "./mime.ts";

export type { HeaderField } from "./headers.ts";
export type { MimeLimits, MimePart } from "./mime.ts";

/** A body transform of the `body` test (RFC 5173 §5). */
export type BodyTransform = "raw" | "text" | { content: string[] };

/** Options of {@link MessageView.fromBytes}. */
export interface MessageViewOptions {
  /** Bounds of MIME splitting (default depth 100, 10,000 parts; see mime.ts). */
  mime?: MimeLimits;
}

/** Counts octets with every bare LF (and bare CR) counted as CRLF. */
function crlfSize(raw: Uint8Array): number {
  let extra = 0;
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw[i];
    if (c === 0x0a) {
      if (i === 0 || raw[i - 1] !== 0x0d) extra++;
    } else if (c === 0x0d && raw[i + 1] !== 0x0a) extra++;
  }
  return n + extra;
}

/**
 * A read-only view of one message. Build it with {@link MessageView.fromBytes}; every method
 * is safe on malformed input and never throws.
 */
export class MessageView {
  /**
   * The size in octets as it would travel, CRLF line ends (RFC 5228 §5.9; Pigeonhole counts
   * bare LF as CRLF, so LF-only and CRLF files have the same size).
   */
  readonly size: number;
  readonly #bin: string;
  readonly #headers: Headers;
  readonly #bodyStart: number;
  readonly #limits: MimeLimits;
  #root: MimePart | null = null;
  readonly #bodyCache = new Map<string, string[]>();

  /** @internal use {@link MessageView.fromBytes} */
  constructor(bin: string, size: number, limits: MimeLimits) {
    this.#bin = bin;
    this.size = size;
    this.#limits = limits;
    // The header block ends at the first empty line (RFC 5322 §2.1); without one, the whole
    // message is header and there is no body (RFC 5173 §5: every body test is false).
    let headerEnd = bin.length;
    let bodyStart = -1;
    if (bin.startsWith("\r\n") || bin.startsWith("\n")) {
      headerEnd = 0;
      bodyStart = bin.startsWith("\r\n") ? 2 : 1;
    } else {
      const a = bin.indexOf("\n\n");
      const b = bin.indexOf("\n\r\n");
      if (b >= 0 && (a < 0 || b < a)) [headerEnd, bodyStart] = [b + 1, b + 3];
      else if (a >= 0) [headerEnd, bodyStart] = [a + 1, a + 2];
    }
    this.#bodyStart = bodyStart;
    this.#headers = Headers.parse(bin.slice(0, headerEnd));
  }

  /**
   * Builds a view of a message given as its bytes (RFC 5322; LF-only line ends accepted).
   * The bytes are copied once into a latin1 string (one character per octet); header fields
   * are decoded as UTF-8 when valid, else windows-1252.
   */
  static fromBytes(raw: Uint8Array, options: MessageViewOptions = {}): MessageView {
    const bin = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("latin1");
    return new MessageView(bin, crlfSize(raw), options.mime ?? {});
  }

  /** Builds a view of a message given as text (encoded as UTF-8). */
  static fromString(text: string, options: MessageViewOptions = {}): MessageView {
    return MessageView.fromBytes(Buffer.from(text, "utf8"), options);
  }

  /** The header field names in order, as written (duplicates repeated). */
  headerNames(): string[] {
    return this.#headers.names();
  }

  /** The header fields in order, as written (for editheader and tracing). */
  headerFields(): readonly HeaderField[] {
    return this.#headers.fields;
  }

  /**
   * Values of every field named `name` (case-insensitive), unfolded, in order, leading and
   * trailing white space trimmed (RFC 5228 §5.7); RFC 2047 encoded words decoded (RFC 5228
   * §2.7.2) unless `raw` is set. An absent field gives `[]`.
   */
  header(name: string, opts?: { raw?: boolean }): string[] {
    return this.#headers.get(name, opts);
  }

  /**
   * Addresses of every field named `name`, in order (RFC 5322 §3.4; see `parseAddressList`):
   * group members, not group names; invalid items as `valid: false` with their raw text.
   */
  addresses(name: string): ParsedAddress[] {
    return this.#headers.addresses(name);
  }

  /** The MIME tree's root (the message itself), split on first use. */
  root(): MimePart {
    if (this.#root === null) this.#root = parseEntity(this.#bin, this.#limits);
    return this.#root;
  }

  /**
   * Every MIME part, depth first in document order, the message itself first (RFC 5703
   * foreverypart order); each part has `children`, `parent`, its own headers and content.
   */
  mimeParts(): MimePart[] {
    return this.root().flatten();
  }

  /**
   * The strings a `body` test compares (RFC 5173 §5), line ends CRLF, computed once per
   * transform:
   * - `"raw"`: the whole body after the empty line, undecoded, as one string;
   * - `"text"`: every text/* part (and application/xhtml+xml), transfer encoding undone,
   *   charset decoded, HTML reduced to its text (as Pigeonhole does), descending into
   *   multiparts and message/rfc822; parts with an unknown transfer encoding are skipped;
   * - `{ content }`: every part whose type matches one of the specifications (RFC 5173 §5.2):
   *   a multipart contributes its prologue and epilogue, a message/rfc822 its nested header,
   *   any other part its decoded content; the search descends into all parts.
   *
   * A message without an empty line after its header has no body: `[]` for every transform.
   */
  body(transform: BodyTransform): string[] {
    const key = typeof transform === "string" ? transform : `content:${transform.content.join("\0")}`;
    let out = this.#bodyCache.get(key);
    if (out === undefined) {
      out = this.#computeBody(transform);
      // A script has few distinct transforms; the cap only guards against variable-built ones.
      if (this.#bodyCache.size < 64) this.#bodyCache.set(key, out);
    }
    return out;
  }

  #computeBody(transform: BodyTransform): string[] {
    if (this.#bodyStart < 0) return [];
    if (transform === "raw") return [this.root().rawBody()];
    const out: string[] = [];
    if (transform === "text") {
      for (const p of this.mimeParts()) {
        const [major] = p.type.split("/");
        const html = p.type === "text/html" || p.type === "application/xhtml+xml";
        if ((major !== "text" && !html) || p.children.length > 0) continue;
        const text = p.decodedText();
        if (text === null) continue;
        out.push(html ? toCrlf(htmlToText(text)) : text);
      }
      return out;
    }
    const specs = transform.content;
    for (const p of this.mimeParts()) {
      if (!specs.some((s) => contentTypeMatches(p.type, s))) continue;
      const [major] = p.type.split("/");
      if (major === "multipart") {
        if (p.children.length === 0 && p.prologue === null && p.epilogue === null) {
          // Left unsplit (no boundary or past the limits): its whole body stands in.
          const text = p.decodedText();
          if (text !== null) out.push(text);
          continue;
        }
        if (p.prologue !== null) out.push(p.prologue);
        if (p.epilogue !== null) out.push(p.epilogue);
      } else if ((p.type === "message/rfc822" || p.type === "message/global") && p.children.length > 0) {
        out.push((p.children[0] as MimePart).headerText());
      } else {
        const text = p.decodedText();
        if (text !== null) out.push(text);
      }
    }
    return out;
  }
}
