/**
 * The OAUTHBEARER mechanism (RFC 7628): the client sends a GS2 header and `host`, `port` and
 * `auth=Bearer <token>` key/value pairs separated by %x01 (RFC 7628 §3.1). On failure the server
 * sends a JSON error challenge, which the client answers with a single %x01 so the server can end the
 * exchange with `NO` (RFC 7628 §3.2.3). Anyone reading the exchange can reuse the token: TLS only.
 *
 * @module
 */
import type { SaslCredentials, SaslMechanism } from "./types.ts";
import { argumentError, authError, decodeUtf8, protocolError, required, utf8 } from "./util.ts";

const NAME = "OAUTHBEARER";
const KVSEP = "\x01";

/** RFC 6750 §2.1: `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Returns the token if it is a valid RFC 6750 §2.1 `b64token`; throws `MANAGESIEVE_E_AUTH` when it is
 * missing and `MANAGESIEVE_E_ARGUMENT` when it holds other characters (a %x01 would forge key/value pairs).
 *
 * @param mechanism - the mechanism name, for the message
 * @param token - the caller's token
 */
export function checkBearerToken(mechanism: string, token: string | undefined): string {
  const t = required(mechanism, "oauthToken", token);
  if (!B64TOKEN.test(t)) throw argumentError(mechanism, "the OAuth token is not a valid bearer token (RFC 6750 §2.1)");
  return t;
}

/** The error a server reports in an OAuth error challenge (RFC 7628 §3.2.2). */
export interface OAuthServerError {
  /** The `status` member, e.g. `"invalid_token"` (or Google's `"401"` for XOAUTH2). */
  status: string;
  /** The `scope` member, when given. */
  scope: string | null;
  /** The `openid-configuration` member (RFC 7628) or Google's `schemes`, when given. */
  detail: string | null;
}

/**
 * Parses an OAuth JSON error challenge (RFC 7628 §3.2.2); throws `MANAGESIEVE_E_PROTOCOL` when it is
 * not a JSON object with a string `status`.
 *
 * @param mechanism - the mechanism name, for the message
 * @param challenge - the decoded challenge
 */
export function parseOAuthError(mechanism: string, challenge: Uint8Array): OAuthServerError {
  const text = decodeUtf8(challenge, mechanism);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw protocolError(mechanism, "server challenge is not a JSON error object");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw protocolError(mechanism, "server challenge is not a JSON error object");
  }
  const obj = value as Record<string, unknown>;
  const str = (key: string): string | null => {
    const v = obj[key];
    return typeof v === "string" ? v : null;
  };
  const status = str("status");
  if (status === null) throw protocolError(mechanism, "server error challenge has no status");
  return { status, scope: str("scope"), detail: str("openid-configuration") ?? str("schemes") };
}

/**
 * Escapes a GS2 authzid as a `saslname` (RFC 5801 §4: "=" becomes "=3D", "," becomes "=2C").
 *
 * @param name - the authorization identity
 */
export function gs2Escape(name: string): string {
  return name.replace(/=/g, "=3D").replace(/,/g, "=2C");
}

/**
 * What OAUTHBEARER and XOAUTH2 share: one client message with the bearer token (readable by
 * anyone on the wire: TLS only), and a JSON error challenge (RFC 7628 §3.2.2) that the client
 * acknowledges with `errorAck` so the server can end with `NO`; the error is kept for
 * `failureDetail`.
 */
export abstract class BearerMechanism implements SaslMechanism {
  readonly name: string;
  /** The bearer token is sent in clear. */
  readonly sendsSecretInClear = true;
  /** The client message; set by the subclass constructor. */
  protected message: Uint8Array = new Uint8Array(0);
  readonly #errorAck: Uint8Array;
  #sent = false;
  #error: OAuthServerError | null = null;

  /**
   * @param name - the mechanism name, for messages
   * @param errorAck - the answer to an error challenge
   */
  protected constructor(name: string, errorAck: Uint8Array) {
    this.name = name;
    this.#errorAck = errorAck;
  }

  /** The server's error challenge, once one arrived. */
  get serverError(): OAuthServerError | null {
    return this.#error;
  }

  /** The `status` of the server's error challenge, once one arrived. */
  get failureDetail(): string | null {
    return this.#error === null ? null : describe(this.#error);
  }

  /** The client message. */
  initialResponse(): Uint8Array {
    this.#sent = true;
    return this.message;
  }

  /** Answers the empty first challenge with the message, and an error challenge with the acknowledgement. */
  respond(challenge: Uint8Array): Uint8Array {
    if (!this.#sent && challenge.length === 0) return this.initialResponse();
    if (this.#error !== null) throw protocolError(this.name, "unexpected server challenge after the error challenge");
    this.#error = parseOAuthError(this.name, challenge);
    return this.#errorAck;
  }

  /** Throws `MANAGESIEVE_E_AUTH` when the server reported an error yet said `OK`. */
  finish(_serverData: Uint8Array | null): void {
    if (this.#error !== null) {
      throw authError(this.name, `server reported ${describe(this.#error)}`, this.#error.status);
    }
  }
}

/** OAUTHBEARER (RFC 7628). */
export class OAuthBearerMechanism extends BearerMechanism {
  /**
   * @param creds - `oauthToken`; `authzid` (or else `username`) as the GS2 `a=`; `host` and `port`.
   *   Values that cannot be sent throw `MANAGESIEVE_E_ARGUMENT`, a missing token `MANAGESIEVE_E_AUTH`.
   */
  constructor(creds: SaslCredentials) {
    // RFC 7628 §3.2.3: the client answers an error challenge with a single %x01.
    super(NAME, utf8(KVSEP));
    const token = checkBearerToken(NAME, creds.oauthToken);
    const user = creds.authzid || creds.username || "";
    // RFC 5801 §4: saslname is UTF-8 without NUL; "=" and "," escaped.
    if (user.includes("\0")) throw argumentError(NAME, "the user name must not contain NUL");
    let kv = "";
    if (creds.host !== undefined && creds.host !== "") {
      // RFC 7628 §3.1: value = *(VCHAR / SP / HTAB / CR / LF); a host name is VCHARs.
      if (!/^[\x21-\x7e]+$/.test(creds.host))
        throw argumentError(NAME, "the host name holds characters it cannot send");
      kv += `host=${creds.host}${KVSEP}`;
    }
    if (creds.port !== undefined) {
      if (!Number.isInteger(creds.port) || creds.port < 0 || creds.port > 65535) {
        throw argumentError(NAME, "the port is not a TCP port number");
      }
      kv += `port=${creds.port}${KVSEP}`;
    }
    kv += `auth=Bearer ${token}${KVSEP}`;
    // RFC 7628 §3.1: client-resp = gs2-header kvsep *kvpair kvsep; channel binding unsupported ("n").
    const gs2 = user === "" ? "n,," : `n,a=${gs2Escape(user)},`;
    this.message = utf8(`${gs2}${KVSEP}${kv}${KVSEP}`);
  }
}

/** A one-line description of an OAuth server error. */
export function describe(e: OAuthServerError): string {
  return e.scope === null ? `status ${e.status}` : `status ${e.status} (scope ${e.scope})`;
}
