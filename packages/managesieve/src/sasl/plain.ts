/**
 * The PLAIN mechanism (RFC 4616): one message `[authzid] NUL authcid NUL passwd`, sent as the
 * initial response (RFC 5804 §2.1). The password travels in clear: use it only over TLS.
 *
 * @module
 */
import type { SaslCredentials, SaslMechanism } from "./types.ts";
import { concat, protocolError, rejectNul, required, utf8 } from "./util.ts";

const NAME = "PLAIN";

/**
 * Builds the PLAIN message (RFC 4616 §2). Fields are sent as UTF-8, as given; NUL in a field
 * throws `MANAGESIEVE_E_ARGUMENT`, a missing username or password `MANAGESIEVE_E_AUTH`.
 *
 * @param creds - `username` (authcid), `password`, optional `authzid`
 */
export function plainMessage(creds: SaslCredentials): Uint8Array {
  const authcid = required(NAME, "username", creds.username);
  const passwd = required(NAME, "password", creds.password);
  const authzid = creds.authzid ?? "";
  // RFC 4616 §2: authzid, authcid and passwd are 1*SAFE, SAFE excluding NUL.
  rejectNul(NAME, "authzid", authzid);
  rejectNul(NAME, "username", authcid);
  rejectNul(NAME, "password", passwd);
  const nul = new Uint8Array([0]);
  return concat([utf8(authzid), nul, utf8(authcid), nul, utf8(passwd)]);
}

/** PLAIN (RFC 4616). */
export class PlainMechanism implements SaslMechanism {
  /** Always `"PLAIN"`. */
  readonly name = NAME;
  /** The password is sent in clear. */
  readonly sendsSecretInClear = true;
  #message: Uint8Array;
  #sent = false;

  /**
   * @param creds - `username`, `password`, optional `authzid`; validated now (see {@link plainMessage})
   */
  constructor(creds: SaslCredentials) {
    this.#message = plainMessage(creds);
  }

  /** The whole PLAIN message (RFC 4616 §2). */
  initialResponse(): Uint8Array {
    this.#sent = true;
    return this.#message;
  }

  /** Answers the empty challenge a server sends when no initial response was given (RFC 5804 §2.1). */
  respond(challenge: Uint8Array): Uint8Array {
    if (this.#sent || challenge.length !== 0) throw protocolError(NAME, "unexpected server challenge");
    return this.initialResponse();
  }

  /** PLAIN has no server data to check (RFC 4616 §2). */
  finish(_serverData: Uint8Array | null): void {}
}
