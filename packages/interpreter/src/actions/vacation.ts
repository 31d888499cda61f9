/**
 * `vacation` (RFC 5230) with `:seconds` (RFC 6131): decides at run time whether a reply would
 * go out (vacation/rules.ts), composes it (vacation/compose.ts) and adds one `vacation` action
 * saying so. Nothing is sent: the host that executes the result sends `reply` to `envelope`
 * and records the handle for {@link Host.vacationReplied}.
 *
 * @module
 */
import type { Argument } from "@sieve-toolkit/parser";
import type { CommandCompiler } from "../arguments.ts";
import type { Host } from "../host.ts";
import { positionOf } from "../runtime.ts";
import { composeReply } from "../vacation/compose.ts";
import { resolvePeriod, resolvePolicy } from "../vacation/policy.ts";
import { decideVacation } from "../vacation/rules.ts";
import { addAction } from "./common.ts";

/** The text of a literal argument as written (before variable expansion), or null when absent. */
function literal(arg: Argument | null | undefined): string | null {
  if (arg == null) return null;
  if (arg.type === "String") return arg.value;
  if (arg.type === "Number") return String(arg.value);
  return null;
}

/**
 * The tracking handle when there is no `:handle` (RFC 5230 §4.2): the unexpanded `:subject`,
 * `:from`, `:mime` and reason ("MUST NOT have undergone variable expansion"), each as a counted
 * string so one value cannot pose as another (§4.2 implementation note).
 */
export function synthesizeHandle(subject: string | null, from: string | null, mime: boolean, reason: string): string {
  const counted = (s: string | null) => (s === null ? "-" : `${s.length}:${s}`);
  return `vacation:${counted(subject)}${counted(from)}${mime ? "M" : "T"}${counted(reason)}`;
}

/** 32-bit FNV-1a of a string's UTF-16 units, as 8 hex digits: a stable, dependency-free id part. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** The Message-ID of a reply: stable for one message, sender, handle and time, so tests can pin it. */
export function replyMessageId(parentId: string, sender: string, handle: string, date: Date, from: string): string {
  const at = from.lastIndexOf("@");
  const domain = at < 0 ? "localhost" : from.slice(at + 1).replace(/>$/, "");
  return `<sieve-vacation.${date.getTime().toString(36)}.${fnv1a(`${parentId}\0${sender}\0${handle}`)}@${domain}>`;
}

/** Compiles `vacation [:days n | :seconds n] [:subject] [:from] [:addresses] [:mime] [:handle] <reason>`. */
export const vacation: CommandCompiler = (node, args, cc) => {
  const reasonArg = args.positional[0];
  const reason = cc.template(reasonArg);
  const subjectArg = args.tags.get("subject");
  const fromArg = args.tags.get("from");
  const handleArg = args.tags.get("handle");
  const subject = args.tags.has("subject") ? cc.template(subjectArg) : null;
  const from = args.tags.has("from") ? cc.template(fromArg) : null;
  const handle = args.tags.has("handle") ? cc.template(handleArg) : null;
  const addresses = cc.templates(args.tags.get("addresses"));
  const mime = args.tags.has("mime");
  // :days and :seconds are one group (RFC 6131 §2): at most one is present.
  const days = args.tags.get("days");
  const secs = args.tags.get("seconds");
  const requested = days?.type === "Number" ? days.value * 86_400 : secs?.type === "Number" ? secs.value : null;
  const synthesized = synthesizeHandle(literal(subjectArg), literal(fromArg), mime, literal(reasonArg) ?? "");
  const where = { name: "vacation", ...positionOf(node) };
  return {
    ...where,
    exec(rt) {
      const host: Host = rt.host;
      const policy = resolvePolicy(host.vacationPolicy?.());
      const seconds = resolvePeriod(requested, policy);
      const h = handle === null ? synthesized : rt.expand(handle);
      const sender = rt.envelope.from === null || rt.envelope.from === "" ? null : rt.envelope.from;
      const expanded = {
        reason: rt.expand(reason),
        subject: subject === null ? null : rt.expand(subject),
        from: from === null ? null : rt.expand(from),
        addresses: rt.expandAll(addresses),
      };
      const decision = decideVacation({
        sender,
        recipient: rt.envelope.to,
        originalRecipient: rt.envelope.originalTo ?? null,
        addresses: expanded.addresses,
        message: rt.message,
        policy,
        alreadyReplied: () => sender !== null && (host.vacationReplied?.(h, sender, seconds) ?? false),
      });
      if (decision.suppressed !== null || sender === null || decision.replyFrom === null) {
        addAction(
          rt,
          {
            type: "vacation",
            to: sender,
            from: null,
            subject: null,
            reason: expanded.reason,
            handle: h,
            seconds,
            mime,
            addresses: expanded.addresses,
            send: false,
            suppressed: decision.suppressed ?? "no-sender",
            reply: null,
            envelope: null,
          },
          where,
        );
        return "next";
      }
      const date = host.now?.() ?? new Date();
      const parent = rt.message.header("message-id", { raw: true })[0] ?? "";
      const reply = composeReply({
        message: rt.message,
        sender,
        recipient: rt.envelope.to,
        replyFrom: decision.replyFrom,
        from: expanded.from,
        subject: expanded.subject,
        reason: expanded.reason,
        mime,
        policy,
        date,
        messageId: replyMessageId(parent, sender, h, date, decision.replyFrom),
      });
      addAction(
        rt,
        {
          type: "vacation",
          to: sender,
          from: reply.from,
          subject: reply.subject,
          reason: expanded.reason,
          handle: h,
          seconds,
          mime,
          addresses: expanded.addresses,
          send: true,
          suppressed: null,
          reply: reply.text,
          envelope: reply.envelope,
        },
        where,
      );
      return "next";
    },
  };
};
