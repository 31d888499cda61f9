/**
 * The LOGIN mechanism (draft-murchison-sasl-login, never standardised but offered by Dovecot and
 * Cyrus): the server prompts `Username:` then `Password:`, the client answers in that order. No
 * initial response, no authorization identity. The password travels in clear: use it only over TLS.
 *
 * @module
 */
import type { SaslCredentials, SaslMechanism } from "./types.ts";
import { authError, protocolError, rejectNul, required, utf8 } from "./util.ts";

const NAME = "LOGIN";

/** LOGIN (draft-murchison-sasl-login-00). */
export class LoginMechanism implements SaslMechanism {
  /** Always `"LOGIN"`. */
  readonly name = NAME;
  /** The password is sent in clear. */
  readonly sendsSecretInClear = true;
  #answers: Uint8Array[];
  #step = 0;

  /**
   * @param creds - `username` and `password`; an `authzid` cannot be sent and makes LOGIN
   *   unusable (`MANAGESIEVE_E_AUTH`), NUL in a field throws `MANAGESIEVE_E_ARGUMENT`
   */
  constructor(creds: SaslCredentials) {
    const username = required(NAME, "username", creds.username);
    const password = required(NAME, "password", creds.password);
    if (creds.authzid !== undefined && creds.authzid !== "") {
      throw authError(NAME, "cannot send an authorization identity");
    }
    rejectNul(NAME, "username", username);
    rejectNul(NAME, "password", password);
    this.#answers = [utf8(username), utf8(password)];
  }

  /** LOGIN has no initial response: the server speaks first (draft-murchison-sasl-login §2). */
  initialResponse(): null {
    return null;
  }

  /**
   * Answers the prompts by order: the first with the username, the second with the password. The
   * prompt texts ("Username:", "Password:") are not relied upon.
   */
  respond(_challenge: Uint8Array): Uint8Array {
    const answer = this.#answers[this.#step];
    if (answer === undefined) throw protocolError(NAME, "unexpected third server challenge");
    this.#step++;
    return answer;
  }

  /** LOGIN has no server data to check. */
  finish(_serverData: Uint8Array | null): void {}
}
