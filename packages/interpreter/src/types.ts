/**
 * The public data shapes of a run: envelope, limits, options, actions (the `sievectl test
 * --json` shapes of CLI.md) and the result.
 *
 * @module
 */
import type { TraceEvent, TraceLevel } from "./trace.ts";

/**
 * The SMTP envelope of the delivery (RFC 5228 §5.4). `from: null` (or `""`) is the null
 * reverse-path `<>`.
 */
export interface Envelope {
  /** MAIL FROM; null or "" for the null sender. */
  from: string | null;
  /** RCPT TO: the final recipient. */
  to: string;
  /** The original recipient (ORCPT), when known; `envelope "orig_to"` falls back to `to`. */
  originalTo?: string;
  /** The authenticated submitter (`envelope "auth"`), when known. */
  auth?: string;
}

/**
 * Bounds of one run (ARCHITECTURE.md rule 3). `0` means "none allowed", `Infinity` "no
 * limit"; anything but a non-negative integer or Infinity throws `TypeError`.
 */
export interface RunLimits {
  /** Actions in one result, duplicates not counted. Default 32 (Pigeonhole `sieve_max_actions`). */
  maxActions?: number;
  /** Redirects in one result. Default 4 (Pigeonhole `sieve_max_redirects`). */
  maxRedirects?: number;
  /** Commands and tests evaluated. Default 1,000,000 (stands in for Pigeonhole's CPU-time limit). */
  maxSteps?: number;
  /** Bytes of one variable value; longer values are cut on a UTF-8 boundary (RFC 5229 §6). Default 4096. */
  maxVariableSize?: number;
  /** Scripts included in one run. Default 255. */
  maxIncludes?: number;
  /** Nesting of `include`. Default 10. */
  maxIncludeDepth?: number;
  /**
   * `notify` actions in one result (RFC 5435 §8: administrators MUST be able to limit them). Default 10
   * (Pigeonhole `sieve_notify_max_notifications`); `0` prohibits `notify`: a script using it
   * does not compile.
   */
  maxNotifications?: number;
}

/** The defaults of {@link RunLimits}. */
export const DEFAULT_RUN_LIMITS: Readonly<Required<RunLimits>> = Object.freeze({
  maxActions: 32,
  maxRedirects: 4,
  maxSteps: 1_000_000,
  maxVariableSize: 4096,
  maxIncludes: 255,
  maxIncludeDepth: 10,
  maxNotifications: 10,
});

/**
 * Checks and completes limits.
 *
 * @throws TypeError when a value is not a non-negative integer or Infinity.
 */
export function resolveLimits(...layers: Array<RunLimits | undefined>): Required<RunLimits> {
  const out: Required<RunLimits> = { ...DEFAULT_RUN_LIMITS };
  for (const layer of layers) {
    if (layer === undefined) continue;
    for (const key of Object.keys(DEFAULT_RUN_LIMITS) as Array<keyof RunLimits>) {
      const v = layer[key];
      if (v === undefined) continue;
      if (typeof v !== "number" || !(v === Number.POSITIVE_INFINITY || (Number.isInteger(v) && v >= 0))) {
        throw new TypeError(`limit ${key} must be a non-negative integer or Infinity, got ${String(v)}`);
      }
      out[key] = v;
    }
  }
  return out;
}

/** Options of `run()`. */
export interface RunOptions {
  /** Overrides the program's limits for this run. */
  limits?: RunLimits;
  /** How much to record in `RunResult.trace`. Default `"none"`. */
  trace?: TraceLevel;
  /** The mailbox `keep` stores into. Default `INBOX`. */
  defaultMailbox?: string;
  /**
   * Extension settings under Pigeonhole's names (`sieve_spamtest_status_header`, …; see
   * `Host.setting`) for this run; they take precedence over the host's. Default: the host's.
   */
  settings?: Readonly<Record<string, string>>;
}

/** `keep`, explicit or implicit (RFC 5228 §4.3, §2.10.2); `flags` from imap4flags (RFC 5232 §5). */
export interface KeepAction {
  type: "keep";
  implicit: boolean;
  flags: string[];
}

/** `fileinto` (RFC 5228 §4.1) with :copy (RFC 3894), :flags, :create (RFC 5490), :specialuse (RFC 8579), :mailboxid (RFC 9042). */
export interface FileintoAction {
  type: "fileinto";
  mailbox: string;
  flags: string[];
  copy: boolean;
  create: boolean;
  specialUse: string | null;
  mailboxId: string | null;
}

/** `redirect` (RFC 5228 §4.2) with :copy; `address` is the normalised addr-spec. */
export interface RedirectAction {
  type: "redirect";
  address: string;
  copy: boolean;
  /** The extlists list (RFC 6134 §2.3), or null. */
  list: string | null;
}

/** `discard` (RFC 5228 §4.4). */
export interface DiscardAction {
  type: "discard";
}

/** `reject` / `ereject` (RFC 5429). */
export interface RejectAction {
  type: "reject";
  reason: string;
  extended: boolean;
}

/** `notify` (RFC 5435). */
export interface NotifyAction {
  type: "notify";
  method: string;
  from: string | null;
  importance: number;
  options: string[];
  message: string | null;
}

/**
 * `vacation` (RFC 5230, RFC 6131), as CLI.md lists it. The action never cancels the implicit
 * keep (RFC 5230 §4.7).
 */
export interface VacationAction {
  type: "vacation";
  /** The reply's recipient: the envelope sender (RFC 5230 §4); null for the null sender. */
  to: string | null;
  /** The From of the reply (`:from`, else `<the user's address>`); null when no reply is composed. */
  from: string | null;
  /** The Subject of the reply (decoded; RFC 5230 §5.3 default `Auto: <subject>`); null when no reply is composed. */
  subject: string | null;
  /** The reason (body, or MIME entity with `mime`), expanded. */
  reason: string;
  /**
   * The tracking handle (RFC 5230 §4.2): `:handle`, else one synthesized from the unexpanded
   * `:subject`, `:from`, `:mime` and reason as counted strings (§4.2 implementation note).
   */
  handle: string | null;
  /** The response period in seconds after the site's minimum/maximum (RFC 5230 §4.1, RFC 6131 §2). */
  seconds: number;
  mime: boolean;
  /** `:addresses`, expanded. */
  addresses: string[];
  /** Would a reply really go out? */
  send: boolean;
  /**
   * Why not, when `send` is false: `no-sender`, `own-address`, `already-replied`, `list`,
   * `auto-submitted`, `precedence`, `auto-response-suppress`, `system-address`,
   * `not-addressed-to-me` (see `VacationSuppression`); null when `send`.
   */
  suppressed: string | null;
  /** The composed reply (CRLF line ends) when `send`, else null. */
  reply: string | null;
  /** The reply's SMTP envelope when `send`: MAIL FROM null (`<>`, RFC 5230 §5.1), RCPT TO the sender. */
  envelope?: { from: string | null; to: string } | null;
}

/** `pipe` (vnd.dovecot.pipe): produced by its hook. */
export interface PipeAction {
  type: "pipe";
  program: string;
  args: string[];
  copy: boolean;
  try: boolean;
}

/** `report` (vnd.dovecot.report): produced by its hook. */
export interface ReportAction {
  type: "report";
  feedbackType: string;
  address: string;
  message: string;
}

/** Every action a run can produce, as `sievectl test --json` prints it (CLI.md). */
export type Action =
  | KeepAction
  | FileintoAction
  | RedirectAction
  | DiscardAction
  | RejectAction
  | NotifyAction
  | VacationAction
  | PipeAction
  | ReportAction;

/** One runtime error: 1-based position of the command or test that failed. */
export interface RunError {
  line: number;
  column: number;
  message: string;
  code: string;
}

/** What `run()` returns. */
export interface RunResult {
  /** `runtime-error` when the run failed; `actions` then holds the fallback (implicit keep). */
  status: "ok" | "runtime-error";
  /** Actions in the order they were added; the implicit keep, when it applies, last. */
  actions: Action[];
  /** True when the implicit keep applies (RFC 5228 §2.10.2). */
  implicitKeep: boolean;
  errors: RunError[];
  /** Errors that did not end the run (e.g. a `:regex` built at run time that does not compile). */
  warnings: RunError[];
  trace: TraceEvent[];
  /**
   * editheader effects (RFC 5293): fields added and still present as `[name, value]` in the
   * order added, original fields deleted as `[name, count]` (see `HeaderEdits`). Empty on a
   * runtime error: the implicit keep then files the original message (RFC 5293 §7).
   */
  headers: { added: [string, string][]; deleted: [string, number][] };
}
