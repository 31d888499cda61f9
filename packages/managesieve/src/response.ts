/**
 * The response parser: {@link RawLine}s -> data lines and OK/NO/BYE status lines with their
 * response codes (RFC 5804 §1.3, §4). Strings may be quoted or literal anywhere a string is
 * allowed, including inside a response code (Cyrus sends `OK (TAG {7}\r\ntag-123) "Done"`).
 *
 * @module
 */
import { ManageSieveError, type ResponseCode } from "./errors.ts";
import type { RawLine } from "./reader.ts";

/** A token of a server line. */
export type Token =
  | { type: "atom"; value: string }
  | { type: "string"; value: string; bytes: Uint8Array; literal: boolean }
  | { type: "open" }
  | { type: "close" };

/** An atom or string item of a data line. */
export type Item =
  | { type: "atom"; value: string }
  | { type: "string"; value: string; bytes: Uint8Array; literal: boolean };

/** A line that is not a status line: capability, LISTSCRIPTS entry, GETSCRIPT body, SASL challenge. */
export interface DataLine {
  kind: "data";
  items: Item[];
}

/** The final line of a response: `OK`, `NO` or `BYE`, with optional response code and text. */
export interface StatusLine {
  kind: "status";
  status: "OK" | "NO" | "BYE";
  /** The response code (RFC 5804 §1.3), or `null`. */
  code: ResponseCode | null;
  /** The human-readable text, unchanged (may hold CRLF when sent as a literal), or `null`. */
  text: string | null;
}

/** A parsed server line. */
export type Line = DataLine | StatusLine;

/** A complete response: the data lines, then the status line. */
export interface Response {
  data: DataLine[];
  status: StatusLine;
}

const decoder = new TextDecoder("utf-8");

/** Decodes protocol text. Invalid UTF-8 becomes U+FFFD: server text is shown, never trusted. */
export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** ATOM-CHAR of RFC 5804 §4: any CHAR except `(` `)` `{` SP CTL `"` `\`; 8-bit bytes tolerated. */
function isAtomChar(b: number): boolean {
  return b > 0x20 && b !== 0x7f && b !== 0x28 && b !== 0x29 && b !== 0x7b && b !== 0x22 && b !== 0x5c;
}

/**
 * Splits a server line into tokens.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_PROTOCOL` for characters that start no token
 */
export function tokenize(line: RawLine): Token[] {
  const tokens: Token[] = [];
  const { segments, literals } = line;
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s]!;
    const hasLiteral = s < literals.length;
    let i = 0;
    while (i < seg.length) {
      const b = seg[i]!;
      if (b === 0x20 || b === 0x09) {
        i++;
      } else if (b === 0x28) {
        tokens.push({ type: "open" });
        i++;
      } else if (b === 0x29) {
        tokens.push({ type: "close" });
        i++;
      } else if (b === 0x22) {
        // RFC 5804 §4 quoted: `\` escapes only `"` and `\`; any other escaped byte is kept as
        // sent with its backslash (lenient: human text from real servers may contain `\`).
        const bytes: number[] = [];
        i++;
        let closed = false;
        while (i < seg.length) {
          const c = seg[i]!;
          if (c === 0x5c && i + 1 < seg.length) {
            const d = seg[i + 1]!;
            if (d === 0x22 || d === 0x5c) bytes.push(d);
            else bytes.push(c, d);
            i += 2;
          } else if (c === 0x22) {
            closed = true;
            i++;
            break;
          } else {
            bytes.push(c);
            i++;
          }
        }
        if (!closed) throw protocol("unterminated quoted string");
        const arr = Uint8Array.from(bytes);
        tokens.push({ type: "string", value: decodeText(arr), bytes: arr, literal: false });
      } else if (b === 0x7b) {
        // A literal marker is only valid as the last thing before the line's CRLF (RFC 5804 §4).
        const rest = seg.length - i <= 24 ? String.fromCharCode(...seg.subarray(i)) : "";
        if (!hasLiteral || !/^\{\d+\+?\}$/.test(rest)) throw protocol("malformed literal");
        const bytes = literals[s]!;
        tokens.push({ type: "string", value: decodeText(bytes), bytes, literal: true });
        i = seg.length;
      } else if (isAtomChar(b)) {
        const start = i;
        while (i < seg.length && isAtomChar(seg[i]!)) i++;
        tokens.push({ type: "atom", value: decodeText(seg.subarray(start, i)) });
      } else {
        throw protocol(`unexpected byte 0x${b.toString(16).padStart(2, "0")} in a server line`);
      }
    }
    if (hasLiteral && (tokens.length === 0 || tokens[tokens.length - 1]!.type !== "string")) {
      throw protocol("malformed literal");
    }
  }
  return tokens;
}

/**
 * Parses one server line.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_PROTOCOL` for anything RFC 5804 §4 does not allow
 */
export function parseLine(raw: RawLine): Line {
  const tokens = tokenize(raw);
  const first = tokens[0];
  if (first === undefined) throw protocol("empty server line");
  if (first.type === "atom") {
    const word = first.value.toUpperCase();
    if (word === "OK" || word === "NO" || word === "BYE") return parseStatus(word, tokens);
  }
  const items: Item[] = [];
  for (const t of tokens) {
    if (t.type === "open" || t.type === "close") throw protocol("unexpected parenthesis in a data line");
    items.push(t);
  }
  if (items[0]!.type !== "string") throw protocol(`unexpected server line starting with "${clip(tokenText(first))}"`);
  return { kind: "data", items };
}

function parseStatus(status: "OK" | "NO" | "BYE", tokens: Token[]): StatusLine {
  let i = 1;
  let code: ResponseCode | null = null;
  if (tokens[i]?.type === "open") {
    i++;
    const name = tokens[i];
    if (name?.type !== "atom" || name.value.startsWith("/")) throw protocol("malformed response code");
    i++;
    const args: string[] = [];
    let depth = 0;
    for (;;) {
      const t = tokens[i++];
      if (t === undefined) throw protocol("unterminated response code");
      if (t.type === "open") depth++;
      else if (t.type === "close") {
        if (depth === 0) break;
        depth--;
      } else args.push(t.value);
    }
    code = { name: name.value.toUpperCase(), args };
  }
  let text: string | null = null;
  const t = tokens[i];
  if (t !== undefined) {
    if (t.type !== "string") throw protocol(`${status} response: expected a string, got "${clip(tokenText(t))}"`);
    text = t.value;
    i++;
  }
  if (i < tokens.length) throw protocol(`${status} response: unexpected data after the text`);
  return { kind: "status", status, code, text };
}

function tokenText(t: Token): string {
  return t.type === "open" ? "(" : t.type === "close" ? ")" : t.value;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function protocol(message: string): ManageSieveError {
  return new ManageSieveError("MANAGESIEVE_E_PROTOCOL", message);
}

/**
 * The error for a NO or BYE status line: `MANAGESIEVE_E_NO` / `MANAGESIEVE_E_BYE` (or `code` when
 * given) with the server's response code and text kept verbatim.
 */
export function statusError(
  line: StatusLine,
  what: string,
  code?: "MANAGESIEVE_E_AUTH" | "MANAGESIEVE_E_ENCRYPT_NEEDED",
): ManageSieveError {
  const c = code ?? (line.status === "BYE" ? "MANAGESIEVE_E_BYE" : "MANAGESIEVE_E_NO");
  const detail = line.text === null ? "" : `: ${line.text}`;
  const rc = line.code === null ? "" : ` (${line.code.name})`;
  return new ManageSieveError(c, `${what}: server said ${line.status}${rc}${detail}`, {
    responseCode: line.code,
    serverText: line.text,
  });
}
