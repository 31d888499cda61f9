/**
 * Google's XOAUTH2 mechanism (https://developers.google.com/gmail/imap/xoauth2-protocol): one
 * message `user=<user>^Aauth=Bearer <token>^A^A`. On failure the server sends a JSON error
 * challenge, which the client answers with an empty response so the server can end with `NO`.
 * Anyone reading the exchange can reuse the token: TLS only.
 *
 * @module
 */
import { checkBearerToken, describe, type OAuthServerError, parseOAuthError } from "./oauthbearer.ts";
import type { SaslCredentials, SaslMechanism } from "./types.ts";
import { argumentError, authError, protocolError, required, utf8 } from "./util.ts";

const NAME = "XOAUTH2";

/** XOAUTH2 (Google). */
export class XOAuth2Mechanism implements SaslMechanism {
  /** Always `"XOAUTH2"`. */
  readonly name = NAME;
  /** The bearer token is sent in clear. */
  readonly sendsSecretInClear = true;
  #message: Uint8Array;
  #sent = false;
  #error: OAuthServerError | null = null;

  /**
   * @param creds - `username` and `oauthToken`; an `authzid` cannot be sent and makes XOAUTH2
   *   unusable (`MANAGESIEVE_E_AUTH`); a user holding %x01 or NUL throws `MANAGESIEVE_E_ARGUMENT`
   */
  constructor(creds: SaslCredentials) {
    const user = required(NAME, "username", creds.username);
    const token = checkBearerToken(NAME, creds.oauthToken);
    if (creds.authzid !== undefined && creds.authzid !== "") {
      throw authError(NAME, "cannot send an authorization identity");
    }
    if (user.includes("\0") || user.includes("\x01"))
      throw argumentError(NAME, "the username must not contain NUL or %x01");
    this.#message = utf8(`user=${user}\x01auth=Bearer ${token}\x01\x01`);
  }

  /** The server's error challenge, once one arrived. */
  get serverError(): OAuthServerError | null {
    return this.#error;
  }

  /** The `status` of the server's error challenge, once one arrived. */
  get failureDetail(): string | null {
    return this.#error === null ? null : describe(this.#error);
  }

  /** The XOAUTH2 message. */
  initialResponse(): Uint8Array {
    this.#sent = true;
    return this.#message;
  }

  /**
   * Answers the empty first challenge with the message, and a JSON error challenge with an empty
   * response, remembering the error for {@link failureDetail}.
   */
  respond(challenge: Uint8Array): Uint8Array {
    if (!this.#sent && challenge.length === 0) return this.initialResponse();
    if (this.#error !== null) throw protocolError(NAME, "unexpected server challenge after the error challenge");
    this.#error = parseOAuthError(NAME, challenge);
    return new Uint8Array(0);
  }

  /** Throws `MANAGESIEVE_E_AUTH` when the server reported an error yet said `OK`. */
  finish(_serverData: Uint8Array | null): void {
    if (this.#error !== null) {
      throw authError(NAME, `server reported ${describe(this.#error)}`, this.#error.status);
    }
  }
}
