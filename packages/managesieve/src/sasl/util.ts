/**
 * Small helpers shared by the SASL mechanisms.
 *
 * @module
 */
import { ManageSieveError } from "../errors.ts";

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Decodes server SASL data as UTF-8, throwing `MANAGESIEVE_E_PROTOCOL` when it is not valid UTF-8.
 *
 * @param bytes - the decoded SASL data
 * @param mechanism - the mechanism name, for the message
 */
export function decodeUtf8(bytes: Uint8Array, mechanism: string): string {
  try {
    return strictDecoder.decode(bytes);
  } catch (cause) {
    throw new ManageSieveError("MANAGESIEVE_E_PROTOCOL", `${mechanism}: server data is not valid UTF-8`, { cause });
  }
}

/** A `MANAGESIEVE_E_AUTH` error about one mechanism. */
export function authError(mechanism: string, message: string, serverText: string | null = null): ManageSieveError {
  return new ManageSieveError("MANAGESIEVE_E_AUTH", `${mechanism}: ${message}`, { serverText });
}

/** A `MANAGESIEVE_E_PROTOCOL` error about one mechanism. */
export function protocolError(mechanism: string, message: string): ManageSieveError {
  return new ManageSieveError("MANAGESIEVE_E_PROTOCOL", `${mechanism}: ${message}`);
}

/** A `MANAGESIEVE_E_ARGUMENT` error about the caller's credentials. */
export function argumentError(mechanism: string, message: string, cause?: unknown): ManageSieveError {
  return new ManageSieveError("MANAGESIEVE_E_ARGUMENT", `${mechanism}: ${message}`, { cause });
}

/**
 * Returns a required, non-empty credential field or throws `MANAGESIEVE_E_AUTH` (the mechanism is
 * unusable without it).
 */
export function required(mechanism: string, field: string, value: string | undefined): string {
  if (value === undefined || value === "") throw authError(mechanism, `needs a ${field}`);
  return value;
}

/** Throws `MANAGESIEVE_E_ARGUMENT` when a credential field holds NUL (it would split a NUL-separated message). */
export function rejectNul(mechanism: string, field: string, value: string): void {
  if (value.includes("\0")) throw argumentError(mechanism, `the ${field} must not contain NUL`);
}

/** Concatenates byte arrays. */
export function concat(parts: Uint8Array[]): Uint8Array {
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
