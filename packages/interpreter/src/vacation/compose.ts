/**
 * The vacation reply message (RFC 5230 §5) and its SMTP envelope (§5.1): headers in the order
 * Pigeonhole writes them, CRLF line ends (RFC 5322 §2.1), non-ASCII header text as RFC 2047
 * encoded words (§4.3).
 *
 * @module
 */
import { parseAddressList } from "../message/address.ts";
import type { MessageView } from "../message/view.ts";
import { encodePhrase, encodeUnstructured, foldHeader, formatMailbox, hasNonAscii } from "./encode.ts";
import type { VacationPolicy } from "./policy.ts";
import { sameAddressIcase } from "./rules.ts";

/** Longest generated subject in characters; longer ones end in "…" (Pigeonhole's limit, message.svtest "Extremely long subject"). */
export const MAX_GENERATED_SUBJECT = 256;

/** What the reply is made of. */
export interface ReplyInput {
  message: MessageView;
  /** The envelope sender of the message: the reply's recipient (RFC 5230 §4). */
  sender: string;
  /** The final envelope recipient (MAIL FROM of the reply with `sendFromRecipient`). */
  recipient: string;
  /** The user's address the message was sent to (From when there is no `:from`, §5.4). */
  replyFrom: string;
  /** `:from`, expanded, or null. */
  from: string | null;
  /** `:subject`, expanded, or null. */
  subject: string | null;
  reason: string;
  mime: boolean;
  policy: Required<VacationPolicy>;
  /** The Date of the reply (§5.2). */
  date: Date;
  /** The Message-ID of the reply, with its angle brackets. */
  messageId: string;
}

/** The composed reply. */
export interface Reply {
  /** The whole message, CRLF line ends. */
  text: string;
  /** The decoded Subject it carries. */
  subject: string;
  /** The From it carries (decoded form, as given or `<addr>`). */
  from: string;
  /** SMTP envelope: MAIL FROM null (`<>`, §5.1) unless the policy says otherwise; RCPT TO the sender. */
  envelope: { from: string | null; to: string };
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** An RFC 5322 §3.3 date-time in UTC, e.g. `Sun, 22 Nov 2026 04:13:08 +0000`. */
export function formatDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return (
    `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
  );
}

/** Cuts `s` to `max` characters (code points), the last one an ellipsis. */
function truncate(s: string, max: number): string {
  const cps = [...s];
  return cps.length <= max ? s : `${cps.slice(0, max - 1).join("")}\u2026`;
}

/**
 * The Subject (RFC 5230 §5.3): `:subject` when given and not empty; else the policy's template
 * ("Auto: %{subject}") around the original subject, cut to {@link MAX_GENERATED_SUBJECT}; else,
 * without an original subject, the fixed default ("Automated reply").
 */
export function replySubject(message: MessageView, subject: string | null, policy: Required<VacationPolicy>): string {
  if (subject !== null && subject !== "") return subject;
  const original = message.header("subject")[0];
  if (original === undefined) return policy.defaultSubject;
  const generated = policy.defaultSubjectTemplate.split("%{subject}").join(original);
  return truncate(generated, MAX_GENERATED_SUBJECT);
}

/**
 * The To header (RFC 5230 §5.5): the sender's mailbox as the message wrote it (display name
 * kept) when a From/Sender/Resent-From/Resent-Sender field holds the envelope sender, else
 * `<sender>`. With `toHeaderIgnoreEnvelope`, the Sender (else From) field as written.
 */
export function replyTo(message: MessageView, sender: string, ignoreEnvelope: boolean): string {
  const fields = ignoreEnvelope ? ["sender", "from"] : ["from", "sender", "resent-from", "resent-sender"];
  for (const f of fields) {
    for (const a of message.addresses(f)) {
      if (!a.valid || a.domain === null) continue;
      const addr = `${a.localPart}@${a.domain}`;
      if (ignoreEnvelope || sameAddressIcase(addr, sender)) return formatMailbox(a.display, addr);
    }
  }
  return `<${sender}>`;
}

/**
 * The From header (§5.4): `:from` as written when it is ASCII, its display name encoded when
 * not (RFC 2047 §5 (3)); an empty or unparsable `:from` is ignored (RFC 5230 §4.3 suggests
 * ignoring values that fail a validity check); else `<replyFrom>`.
 */
export function replyFromHeader(from: string | null, replyFrom: string): string {
  if (from !== null && from.trim() !== "") {
    const list = parseAddressList(from);
    const a = list[0];
    if (list.length === 1 && a !== undefined && a.valid && a.domain !== null) {
      if (!hasNonAscii(from)) return from.trim();
      return a.display === null
        ? `<${a.localPart}@${a.domain}>`
        : `${encodePhrase(a.display)} <${a.localPart}@${a.domain}>`;
    }
  }
  return `<${replyFrom}>`;
}

/** The first msg-id of a Message-ID/In-Reply-To value (RFC 5322 §3.6.4), or the trimmed value. */
function msgId(value: string): string {
  const m = /<[^<>]*>/.exec(value);
  return m ? m[0] : value.trim();
}

/** LF or CR alone becomes CRLF (RFC 5322 §2.3). */
function crlf(s: string): string {
  return s.replace(/\r\n|\r|\n/g, "\r\n");
}

/**
 * Composes the reply. In-Reply-To and References follow RFC 5230 §5.8 and RFC 5322 §3.6.4:
 * References is the parent's References (or, without one, its In-Reply-To) plus its
 * Message-ID; both are left out when the message has no Message-ID.
 */
export function composeReply(input: ReplyInput): Reply {
  const { message, policy } = input;
  const subject = replySubject(message, input.subject, policy);
  const from = replyFromHeader(input.from, input.replyFrom);
  const lines: string[] = [
    `Message-ID: ${input.messageId}`,
    `Date: ${formatDate(input.date)}`,
    foldHeader("From", from),
    foldHeader("To", replyTo(message, input.sender, policy.toHeaderIgnoreEnvelope)),
    foldHeader("Subject", encodeUnstructured(subject)),
  ];
  const parentId = message.header("message-id", { raw: true })[0];
  if (parentId !== undefined && parentId !== "") {
    const id = msgId(parentId);
    lines.push(foldHeader("In-Reply-To", id));
    const refs = message.header("references", { raw: true })[0] ?? message.header("in-reply-to", { raw: true })[0];
    const chain = refs === undefined ? [] : (refs.match(/<[^<>]*>/g) ?? []);
    lines.push(foldHeader("References", [...chain, id].join(" ")));
  }
  // RFC 5230 §5.6 / RFC 3834 §5.1; Precedence and X-Auto-Response-Suppress keep other
  // responders (and older Microsoft ones) from answering the answer.
  lines.push("Auto-Submitted: auto-replied", "Precedence: bulk", "X-Auto-Response-Suppress: All", "MIME-Version: 1.0");
  let text: string;
  if (input.mime) {
    // RFC 5230 §4.4: the reason is a whole MIME entity, its own headers included.
    text = `${lines.join("\r\n")}\r\n${crlf(input.reason)}\r\n`;
  } else {
    lines.push("Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit");
    text = `${lines.join("\r\n")}\r\n\r\n${crlf(input.reason)}\r\n`;
  }
  return {
    text,
    subject,
    from,
    envelope: { from: policy.sendFromRecipient ? input.recipient : null, to: input.sender },
  };
}
