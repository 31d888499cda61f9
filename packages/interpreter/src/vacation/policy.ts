/**
 * The site policy of the vacation action: response periods (RFC 5230 §4.1, RFC 6131 §2) and the
 * settings a server such as Pigeonhole exposes (`sieve_vacation_*`, `sieve_user_email`).
 *
 * @module
 */

/** Site settings of `vacation`. Every field is optional; see `DEFAULT_VACATION_POLICY` below. */
export interface VacationPolicy {
  /** Shortest period in seconds; a shorter `:days`/`:seconds` is raised to it (RFC 5230 §4.1). Default 86400 (1 day, Pigeonhole `sieve_vacation_min_period`). */
  minPeriod?: number;
  /** Period when neither `:days` nor `:seconds` is given. Default 604800 (7 days, RFC 5230 §4.1). */
  defaultPeriod?: number;
  /**
   * Longest period in seconds; a longer one is lowered to it (RFC 5230 §4.1). `Infinity` (the
   * default) means no maximum, as Pigeonhole's `sieve_vacation_max_period = 0`.
   */
  maxPeriod?: number;
  /** Addresses known to belong to the user (RFC 5230 §4.5 item 1; Pigeonhole `sieve_user_email`). Default none. */
  userAddresses?: readonly string[];
  /** Count the original recipient (ORCPT) as the user's too. Default false (Pigeonhole `sieve_vacation_use_original_recipient`). */
  useOriginalRecipient?: boolean;
  /** Require the user's address in To/Cc/Bcc/Resent-* (RFC 5230 §4.5). Default true (false = Pigeonhole `sieve_vacation_check_recipient = no`). */
  checkRecipient?: boolean;
  /** Send with the envelope recipient as MAIL FROM instead of `<>` (RFC 5230 §5.1 says SHOULD be `<>`). Default false. */
  sendFromRecipient?: boolean;
  /** Address the To header from the Sender/From header even when the envelope sender differs. Default false. */
  toHeaderIgnoreEnvelope?: boolean;
  /** Subject when there is no `:subject` and the message has none (RFC 5230 §5.3). Default "Automated reply". */
  defaultSubject?: string;
  /** The generated subject; `%{subject}` is the original one (RFC 5230 §5.3). Default "Auto: %{subject}". */
  defaultSubjectTemplate?: string;
}

/** The defaults of {@link VacationPolicy}. */
export const DEFAULT_VACATION_POLICY: Readonly<Required<VacationPolicy>> = Object.freeze({
  minPeriod: 86_400,
  defaultPeriod: 7 * 86_400,
  maxPeriod: Number.POSITIVE_INFINITY,
  userAddresses: [],
  useOriginalRecipient: false,
  checkRecipient: true,
  sendFromRecipient: false,
  toHeaderIgnoreEnvelope: false,
  defaultSubject: "Automated reply",
  defaultSubjectTemplate: "Auto: %{subject}",
});

/** Completes a policy; empty subject settings fall back to the defaults (as Pigeonhole's). */
export function resolvePolicy(policy: VacationPolicy | null | undefined): Required<VacationPolicy> {
  const out: Required<VacationPolicy> = { ...DEFAULT_VACATION_POLICY };
  if (policy == null) return out;
  for (const key of Object.keys(DEFAULT_VACATION_POLICY) as Array<keyof VacationPolicy>) {
    const v = policy[key];
    if (v === undefined) continue;
    if (typeof v === "string" && v === "") continue;
    (out as Record<string, unknown>)[key] = v;
  }
  return out;
}

/**
 * The response period in seconds (RFC 5230 §4.1, RFC 6131 §2): `:seconds`, or `:days` × 86400,
 * or the default; then raised to the minimum and lowered to the maximum. RFC 6131 §2 allows
 * `:seconds 0` ("respond every time") only where the site minimum is 0.
 *
 * @param requested - the `:days`/`:seconds` value in seconds, or null when neither was given
 */
export function resolvePeriod(requested: number | null, policy: Required<VacationPolicy>): number {
  // RFC 5230 §4.1: "the default value is either 7 or the minimum value, whichever is greater".
  let seconds = requested ?? Math.max(policy.defaultPeriod, policy.minPeriod);
  if (seconds < policy.minPeriod) seconds = policy.minPeriod;
  if (seconds > policy.maxPeriod) seconds = policy.maxPeriod;
  return seconds;
}
