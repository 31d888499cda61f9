/**
 * The response reader: server bytes -> lines and literals (RFC 5804 §1.1: "The protocol
 * receiver … is either reading a line or reading a sequence of octets with a known count
 * followed by a line"). Incremental: bytes may arrive in chunks of any size, split anywhere.
 * Every limit is checked as soon as it can be: a literal's announced size before its bytes arrive.
 *
 * @module
 */
import { ManageSieveError } from "./errors.ts";

/**
 * One logical server line: the text before each literal (ending with its `{n}` marker), the
 * literals, and the text after the last one. `segments.length === literals.length + 1`. CRLF
 * line ends are removed; literal bytes are exactly as sent.
 */
export interface RawLine {
  /** Raw text bytes, split around literals. */
  segments: Uint8Array[];
  /** Literal contents, in order. */
  literals: Uint8Array[];
}

/** Size limits of a {@link ResponseReader}. `Infinity` means no limit. */
export interface ReaderLimits {
  /** Longest line text in bytes (literal contents not counted). */
  maxLineLength: number;
  /** Largest literal in bytes, checked when `{n}` is announced. */
  maxLiteralSize: number;
  /** Largest response in bytes: all lines and literals up to and including the OK/NO/BYE line. */
  maxResponseSize: number;
}

/** Default limits: 64 KiB lines, 16 MiB literals, 32 MiB responses. */
export const DEFAULT_LIMITS: Readonly<ReaderLimits> = Object.freeze({
  maxLineLength: 64 * 1024,
  maxLiteralSize: 16 * 1024 * 1024,
  maxResponseSize: 32 * 1024 * 1024,
});

const CR = 0x0d;
const LF = 0x0a;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Matches a literal marker at the end of a line: `{n}` or `{n+}` (RFC 5804 §4 literal-s2c / literal-c2s). */
const LITERAL_MARKER = /\{(\d+)(\+?)\}$/;

/** Concatenates byte chunks into one array (a copy, so callers may reuse their buffers). */
function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Incremental reader. Feed it with {@link ResponseReader.push}; it returns the lines completed
 * by that chunk. After it has thrown once, it keeps throwing the same error.
 *
 * Errors: `MANAGESIEVE_E_LIMIT` (line, literal or response too large), `MANAGESIEVE_E_PROTOCOL`
 * (bare CR or LF, CR/LF inside a quoted string, malformed literal size).
 */
export class ResponseReader {
  readonly #limits: ReaderLimits;
  #failure: ManageSieveError | null = null;
  /** Text chunks of the current segment. */
  #text: Uint8Array[] = [];
  #textLength = 0;
  /** Text bytes of the whole current line, across segments. */
  #lineLength = 0;
  #segments: Uint8Array[] = [];
  #literals: Uint8Array[] = [];
  #inQuote = false;
  #escape = false;
  #sawCR = false;
  /** Bytes still expected for the current literal, or -1 when reading text. */
  #literalLeft = -1;
  #literalChunks: Uint8Array[] = [];
  #literalLength = 0;
  /** Bytes of the current response so far (reset after each OK/NO/BYE line). */
  #responseBytes = 0;
  /** Bytes consumed since the last completed line. */
  #pending = 0;

  /** @param limits - size limits; see {@link DEFAULT_LIMITS} */
  constructor(limits: ReaderLimits = DEFAULT_LIMITS) {
    this.#limits = { ...limits };
  }

  /** Bytes received but not yet part of a completed line (a partial line or literal). */
  get buffered(): number {
    return this.#pending;
  }

  /**
   * Consumes a chunk of bytes and returns the lines it completed, in order.
   *
   * @throws ManageSieveError `MANAGESIEVE_E_LIMIT` or `MANAGESIEVE_E_PROTOCOL`
   */
  push(chunk: Uint8Array): RawLine[] {
    if (this.#failure) throw this.#failure;
    try {
      return this.#consume(chunk);
    } catch (err) {
      this.#failure =
        err instanceof ManageSieveError
          ? err
          : new ManageSieveError("MANAGESIEVE_E_PROTOCOL", "cannot read the server's response", { cause: err });
      throw this.#failure;
    }
  }

  #consume(chunk: Uint8Array): RawLine[] {
    const out: RawLine[] = [];
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.#literalLeft >= 0) {
        const take = Math.min(this.#literalLeft, n - i);
        if (take > 0) {
          this.#literalChunks.push(chunk.subarray(i, i + take));
          this.#literalLength += take;
          this.#literalLeft -= take;
          this.#pending += take;
          i += take;
        }
        if (this.#literalLeft === 0) {
          this.#literals.push(concat(this.#literalChunks, this.#literalLength));
          this.#literalChunks = [];
          this.#literalLength = 0;
          this.#literalLeft = -1;
        }
        continue;
      }
      // Text: scan to the end of the line, tracking quoted strings so that CR/LF or a `{n}`
      // inside quotes is never mistaken for a line end or a literal.
      const start = i;
      let lineEnd = -1;
      for (; i < n; i++) {
        const b = chunk[i]!;
        if (this.#sawCR) {
          if (b !== LF) throw protocol("bare CR in a server line");
          this.#sawCR = false;
          lineEnd = i;
          i++;
          break;
        }
        if (this.#inQuote) {
          if (this.#escape) this.#escape = false;
          else if (b === BACKSLASH) this.#escape = true;
          else if (b === DQUOTE) this.#inQuote = false;
          else if (b === CR || b === LF) throw protocol("CR or LF inside a quoted string");
          continue;
        }
        if (b === DQUOTE) this.#inQuote = true;
        else if (b === CR) this.#sawCR = true;
        else if (b === LF) throw protocol("bare LF in a server line (RFC 5804 §4 requires CRLF)");
      }
      // Bytes of this line in this chunk, without the CRLF (the CR may sit in an earlier chunk).
      const textEnd = lineEnd >= 0 ? Math.max(start, lineEnd - 1) : this.#sawCR ? i - 1 : i;
      if (textEnd > start) {
        this.#text.push(chunk.subarray(start, textEnd));
        this.#textLength += textEnd - start;
        this.#lineLength += textEnd - start;
      }
      this.#count(i - start);
      this.#pending += i - start;
      if (this.#lineLength > this.#limits.maxLineLength) {
        throw new ManageSieveError(
          "MANAGESIEVE_E_LIMIT",
          `server line longer than maxLineLength (${this.#limits.maxLineLength} bytes)`,
        );
      }
      if (lineEnd < 0) break; // need more bytes
      const segment = concat(this.#text, this.#textLength);
      this.#text = [];
      this.#textLength = 0;
      const marker = LITERAL_MARKER.exec(tailAscii(segment));
      this.#segments.push(segment);
      if (marker) {
        const digits = marker[1]!;
        const size = digits.length > 15 ? Number.POSITIVE_INFINITY : Number(digits);
        if (size > this.#limits.maxLiteralSize) {
          throw new ManageSieveError(
            "MANAGESIEVE_E_LIMIT",
            `server announced a ${digits}-byte literal, larger than maxLiteralSize (${this.#limits.maxLiteralSize})`,
          );
        }
        if (this.#responseBytes + size > this.#limits.maxResponseSize) {
          throw new ManageSieveError(
            "MANAGESIEVE_E_LIMIT",
            `server response would exceed maxResponseSize (${this.#limits.maxResponseSize} bytes)`,
          );
        }
        this.#responseBytes += size;
        this.#literalLeft = size;
        if (size === 0) {
          this.#literals.push(new Uint8Array(0));
          this.#literalLeft = -1;
        }
        continue;
      }
      const line: RawLine = { segments: this.#segments, literals: this.#literals };
      this.#segments = [];
      this.#literals = [];
      this.#lineLength = 0;
      this.#pending = 0;
      if (isStatusLine(line.segments[0]!)) this.#responseBytes = 0;
      out.push(line);
    }
    return out;
  }

  /** Counts bytes against maxResponseSize (literal sizes are counted when announced). */
  #count(bytes: number): void {
    this.#responseBytes += bytes;
    if (this.#responseBytes > this.#limits.maxResponseSize) {
      throw new ManageSieveError(
        "MANAGESIEVE_E_LIMIT",
        `server response exceeds maxResponseSize (${this.#limits.maxResponseSize} bytes)`,
      );
    }
  }
}

/** The last few bytes of a segment as latin1 text, enough to find a literal marker. */
function tailAscii(segment: Uint8Array): string {
  if (segment.length === 0 || segment[segment.length - 1] !== 0x7d) return "";
  let s = "";
  for (let i = Math.max(0, segment.length - 64); i < segment.length; i++) s += String.fromCharCode(segment[i]!);
  return s;
}

/** Whether a line starts with the atom OK, NO or BYE (any case, RFC 5804 §4). */
function isStatusLine(first: Uint8Array): boolean {
  let word = "";
  for (let i = 0; i < first.length && i < 4; i++) {
    const c = first[i]!;
    if (c === 0x20 || c === 0x28) break;
    word += String.fromCharCode(c | 0x20);
  }
  return word === "ok" || word === "no" || word === "bye";
}

function protocol(message: string): ManageSieveError {
  return new ManageSieveError("MANAGESIEVE_E_PROTOCOL", message);
}
