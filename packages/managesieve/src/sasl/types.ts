/**
 * The types shared by every SASL mechanism (RFC 4422) of the ManageSieve client (RFC 5804 §2.1).
 *
 * @module
 */

/** What a caller may supply to authenticate; each mechanism uses the fields it needs. */
export interface SaslCredentials {
  /** The authentication identity (SCRAM `n=`, PLAIN authcid, LOGIN user, XOAUTH2 `user=`). */
  username?: string;
  /** The password (SCRAM, PLAIN, LOGIN). */
  password?: string;
  /** The authorization identity, to act as another user (RFC 5804 §2.1 proxy authentication). */
  authzid?: string;
  /** An OAuth 2.0 bearer token (OAUTHBEARER, XOAUTH2). */
  oauthToken?: string;
  /** The server's host name, sent by OAUTHBEARER (RFC 7628 §3.1). */
  host?: string;
  /** The server's port, sent by OAUTHBEARER (RFC 7628 §3.1). */
  port?: number;
}

/**
 * One SASL exchange of one mechanism (RFC 4422 §3). Every byte array is the decoded SASL data; the
 * client does the base-64 encoding of RFC 5804 §2.1. A mechanism object is used for one exchange only.
 *
 * Methods throw {@link ManageSieveError}: `MANAGESIEVE_E_AUTH` when authentication must not go on
 * (bad server signature, server error message), `MANAGESIEVE_E_PROTOCOL` for malformed or unexpected
 * server data. The client then cancels the exchange with `"*"` (RFC 5804 §2.1).
 */
export interface SaslMechanism {
  /** The upper-case mechanism name, e.g. `"SCRAM-SHA-256"`. */
  readonly name: string;
  /** Whether the exchange reveals a reusable secret to anyone reading it (PLAIN, LOGIN, XOAUTH2, OAUTHBEARER). */
  readonly sendsSecretInClear: boolean;
  /**
   * The initial response sent with `AUTHENTICATE` (RFC 5804 §2.1), or `null` when the mechanism has
   * none (LOGIN). An empty array is an empty initial response (`""`). Calling it counts as sending it.
   */
  initialResponse(): Uint8Array | null;
  /**
   * Answers one server challenge. An empty first challenge, when no initial response was sent, is
   * answered with what the initial response would have been (RFC 5804 §2.1).
   */
  respond(challenge: Uint8Array): Uint8Array;
  /**
   * Called when the server said `OK`, with the data of its `SASL` response code or `null` (RFC 5804
   * §2.1: the server's final SASL data "MAY be placed within the data portion of the SASL response
   * code"). Throws `MANAGESIEVE_E_AUTH` when the server could not be verified (SCRAM).
   */
  finish(serverData: Uint8Array | null): void;
  /**
   * What the server said about a failure during the exchange, if anything: the `status` of an
   * OAUTHBEARER/XOAUTH2 error challenge (RFC 7628 §3.2.2), a SCRAM `e=` value (RFC 5802 §7). The
   * client adds it to the `MANAGESIEVE_E_AUTH` error it raises when the server then says `NO`.
   */
  readonly failureDetail?: string | null;
}
