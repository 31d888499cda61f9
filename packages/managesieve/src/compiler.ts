/**
 * The command compiler: command name + arguments -> the bytes sent to the server (RFC 5804 §4).
 * Strings are sent quoted only when that is unambiguous and portable; everything else is a
 * non-synchronising literal `{n+}` with its UTF-8 byte length (ARCHITECTURE.md, rule 5:
 * never put CR, LF or NUL in a quoted string).
 *
 * @module
 */
import { ManageSieveError } from "./errors.ts";
import { REDACTED } from "./log.ts";

/**
 * A command argument: a string (quoted or literal, chosen here), a number (RFC 5804 §4
 * `number`, 0 ≤ n < 2³²), or `{ literal }` to force a literal (script bodies).
 */
export type CommandArg = string | number | { literal: string | Uint8Array };

/** A compiled command: the wire bytes and the text to log (with redacted arguments replaced). */
export interface CompiledCommand {
  bytes: Uint8Array;
  /** The command as text for the logger, without the final CRLF; redacted arguments read `[redacted]`. */
  log: string;
}

/** Options of {@link compileCommand}. */
export interface CompileOptions {
  /** Index of the first argument to hide from the log (AUTHENTICATE payloads). Default: none. */
  redactFrom?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** RFC 5804 §4: a quoted string holds at most 1024 octets between the quotes. */
const MAX_QUOTED = 1024;

/** Lone UTF-16 surrogates cannot be encoded as UTF-8; TextEncoder would silently turn them into U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * UTF-8 bytes of a string.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_ARGUMENT` for lone surrogates (not representable in UTF-8)
 */
export function utf8(value: string): Uint8Array {
  if (LONE_SURROGATE.test(value)) {
    throw new ManageSieveError("MANAGESIEVE_E_ARGUMENT", "string contains a lone UTF-16 surrogate (not valid UTF-8)");
  }
  return encoder.encode(value);
}

/**
 * Whether bytes may go in a quoted string. Only printable ASCII qualifies: RFC 5804 §4 forbids
 * NUL, CR and LF, and 8-bit bytes are sent as literals too because Cyrus timsieved 3.6 rejects
 * UTF-8 inside quoted strings ("Did not specify script name", /work/shared/peers/cyrus.txt)
 * while every server accepts a literal.
 */
function quotable(bytes: Uint8Array): boolean {
  let escaped = 0;
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e) return false;
    if (b === 0x22 || b === 0x5c) escaped++;
  }
  return bytes.length + escaped <= MAX_QUOTED;
}

/** Appends the wire form of a string: quoted when {@link quotable}, else `{n+}` CRLF bytes. */
function pushString(out: number[] | Uint8Array[], bytes: Uint8Array, forceLiteral: boolean): void {
  const parts = out as Uint8Array[];
  if (!forceLiteral && quotable(bytes)) {
    const q: number[] = [0x22];
    for (const b of bytes) {
      if (b === 0x22 || b === 0x5c) q.push(0x5c);
      q.push(b);
    }
    q.push(0x22);
    parts.push(Uint8Array.from(q));
    return;
  }
  // RFC 5804 §4 literal-c2s: non-synchronising, so no continuation round trip is needed.
  parts.push(encoder.encode(`{${bytes.length}+}\r\n`), bytes);
}

/**
 * Encodes one string as a ManageSieve string (quoted or literal), e.g. for a SASL response line.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_ARGUMENT` for lone surrogates
 */
export function encodeString(value: string | Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  pushString(parts, typeof value === "string" ? utf8(value) : value, false);
  return join(parts);
}

function join(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Compiles a command line: `NAME SP arg SP arg … CRLF`.
 *
 * @param name - the command atom, e.g. `"PUTSCRIPT"`
 * @param args - the arguments, see {@link CommandArg}
 * @param options - `redactFrom`: hide arguments from this index on in the log text
 * @throws ManageSieveError `MANAGESIEVE_E_ARGUMENT` for lone surrogates or numbers out of range
 */
export function compileCommand(
  name: string,
  args: readonly CommandArg[] = [],
  options: CompileOptions = {},
): CompiledCommand {
  const parts: Uint8Array[] = [encoder.encode(name)];
  const logParts: string[] = [name];
  args.forEach((arg, index) => {
    parts.push(encoder.encode(" "));
    const start = parts.length;
    if (typeof arg === "number") {
      if (!Number.isInteger(arg) || arg < 0 || arg >= 2 ** 32) {
        throw new ManageSieveError("MANAGESIEVE_E_ARGUMENT", `${name}: ${arg} is not a 32-bit unsigned number`);
      }
      parts.push(encoder.encode(String(arg)));
    } else if (typeof arg === "string") {
      pushString(parts, utf8(arg), false);
    } else {
      pushString(parts, typeof arg.literal === "string" ? utf8(arg.literal) : arg.literal, true);
    }
    const redacted = options.redactFrom !== undefined && index >= options.redactFrom;
    logParts.push(redacted ? REDACTED : decoder.decode(join(parts.slice(start))));
  });
  parts.push(encoder.encode("\r\n"));
  return { bytes: join(parts), log: logParts.join(" ") };
}

/**
 * Compiles a line holding one string: a SASL response (RFC 5804 §2.1 `*(CRLF string)`).
 *
 * @param value - the string to send
 * @param redact - log `[redacted]` instead of the value
 * @throws ManageSieveError `MANAGESIEVE_E_ARGUMENT` for lone surrogates
 */
export function compileStringLine(value: string, redact: boolean): CompiledCommand {
  const body = encodeString(value);
  const bytes = new Uint8Array(body.length + 2);
  bytes.set(body);
  bytes.set([0x0d, 0x0a], body.length);
  return { bytes, log: redact ? REDACTED : decoder.decode(body) };
}
