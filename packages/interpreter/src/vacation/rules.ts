/**
 * Whether a vacation reply goes out (RFC 5230 §4.2, §4.5, §4.6; RFC 3834 §2), checked in the
 * order Pigeonhole's `act_vacation_commit` checks them, so the first reason reported is the
 * one a Dovecot server would log.
 *
 * @module
 */
import { parseAddressList } from "../message/address.ts";
import type { MessageView } from "../message/view.ts";
import type { VacationPolicy } from "./policy.ts";

/**
 * Why no reply is sent:
 * - `no-sender`: null reverse-path (RFC 5230 §4.2 replies go to MAIL FROM; RFC 3834 §2: never to `<>`);
 * - `own-address`: the sender is the recipient or one of the user's addresses;
 * - `already-replied`: this handle already answered this sender within the period (RFC 5230 §4.2);
 * - `list`: a List-* header (RFC 5230 §4.6; RFC 2919, RFC 2369);
 * - `auto-submitted`: Auto-Submitted other than "no" (RFC 5230 §4.6; RFC 3834 §5);
 * - `precedence`: Precedence bulk, list or junk (RFC 3834 §3.1.8);
 * - `auto-response-suppress`: X-Auto-Response-Suppress All or OOF (Microsoft's header);
 * - `system-address`: MAILER-DAEMON, LISTSERV, majordomo, owner-*, *-request (RFC 5230 §4.6);
 * - `not-addressed-to-me`: none of the user's addresses in To/Cc/Bcc/Resent-* (RFC 5230 §4.5).
 */
export type VacationSuppression =
  | "no-sender"
  | "own-address"
  | "already-replied"
  | "list"
  | "auto-submitted"
  | "precedence"
  | "auto-response-suppress"
  | "system-address"
  | "not-addressed-to-me";

/** What the rules read. */
export interface VacationInput {
  /** The envelope sender (MAIL FROM); null or "" is the null sender. */
  sender: string | null;
  /** The final envelope recipient. */
  recipient: string;
  /** The original recipient (ORCPT), when known. */
  originalRecipient: string | null;
  /** The `:addresses` values, expanded. */
  addresses: readonly string[];
  message: MessageView;
  policy: Required<VacationPolicy>;
  /** Has this response already gone to `sender` within the period (host-tracked)? */
  alreadyReplied: () => boolean;
}

/** The decision: `suppressed` null means send; `replyFrom` is the user's address the message was sent to. */
export interface VacationDecision {
  suppressed: VacationSuppression | null;
  replyFrom: string | null;
}

// RFC 5230 §4.6: "List-Id" [RFC2919] and the RFC 2369 fields.
const LIST_HEADERS = [
  "list-id",
  "list-owner",
  "list-subscribe",
  "list-post",
  "list-unsubscribe",
  "list-help",
  "list-archive",
];
// RFC 5230 §4.5: where the user's address must appear.
const MY_ADDRESS_HEADERS = ["to", "cc", "bcc", "resent-to", "resent-cc", "resent-bcc"];

/** The addr-spec of an address string (`Name <a@b>` or `a@b`), or null when it is not one. */
export function addrSpec(value: string): string | null {
  const list = parseAddressList(value);
  const a = list[0];
  if (list.length !== 1 || a === undefined || !a.valid || a.localPart === "") return null;
  return a.domain === null ? null : `${a.localPart}@${a.domain}`;
}

/**
 * Addresses compare case-insensitively as a whole, as Pigeonhole's `smtp_address_equals_icase`
 * (message.svtest "Reply for :addresses (case sensitivity)"): local parts are case-sensitive in
 * theory (RFC 5321 §2.4) but never in practice for one user's aliases.
 */
export function sameAddressIcase(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** RFC 5230 §4.6: addresses "used only by automated systems" (Pigeonhole's `_is_system_address`). */
export function isSystemAddress(address: string): boolean {
  const at = address.lastIndexOf("@");
  const local = (at < 0 ? address : address.slice(0, at)).toLowerCase();
  return (
    local === "mailer-daemon" ||
    local === "listserv" ||
    local === "majordomo" ||
    local.includes("-request") ||
    local.startsWith("owner-")
  );
}

/** Does any address of these header values equal `me`? */
function listed(values: readonly string[], me: string): boolean {
  for (const v of values) {
    for (const a of parseAddressList(v)) {
      if (a.valid && a.domain !== null && sameAddressIcase(`${a.localPart}@${a.domain}`, me)) return true;
    }
  }
  return false;
}

/** Applies the rules; the first that refuses wins. */
export function decideVacation(input: VacationInput): VacationDecision {
  const { message, policy } = input;
  const no = (suppressed: VacationSuppression): VacationDecision => ({ suppressed, replyFrom: null });
  const sender = input.sender === null || input.sender === "" ? null : input.sender;
  if (sender === null) return no("no-sender");

  const script = input.addresses.map(addrSpec).filter((a): a is string => a !== null);
  const users = policy.userAddresses.map(addrSpec).filter((a): a is string => a !== null);
  const mine = [...script, ...users];
  // RFC 3834 §2: never answer oneself (it could loop between two of the user's own responders).
  if (sameAddressIcase(sender, input.recipient) || mine.some((m) => sameAddressIcase(sender, m))) {
    return no("own-address");
  }
  if (input.alreadyReplied()) return no("already-replied");
  if (LIST_HEADERS.some((h) => message.header(h).length > 0)) return no("list");
  // RFC 3834 §5: any Auto-Submitted value but "no" marks an automatic message.
  if (message.header("auto-submitted").some((v) => v.trim().toLowerCase() !== "no")) return no("auto-submitted");
  if (message.header("precedence").some((v) => ["junk", "bulk", "list"].includes(v.trim().toLowerCase()))) {
    return no("precedence");
  }
  const suppress = message
    .header("x-auto-response-suppress")
    .flatMap((v) => v.split(","))
    .map((v) => v.trim().toLowerCase());
  if (suppress.includes("all") || suppress.includes("oof")) return no("auto-response-suppress");
  if (isSystemAddress(sender)) return no("system-address");

  if (!policy.checkRecipient) return { suppressed: null, replyFrom: users[0] ?? input.recipient };
  // Candidates in Pigeonhole's order: final recipient, original recipient, the configured user
  // address, then :addresses; headers in RFC 5230 §4.5's order, first hit wins.
  const candidates: string[] = [];
  if (input.recipient !== "") candidates.push(input.recipient);
  if (policy.useOriginalRecipient && input.originalRecipient) candidates.push(input.originalRecipient);
  candidates.push(...users, ...script);
  for (const h of MY_ADDRESS_HEADERS) {
    const values = message.header(h, { raw: true });
    if (values.length === 0) continue;
    const hit = candidates.find((c) => listed(values, c));
    if (hit !== undefined) return { suppressed: null, replyFrom: hit };
  }
  return no("not-addressed-to-me");
}
