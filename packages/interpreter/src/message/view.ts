/**
 * The message as a Sieve script sees it: header fields from the raw lines (never a mail
 * library's renamed and merged map), decoded values for comparison, the size in octets with
 * CRLF line ends, and the body for the body extension (RFC 5173), split into MIME parts only
 * when a test first asks (ARCHITECTURE.md "How data flows" step 4).
 *
 * @module
 */
import type { ParsedAddress } from "./address.ts";
import { createField, type HeaderField, Headers } from "./headers.ts";
import { contentTypeMatches, htmlToText, type MimeLimits, type MimePart, parseEntity, toCrlf } from "./mime.ts";

export type { HeaderField } from "./headers.ts";
export type { MimeLimits, MimePart } from "./mime.ts";

/** A body transform of the `body` test (RFC 5173 §5). */
export type BodyTransform = "raw" | "text" | { content: string[] };

/**
 * The editheader changes of a view relative to the message it was built from (RFC 5293), as
 * `RunResult.headers` carries them (CLI.md `test --json`): fields added and still present, in
 * the order they were added, as `[name, value]`; original fields deleted, as `[name, count]`
 * per name (case-insensitive, spelled as the first deleted field was). A field added and then
 * deleted appears in neither list.
 */
export interface HeaderEdits {
  added: [string, string][];
  deleted: [string, number][];
}

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
 * A view of one message. Build it with {@link MessageView.fromBytes}; every method is safe on
 * malformed input and never throws. The message itself is never changed: editheader
 * (RFC 5293) edits go to a layer over the parsed header ({@link MessageView.addHeader},
 * {@link MessageView.deleteHeader}) that header lookups, `size` and
 * {@link MessageView.toBytes} see; the MIME tree and body keep the original header, which
 * RFC 5293 §7 allows ("body" tests may be unaffected by edits of Content-Type).
 */
export class MessageView {
  /** The size of the message as built, before any header edit. */
  // Not readonly: fork() copies them from the view it forks.
  #size: number;
  #bin: string;
  /** The header as built. */
  #original: Headers;
  /** The header as edited so far (the original until the first edit). */
  #headers: Headers;
  /** Octets added (negative: removed) by header edits. */
  #sizeDelta = 0;
  /** Fields added by {@link addHeader}, in the order added, with the value as given. */
  #added: Array<{ field: HeaderField; value: string }> = [];
  /** Original fields deleted by {@link deleteHeader}, in the order deleted. */
  #deleted: HeaderField[] = [];
  #bodyStart: number;
  readonly #limits: MimeLimits;
  #root: MimePart | null = null;
  readonly #bodyCache = new Map<string, string[]>();

  /** @internal use {@link MessageView.fromBytes} */
  constructor(bin: string, size: number, limits: MimeLimits) {
    this.#bin = bin;
    this.#size = size;
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
    this.#original = Headers.parse(bin.slice(0, headerEnd));
    this.#headers = this.#original;
  }

  /**
   * The size in octets as it would travel, CRLF line ends (RFC 5228 §5.9; Pigeonhole counts
   * bare LF as CRLF, so LF-only and CRLF files have the same size), with the header edits
   * made so far (RFC 5293 §7: tests examine the message as modified).
   */
  get size(): number {
    return this.#size + this.#sizeDelta;
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

  /**
   * A view of the same message with the same edits so far whose later edits do not touch
   * this one: `run()` edits a fork, so a view reused across runs stays as it was built.
   */
  fork(): MessageView {
    const copy = new MessageView("", 0, this.#limits);
    return copy.#adopt(this);
  }

  /** Takes the parsed state of `from` (a fork is built empty: no second parse of the header). */
  #adopt(from: MessageView): MessageView {
    this.#bin = from.#bin;
    this.#size = from.#size;
    this.#original = from.#original;
    this.#bodyStart = from.#bodyStart;
    this.#root = from.#root;
    this.#headers = from.#headers;
    this.#sizeDelta = from.#sizeDelta;
    this.#added = [...from.#added];
    this.#deleted = [...from.#deleted];
    return this;
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

  /**
   * Adds a header field (RFC 5293 §4): first, or last with `last`. The value is written as
   * `createField()` (message/headers.ts) describes (folded, RFC 2047-encoded when not ASCII); `header()`,
   * `exists`, `size` and {@link toBytes} see it at once (RFC 5293 §7). The caller checks the
   * name and value and applies any policy (RFC 5293 §6).
   *
   * @returns the field as inserted
   */
  addHeader(name: string, value: string, options: { last?: boolean } = {}): HeaderField {
    const field = createField(name, value);
    const fields = [...this.#headers.fields];
    if (options.last === true) fields.push(field);
    else fields.unshift(field);
    this.#headers = new Headers(fields);
    this.#sizeDelta += Buffer.byteLength(field.raw, "utf8") + 2;
    this.#added.push({ field, value });
    return field;
  }

  /**
   * Deletes occurrences of the header field `name` (case-insensitive, RFC 5293 §5).
   * `select` gets each occurrence's value as `header()` returns it (decoded, trimmed), its
   * 0-based position among the fields of that name and their count, and says whether to
   * delete it; without `select` every occurrence goes.
   *
   * @returns how many fields were deleted
   */
  deleteHeader(name: string, select?: (value: string, index: number, count: number) => boolean): number {
    const named = this.#headers.fieldsNamed(name);
    if (named.length === 0) return 0;
    const values = this.#headers.get(name);
    const doomed = new Set<HeaderField>();
    named.forEach((f, i) => {
      if (select === undefined || select(values[i] ?? "", i, named.length)) doomed.add(f);
    });
    if (doomed.size === 0) return 0;
    this.#headers = new Headers(this.#headers.fields.filter((f) => !doomed.has(f)));
    for (const f of doomed) {
      this.#sizeDelta -= Buffer.byteLength(f.raw, "utf8") + 2;
      const i = this.#added.findIndex((a) => a.field === f);
      if (i >= 0) this.#added.splice(i, 1);
      else this.#deleted.push(f);
    }
    return doomed.size;
  }

  /** True once a header field was added or deleted. */
  get edited(): boolean {
    return this.#headers !== this.#original;
  }

  /** The header edits so far, relative to the message as built (see `HeaderEdits` above). */
  headerEdits(): HeaderEdits {
    const deleted = new Map<string, [string, number]>();
    for (const f of this.#deleted) {
      const key = f.name.toLowerCase();
      const entry = deleted.get(key);
      if (entry === undefined) deleted.set(key, [f.name, 1]);
      else entry[1]++;
    }
    return { added: this.#added.map((a) => [a.field.name, a.value]), deleted: [...deleted.values()] };
  }

  /**
   * The message as it would be stored or sent now (RFC 5293 §7): the original bytes when the
   * header was not edited, else the current header fields (CRLF line ends), an empty line and
   * the body as it was.
   */
  toBytes(): Uint8Array {
    const body = Buffer.from(this.#bodyStart < 0 ? "" : this.#bin.slice(this.#bodyStart), "latin1");
    if (!this.edited) return Buffer.from(this.#bin, "latin1");
    const head = this.#headers.fields.map((f) => `${f.raw}\r\n`).join("");
    return Buffer.concat([Buffer.from(`${head}\r\n`, "utf8"), body]);
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
