/**
 * Capabilities (RFC 5804 §1.7): parsed from the capability lines of the greeting, of the
 * response to STARTTLS and of CAPABILITY.
 *
 * @module
 */
import { ManageSieveError } from "./errors.ts";
import type { DataLine } from "./response.ts";

/** What the server advertised (RFC 5804 §1.7). Capability names are matched case-insensitively. */
export interface Capabilities {
  /** `IMPLEMENTATION`: server name and version, or `null`. */
  implementation: string | null;
  /** `SASL`: mechanism names, upper-case; empty when none is offered (e.g. before STARTTLS). */
  sasl: string[];
  /** `SIEVE`: the Sieve extensions the server supports, as sent. */
  sieve: string[];
  /** Whether `STARTTLS` is offered. */
  starttls: boolean;
  /** `MAXREDIRECTS`: the redirect limit per script run, or `null` when not sent or not a number. */
  maxRedirects: number | null;
  /** `NOTIFY`: notification methods (URI schemes). */
  notify: string[];
  /** `LANGUAGE`: the language of human-readable text, or `null`. */
  language: string | null;
  /** `OWNER`: the user whose scripts are managed (after login), or `null`. */
  owner: string | null;
  /** `VERSION`: protocol version, e.g. `"1.0"`; `null` for pre-RFC servers (no RENAMESCRIPT/CHECKSCRIPT). */
  version: string | null;
  /** Whether `UNAUTHENTICATE` is offered (RFC 5804 §2.14.1). */
  unauthenticate: boolean;
  /** Every capability line as sent: `[name, value or null]`, in order, names unchanged. */
  raw: Array<[string, string | null]>;
}

function words(value: string | null): string[] {
  return value === null ? [] : value.split(/\s+/).filter((w) => w !== "");
}

/**
 * Parses capability lines: each is `capability-name [SP string]` (RFC 5804 §4 single-capability).
 *
 * @throws ManageSieveError `MANAGESIEVE_E_PROTOCOL` for a line of another shape
 */
export function parseCapabilities(lines: readonly DataLine[]): Capabilities {
  const raw: Array<[string, string | null]> = [];
  const map = new Map<string, string | null>();
  for (const line of lines) {
    const [name, value, extra] = line.items;
    if (name?.type !== "string" || (value !== undefined && value.type !== "string") || extra !== undefined) {
      throw new ManageSieveError("MANAGESIEVE_E_PROTOCOL", "malformed capability line");
    }
    const v = value === undefined ? null : value.value;
    raw.push([name.value, v]);
    map.set(name.value.toUpperCase(), v);
  }
  const get = (k: string): string | null => map.get(k) ?? null;
  const maxRedirects = get("MAXREDIRECTS");
  return {
    implementation: get("IMPLEMENTATION"),
    sasl: words(get("SASL")).map((m) => m.toUpperCase()),
    sieve: words(get("SIEVE")),
    starttls: map.has("STARTTLS"),
    maxRedirects: maxRedirects !== null && /^\d{1,9}$/.test(maxRedirects) ? Number(maxRedirects) : null,
    notify: words(get("NOTIFY")),
    language: get("LANGUAGE"),
    owner: get("OWNER"),
    version: get("VERSION"),
    unauthenticate: map.has("UNAUTHENTICATE"),
    raw,
  };
}

/** Capabilities with nothing advertised. */
export function emptyCapabilities(): Capabilities {
  return parseCapabilities([]);
}
