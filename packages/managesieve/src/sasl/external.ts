/**
 * The EXTERNAL mechanism (RFC 4422 Appendix A): the server authenticates the client by other means
 * (a TLS client certificate); the client sends only the authorization identity it asks for, or an
 * empty string to act as the identity the server derived.
 *
 * @module
 */
import type { SaslCredentials, SaslMechanism } from "./types.ts";
import { protocolError, rejectNul, utf8 } from "./util.ts";

const NAME = "EXTERNAL";

/** EXTERNAL (RFC 4422 Appendix A). */
export class ExternalMechanism implements SaslMechanism {
  /** Always `"EXTERNAL"`. */
  readonly name = NAME;
  /** No secret is exchanged at all. */
  readonly sendsSecretInClear = false;
  #message: Uint8Array;
  #sent = false;

  /**
   * @param creds - optional `authzid`; every other field is ignored. NUL in it throws
   *   `MANAGESIEVE_E_ARGUMENT`.
   */
  constructor(creds: SaslCredentials) {
    const authzid = creds.authzid ?? "";
    rejectNul(NAME, "authzid", authzid);
    this.#message = utf8(authzid);
  }

  /** The authzid, or an empty response (RFC 4422 Appendix A.1: `external-initial-resp = authz-id-string`). */
  initialResponse(): Uint8Array {
    this.#sent = true;
    return this.#message;
  }

  /** Answers the empty challenge a server sends when no initial response was given (RFC 4422 Appendix A.1). */
  respond(challenge: Uint8Array): Uint8Array {
    if (this.#sent || challenge.length !== 0) throw protocolError(NAME, "unexpected server challenge");
    return this.initialResponse();
  }

  /** EXTERNAL has no server data to check (RFC 4422 Appendix A.1). */
  finish(_serverData: Uint8Array | null): void {}
}
