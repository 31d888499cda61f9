/**
 * SASL (RFC 4422) for ManageSieve (RFC 5804 §2.1): the mechanisms, {@link createMechanism} to start
 * one by name and {@link chooseMechanism} to pick the strongest one both sides support.
 *
 * @module
 */
import { authError } from "./util.ts";
import { ExternalMechanism } from "./external.ts";
import { LoginMechanism } from "./login.ts";
import { OAuthBearerMechanism } from "./oauthbearer.ts";
import { PlainMechanism } from "./plain.ts";
import { ScramMechanism } from "./scram.ts";
import type { SaslCredentials, SaslMechanism } from "./types.ts";
import { XOAuth2Mechanism } from "./xoauth2.ts";

export { ExternalMechanism } from "./external.ts";
export { LoginMechanism } from "./login.ts";
export { OAuthBearerMechanism, type OAuthServerError } from "./oauthbearer.ts";
export { PlainMechanism, plainMessage } from "./plain.ts";
export {
  escapeSaslName,
  prepare as saslPrepare,
  SCRAM_MAX_ITERATIONS,
  ScramMechanism,
  type ScramMechanismName,
  type ScramOptions,
} from "./scram.ts";
export type { SaslCredentials, SaslMechanism } from "./types.ts";
export { XOAuth2Mechanism } from "./xoauth2.ts";

/** Every mechanism this client implements, upper-case. */
export const SUPPORTED_MECHANISMS: readonly string[] = [
  "SCRAM-SHA-256",
  "SCRAM-SHA-1",
  "OAUTHBEARER",
  "XOAUTH2",
  "PLAIN",
  "LOGIN",
  "EXTERNAL",
];

/** Mechanisms that reveal a reusable secret to anyone reading the exchange. */
const CLEARTEXT = new Set(["OAUTHBEARER", "XOAUTH2", "PLAIN", "LOGIN"]);

/** {@link chooseMechanism}'s order of preference, strongest first (EXTERNAL only on request). */
const ORDER = ["SCRAM-SHA-256", "SCRAM-SHA-1", "OAUTHBEARER", "XOAUTH2", "PLAIN", "LOGIN"];

/**
 * Starts one exchange of the named mechanism (case-insensitive). Throws `MANAGESIEVE_E_AUTH` for
 * an unknown mechanism or credentials it cannot use (e.g. no password for SCRAM), and
 * `MANAGESIEVE_E_ARGUMENT` for credentials it cannot send (NUL, SASLprep-prohibited characters).
 *
 * @param name - the mechanism name, as offered in the `SASL` capability
 * @param creds - the caller's credentials
 */
export function createMechanism(name: string, creds: SaslCredentials): SaslMechanism {
  const upper = name.toUpperCase();
  switch (upper) {
    case "SCRAM-SHA-256":
    case "SCRAM-SHA-1":
      return new ScramMechanism(upper, creds);
    case "OAUTHBEARER":
      return new OAuthBearerMechanism(creds);
    case "XOAUTH2":
      return new XOAuth2Mechanism(creds);
    case "PLAIN":
      return new PlainMechanism(creds);
    case "LOGIN":
      return new LoginMechanism(creds);
    case "EXTERNAL":
      return new ExternalMechanism(creds);
    default:
      throw authError(name, "unsupported SASL mechanism");
  }
}

/** Whether a field is given and not empty. */
function has(value: string | undefined): boolean {
  return value !== undefined && value !== "";
}

/** Whether the credentials hold what the mechanism needs (values are checked by {@link createMechanism}). */
function usable(name: string, creds: SaslCredentials): boolean {
  switch (name) {
    case "SCRAM-SHA-256":
    case "SCRAM-SHA-1":
    case "PLAIN":
      return has(creds.username) && has(creds.password);
    case "LOGIN":
      return has(creds.username) && has(creds.password) && !has(creds.authzid);
    case "OAUTHBEARER":
      return has(creds.oauthToken);
    case "XOAUTH2":
      return has(creds.oauthToken) && has(creds.username) && !has(creds.authzid);
    case "EXTERNAL":
      return !has(creds.password);
    default:
      return false;
  }
}

/**
 * Picks the mechanism to use, or `null` when none fits: `opts.prefer` if the server offers it and it
 * is usable, else the strongest usable one the server offers in the order SCRAM-SHA-256, SCRAM-SHA-1,
 * OAUTHBEARER, XOAUTH2, PLAIN, LOGIN. EXTERNAL is only chosen when preferred and no password is
 * given. Mechanisms that send a secret in clear are only chosen when the connection is `secure` or
 * `allowCleartextSecrets` is set (RFC 5804 §2.1: "PLAIN over TLS"). `-PLUS` (channel binding)
 * variants are not supported and never chosen.
 *
 * @param offered - the server's `SASL` capability, split on spaces
 * @param creds - the caller's credentials
 * @param opts - whether the connection is encrypted, whether cleartext secrets are allowed anyway,
 *   and a preferred mechanism
 */
export function chooseMechanism(
  offered: string[],
  creds: SaslCredentials,
  opts: { secure: boolean; allowCleartextSecrets: boolean; prefer?: string },
): string | null {
  const available = new Set(offered.map((m) => m.toUpperCase()));
  const allowed = (name: string): boolean =>
    available.has(name) && usable(name, creds) && (!CLEARTEXT.has(name) || opts.secure || opts.allowCleartextSecrets);
  const prefer = opts.prefer?.toUpperCase();
  if (prefer !== undefined && SUPPORTED_MECHANISMS.includes(prefer) && allowed(prefer)) return prefer;
  for (const name of ORDER) if (allowed(name)) return name;
  return null;
}
