/**
 * Google's XOAUTH2 mechanism (https://developers.google.com/gmail/imap/xoauth2-protocol): one
 * message `user=<user>^Aauth=Bearer <token>^A^A`. On failure the server sends a JSON error
 * challenge, which the client answers with an empty response so the server can end with `NO`.
 * Anyone reading the exchange can reuse the token: TLS only.
 *
 * @module
 */
import { BearerMechanism, checkBearerToken } from "./oauthbearer.ts";
import type { SaslCredentials } from "./types.ts";
import { argumentError, authError, required, utf8 } from "./util.ts";

const NAME = "XOAUTH2";

/** XOAUTH2 (Google). */
export class XOAuth2Mechanism extends BearerMechanism {
  /**
   * @param creds - `username` and `oauthToken`; an `authzid` cannot be sent and makes XOAUTH2
   *   unusable (`MANAGESIEVE_E_AUTH`); a user holding %x01 or NUL throws `MANAGESIEVE_E_ARGUMENT`
   */
  constructor(creds: SaslCredentials) {
    // Google's error challenge is answered with an empty response.
    super(NAME, new Uint8Array(0));
    const user = required(NAME, "username", creds.username);
    const token = checkBearerToken(NAME, creds.oauthToken);
    if (creds.authzid !== undefined && creds.authzid !== "") {
      throw authError(NAME, "cannot send an authorization identity");
    }
    if (user.includes("\0") || user.includes("\x01"))
      throw argumentError(NAME, "the username must not contain NUL or %x01");
    this.message = utf8(`user=${user}\x01auth=Bearer ${token}\x01\x01`);
  }
}
