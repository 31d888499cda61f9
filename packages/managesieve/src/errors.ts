/**
 * The ManageSieve client's error type (ARCHITECTURE.md, rule 4): one class, a stable string
 * `code`, and the server's response code and human text kept verbatim.
 *
 * @module
 */

/** Every code a {@link ManageSieveError} can carry. Catalogued in docs/errors.md. */
export type ManageSieveErrorCode =
  /** TCP connect failed: DNS, refused, unreachable. */
  | "MANAGESIEVE_E_CONNECT"
  /** A phase (connect, greeting, command) did not finish before its deadline. */
  | "MANAGESIEVE_E_TIMEOUT"
  /** The caller's AbortSignal fired. */
  | "MANAGESIEVE_E_ABORTED"
  /** TLS handshake, certificate, fingerprint mismatch, STARTTLS not offered, bytes after STARTTLS OK. */
  | "MANAGESIEVE_E_TLS"
  /** We refused to send a secret in cleartext, or the server said ENCRYPT-NEEDED. */
  | "MANAGESIEVE_E_ENCRYPT_NEEDED"
  /** Authentication failed, no usable mechanism, or a bad server signature. */
  | "MANAGESIEVE_E_AUTH"
  /** The server answered NO; `responseCode` and `serverText` hold what it said. */
  | "MANAGESIEVE_E_NO"
  /** The server answered BYE and closed the connection. */
  | "MANAGESIEVE_E_BYE"
  /** Malformed or unexpected server data. */
  | "MANAGESIEVE_E_PROTOCOL"
  /** A line, literal or response exceeded its configured limit. */
  | "MANAGESIEVE_E_LIMIT"
  /** A referral loop, or more referrals than `maxReferrals`. */
  | "MANAGESIEVE_E_REFERRAL"
  /** The connection is closed (by the server, by `close()`, or after an earlier failure). */
  | "MANAGESIEVE_E_CLOSED"
  /** The command is not allowed in the current state (e.g. GETSCRIPT before AUTHENTICATE). */
  | "MANAGESIEVE_E_STATE"
  /** A bad argument from the caller (e.g. a script name containing NUL). */
  | "MANAGESIEVE_E_ARGUMENT";

/**
 * A response code from an OK/NO/BYE line (RFC 5804 §1.3), e.g. `(QUOTA/MAXSIZE)` or
 * `(TAG "x")`. `name` is upper-cased; `args` are the arguments as strings (nested
 * parenthesised lists are flattened), unchanged.
 */
export interface ResponseCode {
  /** Upper-case, hierarchical with `/`: "QUOTA/MAXSIZE", "NONEXISTENT", "SASL", "REFERRAL", "TAG", "WARNINGS", … */
  name: string;
  /** Arguments as the server sent them (strings, atoms and numbers as text). */
  args: string[];
}

/** Options of the {@link ManageSieveError} constructor. */
export interface ManageSieveErrorOptions {
  /** The response code of the server line that caused the error. Default `null`. */
  responseCode?: ResponseCode | null;
  /** The server's human-readable text, unchanged. Default `null`. */
  serverText?: string | null;
  /** A wrapped lower-level error. */
  cause?: unknown;
}

/**
 * Every error the ManageSieve client throws. `code` is stable and machine-readable; when the
 * error comes from a server response, `responseCode` and `serverText` carry it verbatim
 * (RFC 5804 §1.2: the text is for the user and MUST NOT be parsed for meaning).
 *
 * Errors of bad caller *options* are `TypeError`s instead (ARCHITECTURE.md, rule 3).
 */
export class ManageSieveError extends Error {
  /** Stable code, one of {@link ManageSieveErrorCode}. */
  code: ManageSieveErrorCode;
  /** The server's response code, or `null` when the error did not come from a server response. */
  responseCode: ResponseCode | null;
  /** The server's human text, or `null`. */
  serverText: string | null;

  /**
   * @param code - stable error code
   * @param message - a sentence a person understands
   * @param options - `responseCode`, `serverText` (both default `null`) and `cause`
   */
  constructor(code: ManageSieveErrorCode, message: string, options: ManageSieveErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ManageSieveError";
    this.code = code;
    this.responseCode = options.responseCode ?? null;
    this.serverText = options.serverText ?? null;
  }
}

/** True when `value` is a {@link ManageSieveError}, optionally with the given code. */
export function isManageSieveError(value: unknown, code?: ManageSieveErrorCode): value is ManageSieveError {
  return value instanceof ManageSieveError && (code === undefined || value.code === code);
}
