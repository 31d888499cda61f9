/**
 * The SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677) mechanisms, without channel binding.
 *
 * The client proves it knows the password without sending it, and checks that the server knows it
 * too by verifying the server signature (`v=`, RFC 5802 §3). A server may send its final message as
 * a challenge the client answers with an empty response (Dovecot), or in the `SASL` response code of
 * its `OK` (Cyrus; RFC 5804 §2.1). Both are verified; {@link ScramMechanism.finish} throws when
 * neither arrived.
 *
 * @module
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import { createRequire } from "node:module";

type SaslPrep = (value: string, options?: { allowUnassigned?: boolean }) => string;
let saslprepFn: SaslPrep | undefined;

/**
 * SASLprep (RFC 4013), loaded on first use: the library and its Unicode tables take ~9 ms to
 * load, which every `sievectl` command paid even when it logged in with PLAIN.
 */
function saslprep(value: string, options?: { allowUnassigned?: boolean }): string {
  saslprepFn ??= (createRequire(import.meta.url)("@mongodb-js/saslprep") as { saslprep: SaslPrep }).saslprep;
  return saslprepFn(value, options);
}
import type { SaslCredentials, SaslMechanism } from "./types.ts";
import { argumentError, authError, decodeUtf8, protocolError, required, utf8 } from "./util.ts";

/** The SCRAM variants this module implements. */
export type ScramMechanismName = "SCRAM-SHA-1" | "SCRAM-SHA-256";

/** Options of {@link ScramMechanism}, for tests. */
export interface ScramOptions {
  /**
   * The client nonce (RFC 5802 §5.1 `r=`), printable ASCII without ","; by default 18 random bytes in
   * base 64. Only tests that replay fixed exchanges should set it.
   */
  nonce?: string;
}

/** Iteration counts above this are refused: a hostile server could make the client spin (RFC 5802 §9). */
export const SCRAM_MAX_ITERATIONS = 10_000_000;

const HASHES: Record<ScramMechanismName, { hash: string; size: number }> = {
  "SCRAM-SHA-1": { hash: "sha1", size: 20 },
  "SCRAM-SHA-256": { hash: "sha256", size: 32 },
};

/** RFC 5802 §7: `printable = %x21-2B / %x2D-7E` (printable ASCII except ","). */
const PRINTABLE = /^[\x21-\x2b\x2d-\x7e]+$/;
/** RFC 5802 §7: `base64` (RFC 4648 §4), padded. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** RFC 3454 Table B.1, "commonly mapped to nothing" (RFC 4013 §2.1). */
const MAPPED_TO_NOTHING = new Set([
  0x00ad, 0x034f, 0x1806, 0x180b, 0x180c, 0x180d, 0x200b, 0x200c, 0x200d, 0x2060, 0xfe00, 0xfe01, 0xfe02, 0xfe03,
  0xfe04, 0xfe05, 0xfe06, 0xfe07, 0xfe08, 0xfe09, 0xfe0a, 0xfe0b, 0xfe0c, 0xfe0d, 0xfe0e, 0xfe0f, 0xfeff,
]);

/**
 * Prepares a user name or password with SASLprep (RFC 4013) as a query string, unassigned code
 * points allowed (RFC 5802 §5.1 `n=` and §2.2 `Normalize`). Throws `MANAGESIEVE_E_ARGUMENT` when
 * the string holds prohibited characters (RFC 4013 §2.3) or breaks the bidi rules (§2.4).
 *
 * @param mechanism - the mechanism name, for the message
 * @param field - what the string is, for the message
 * @param value - the string
 */
export function prepare(mechanism: string, field: string, value: string): string {
  // RFC 4013 §2.1 maps the RFC 3454 B.1 characters to nothing; done first because the library
  // crashes on input that maps to the empty string.
  let mapped = "";
  for (const ch of value) if (!MAPPED_TO_NOTHING.has(ch.codePointAt(0) ?? 0)) mapped += ch;
  if (mapped === "") return "";
  try {
    return saslprep(mapped, { allowUnassigned: true });
  } catch (cause) {
    throw argumentError(mechanism, `the ${field} is not allowed by SASLprep (RFC 4013)`, cause);
  }
}

/**
 * Escapes a `saslname` (RFC 5802 §5.1): "=" becomes "=3D" and "," becomes "=2C".
 *
 * @param name - a prepared user name or authzid
 */
export function escapeSaslName(name: string): string {
  return name.replace(/=/g, "=3D").replace(/,/g, "=2C");
}

/** Where a SCRAM exchange is. */
type State = "start" | "sent-first" | "sent-final" | "verified" | "failed";

/** SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677), channel binding not supported (`n,`). */
export class ScramMechanism implements SaslMechanism {
  /** `"SCRAM-SHA-1"` or `"SCRAM-SHA-256"`. */
  readonly name: ScramMechanismName;
  /** SCRAM never reveals the password. */
  readonly sendsSecretInClear = false;
  #hash: string;
  #size: number;
  #password: string;
  #gs2Header: string;
  #clientFirstBare: string;
  #nonce: string;
  #state: State = "start";
  #expectedServerSignature: Buffer | null = null;
  #iterations: number | null = null;
  #failure: string | null = null;

  /**
   * @param name - `"SCRAM-SHA-1"` or `"SCRAM-SHA-256"`
   * @param creds - `username`, `password` and optional `authzid`; all SASLprep'd here (RFC 5802
   *   §5.1, RFC 5804 §2.1). A missing one throws `MANAGESIEVE_E_AUTH`, a prohibited one `MANAGESIEVE_E_ARGUMENT`.
   * @param options - a fixed nonce for tests
   */
  constructor(name: ScramMechanismName, creds: SaslCredentials, options: ScramOptions = {}) {
    const h = HASHES[name];
    if (h === undefined) throw authError(String(name), "unknown SCRAM variant");
    this.name = name;
    this.#hash = h.hash;
    this.#size = h.size;
    const username = prepare(name, "username", required(name, "username", creds.username));
    this.#password = prepare(name, "password", required(name, "password", creds.password));
    if (username === "") throw authError(name, "the username is empty after SASLprep");
    if (this.#password === "") throw authError(name, "the password is empty after SASLprep");
    const authzid = creds.authzid ? prepare(name, "authzid", creds.authzid) : "";
    // RFC 5802 §7: saslname = 1*(value-safe-char / "=2C" / "=3D"); value-safe-char excludes NUL.
    if (username.includes("\0") || authzid.includes("\0")) throw argumentError(name, "names must not contain NUL");
    this.#nonce = options.nonce ?? randomBytes(18).toString("base64");
    if (!PRINTABLE.test(this.#nonce)) throw argumentError(name, "the nonce must be printable ASCII without ','");
    // RFC 5802 §7: gs2-header = gs2-cbind-flag "," [ authzid ] ","; "n": no channel binding support.
    this.#gs2Header = authzid === "" ? "n,," : `n,a=${escapeSaslName(authzid)},`;
    this.#clientFirstBare = `n=${escapeSaslName(username)},r=${this.#nonce}`;
  }

  /** The iteration count the server asked for, once known (RFC 5802 §5.1 `i=`); under 4096 is weak (RFC 5802 §9). */
  get iterations(): number | null {
    return this.#iterations;
  }

  /** Whether the server signature has been verified (RFC 5802 §3). */
  get serverVerified(): boolean {
    return this.#state === "verified";
  }

  /** The server's `e=` error value, when it sent one (RFC 5802 §7 `server-error-value`). */
  get failureDetail(): string | null {
    return this.#failure;
  }

  /** The client-first-message (RFC 5802 §5.1): `n,[a=authzid],n=user,r=nonce`. */
  initialResponse(): Uint8Array {
    if (this.#state !== "start") throw protocolError(this.name, "initial response already sent");
    this.#state = "sent-first";
    return utf8(this.#gs2Header + this.#clientFirstBare);
  }

  /**
   * Answers the empty first challenge (no initial response sent) with the client-first-message, the
   * server-first-message with the client-final-message, and a server-final-message sent as a
   * challenge (Dovecot) with an empty response after verifying it.
   */
  respond(challenge: Uint8Array): Uint8Array {
    switch (this.#state) {
      case "start":
        if (challenge.length !== 0) throw protocolError(this.name, "server spoke first with data");
        return this.initialResponse();
      case "sent-first":
        return utf8(this.#clientFinal(decodeUtf8(challenge, this.name)));
      case "sent-final":
        this.#verify(challenge);
        return new Uint8Array(0);
      default:
        throw protocolError(this.name, "unexpected server challenge");
    }
  }

  /**
   * Verifies the server-final-message when the server put it into `OK (SASL "…")` (Cyrus), then
   * throws `MANAGESIEVE_E_AUTH` unless the server signature was verified one way or the other.
   */
  finish(serverData: Uint8Array | null): void {
    if (serverData !== null && serverData.length > 0) {
      if (this.#state === "sent-final" || this.#state === "verified") {
        this.#verify(serverData);
      } else {
        throw protocolError(this.name, "unexpected SASL data in the final response");
      }
    }
    if (this.#state !== "verified") {
      throw authError(this.name, "the server never proved it knows the password (no server signature)");
    }
  }

  /** Parses the server-first-message (RFC 5802 §5.1) and builds the client-final-message (§3). */
  #clientFinal(serverFirst: string): string {
    const attrs = parseAttributes(this.name, serverFirst);
    const first = attrs[0];
    if (first?.[0] === "e") this.#fail(first[1]);
    // RFC 5802 §5.1 m=: "If this extension is present and not understood, the client MUST fail".
    if (first?.[0] === "m") throw authError(this.name, "server requires an unsupported extension (m=)");
    const [r, s, i] = attrs;
    if (r?.[0] !== "r" || s?.[0] !== "s" || i?.[0] !== "i") {
      throw protocolError(this.name, "malformed server-first-message");
    }
    const nonce = r[1];
    // RFC 5802 §5.1 r=: the server's nonce starts with the client's and is printable without ",".
    if (!PRINTABLE.test(nonce) || !nonce.startsWith(this.#nonce)) {
      throw authError(this.name, "the server nonce does not start with the client nonce");
    }
    if (s[1] === "" || !BASE64.test(s[1])) throw protocolError(this.name, "malformed salt");
    const salt = Buffer.from(s[1], "base64");
    // RFC 5802 §7: iteration-count = posit-number.
    if (!/^[1-9][0-9]*$/.test(i[1])) throw protocolError(this.name, "malformed iteration count");
    const iterations = Number(i[1]);
    if (iterations > SCRAM_MAX_ITERATIONS) {
      throw authError(this.name, `the server asked for ${i[1]} iterations (limit ${SCRAM_MAX_ITERATIONS})`);
    }
    this.#iterations = iterations;

    // RFC 5802 §3: SaltedPassword := Hi(Normalize(password), salt, i), Hi being PBKDF2 with HMAC.
    const salted = pbkdf2Sync(Buffer.from(this.#password, "utf8"), salt, iterations, this.#size, this.#hash);
    const clientKey = this.#hmac(salted, "Client Key");
    const storedKey = createHash(this.#hash).update(clientKey).digest();
    // RFC 5802 §7: channel-binding = "c=" base64(gs2-header) when there is no channel binding data.
    const withoutProof = `c=${Buffer.from(this.#gs2Header, "utf8").toString("base64")},r=${nonce}`;
    const authMessage = `${this.#clientFirstBare},${serverFirst},${withoutProof}`;
    const clientSignature = this.#hmac(storedKey, authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let k = 0; k < proof.length; k++) proof[k] = (clientKey[k] ?? 0) ^ (clientSignature[k] ?? 0);
    const serverKey = this.#hmac(salted, "Server Key");
    this.#expectedServerSignature = this.#hmac(serverKey, authMessage);
    this.#state = "sent-final";
    return `${withoutProof},p=${proof.toString("base64")}`;
  }

  /** Checks a server-final-message (RFC 5802 §5.1 `v=`/`e=`, §3 ServerSignature). */
  #verify(data: Uint8Array): void {
    const attrs = parseAttributes(this.name, decodeUtf8(data, this.name));
    const first = attrs[0];
    if (first?.[0] === "e") this.#fail(first[1]);
    if (first?.[0] !== "v" || first[1] === "" || !BASE64.test(first[1])) {
      this.#state = "failed";
      throw protocolError(this.name, "malformed server-final-message");
    }
    const got = Buffer.from(first[1], "base64");
    const want = this.#expectedServerSignature;
    if (want === null || got.length !== want.length || !timingSafeEqual(got, want)) {
      this.#state = "failed";
      throw authError(this.name, "the server signature is wrong: the server does not know the password");
    }
    this.#state = "verified";
  }

  /** Records a server `e=` error (RFC 5802 §7) and throws it as `MANAGESIEVE_E_AUTH`. */
  #fail(value: string): never {
    this.#state = "failed";
    this.#failure = value;
    throw authError(this.name, `server error: ${value}`, value);
  }

  #hmac(key: Uint8Array, text: string): Buffer {
    return createHmac(this.#hash, key).update(text, "utf8").digest();
  }
}

/**
 * Splits a SCRAM message into `[letter, value]` pairs (RFC 5802 §7: `attr-val = ALPHA "=" value`).
 * Throws `MANAGESIEVE_E_PROTOCOL` on anything else.
 */
function parseAttributes(mechanism: string, message: string): Array<[string, string]> {
  return message.split(",").map((part): [string, string] => {
    if (!/^[A-Za-z]=/.test(part)) throw protocolError(mechanism, "malformed server message");
    return [part[0] ?? "", part.slice(2)];
  });
}
