/**
 * The ManageSieve client's errors (API.md, "Errors"): every failure is a {@link ManageSieveError}
 * with a stable `code`.
 *
 * @module
 */

/** Every code a {@link ManageSieveError} can carry. */
export type ManageSieveErrorCode =
  | "MANAGESIEVE_E_CONNECT"
  | "MANAGESIEVE_E_TIMEOUT"
  | "MANAGESIEVE_E_ABORTED"
  | "MANAGESIEVE_E_TLS"
  | "MANAGESIEVE_E_ENCRYPT_NEEDED"
  | "MANAGESIEVE_E_AUTH"
  | "MANAGESIEVE_E_NO"
  | "MANAGESIEVE_E_BYE"
  | "MANAGESIEVE_E_PROTOCOL"
  | "MANAGESIEVE_E_LIMIT"
  | "MANAGESIEVE_E_REFERRAL"
  | "MANAGESIEVE_E_CLOSED"
  | "MANAGESIEVE_E_STATE"
  | "MANAGESIEVE_E_ARGUMENT";

/**
 * A response code from an `OK`/`NO`/`BYE` response (RFC 5804 §1.3), e.g. `QUOTA/MAXSIZE`,
 * `NONEXISTENT`, `SASL`, `REFERRAL`, `TAG`, `WARNINGS`.
 */
export interface ResponseCode {
  /** The code's name, upper-case, including any `/sub-code`. */
  name: string;
  /** The code's arguments, as strings. */
  args: string[];
}

/** Every error the ManageSieve client throws. */
export class ManageSieveError extends Error {
  /** A stable, machine-readable error code. */
  readonly code: ManageSieveErrorCode;
  /** The server's response code, when the error comes from a server response. */
  readonly responseCode: ResponseCode | null;
  /** The server's human-readable text, verbatim, when the error comes from a server response. */
  readonly serverText: string | null;

  /**
   * @param code - stable error code
   * @param message - a sentence a person understands
   * @param options - the server's `responseCode` and `serverText`, and a wrapped `cause`
   */
  constructor(
    code: ManageSieveErrorCode,
    message: string,
    options: { responseCode?: ResponseCode | null; serverText?: string | null; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ManageSieveError";
    this.code = code;
    this.responseCode = options.responseCode ?? null;
    this.serverText = options.serverText ?? null;
  }
}
