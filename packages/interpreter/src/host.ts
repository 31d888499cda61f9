/**
 * The host interface: every question only the mail system can answer. The runtime does no I/O;
 * a dry run is a host that answers from options ({@link dryRun}).
 *
 * @module
 */

/** Where an included script lives (RFC 6609 §3.2). */
export type IncludeLocation = "personal" | "global";

/**
 * Answers the runtime asks. Every method is optional; a missing one gets the answer of an
 * empty mail store (no mailboxes but INBOX, no metadata, nothing seen, nothing to include).
 */
export interface Host {
  /** Does this mailbox exist (RFC 5490 §3.1)? */
  mailboxExists?(name: string): boolean;
  /** Does `mailbox` (null: any mailbox) carry every one of these special-use flags (RFC 8579 §4)? */
  specialUseExists?(mailbox: string | null, flags: string[]): boolean;
  /** A metadata entry of `mailbox`, or of the server when null (RFC 5490 §3.2, §3.4). */
  metadata?(mailbox: string | null, entry: string): string | null;
  /** The text of an included script, or null when there is none (RFC 6609 §3.2). */
  include?(location: IncludeLocation, name: string): string | Uint8Array | null;
  /** Was this id seen before (RFC 7352 §3)? `handle` is the `:handle` argument, "" when absent. */
  duplicateSeen?(id: string, handle?: string): boolean;
  /** An environment item (RFC 5183 §4), or null when unknown. */
  environment?(name: string): string | null;
  /** The current time for `currentdate` (RFC 5260 §5). Default: the clock. */
  now?(): Date;
  /** The local time zone as `+hhmm`/`-hhmm` for `date` without `:zone` (RFC 5260 §4.3). Default: the process's. */
  localZone?(): string;
}

/** Options of {@link dryRun}. */
export interface DryRunOptions {
  /** Mailboxes that exist; INBOX always does. */
  mailboxes?: string[];
  /** Special-use flags per mailbox (`{"Junk": ["\\Junk"]}`). */
  specialUse?: Record<string, string[]>;
  /** Included scripts by location and name. */
  includes?: { personal?: Record<string, string>; global?: Record<string, string> };
  /** Duplicate ids already seen. */
  duplicates?: string[];
  /** Environment items; defaults: `name` "sieve-toolkit", `location` "MDA", `phase` "during". */
  env?: Record<string, string>;
  /** Mailbox metadata: `{ "INBOX": { "/private/comment": "x" } }`; key "" is server metadata. */
  metadata?: Record<string, Record<string, string>>;
  /** The fixed "now" of `currentdate`. Default: the clock at each call. */
  now?: Date;
  /** The local zone (`+hhmm`). Default: the process's offset. */
  zone?: string;
}

/** Environment items every dry run answers (RFC 5183 §4.1). */
export const DEFAULT_ENVIRONMENT: Readonly<Record<string, string>> = Object.freeze({
  name: "sieve-toolkit",
  location: "MDA",
  phase: "during",
  version: "0.1.0",
});

/** A host that answers from `options` only: nothing is read, nothing is written. */
export function dryRun(options: DryRunOptions = {}): Host {
  const boxes = new Set(["INBOX", ...(options.mailboxes ?? [])]);
  const seen = new Set(options.duplicates ?? []);
  const env: Record<string, string> = { ...DEFAULT_ENVIRONMENT, ...(options.env ?? {}) };
  // RFC 3501 §5.1: INBOX is case-insensitive.
  const exists = (name: string) => boxes.has(name) || name.toUpperCase() === "INBOX";
  return {
    mailboxExists: exists,
    specialUseExists(mailbox, flags) {
      const su = options.specialUse ?? {};
      const has = (box: string) => {
        const own = (su[box] ?? []).map((f) => f.toLowerCase());
        return flags.every((f) => own.includes(f.toLowerCase()));
      };
      return mailbox === null ? Object.keys(su).some(has) : has(mailbox);
    },
    metadata(mailbox, entry) {
      const table = options.metadata?.[mailbox ?? ""];
      return table && Object.hasOwn(table, entry) ? (table[entry] ?? null) : null;
    },
    include(location, name) {
      const table = options.includes?.[location];
      return table && Object.hasOwn(table, name) ? (table[name] ?? null) : null;
    },
    duplicateSeen: (id) => seen.has(id),
    environment: (name) => (Object.hasOwn(env, name) ? (env[name] ?? null) : null),
    now: () => options.now ?? new Date(),
    ...(options.zone === undefined ? {} : { localZone: () => options.zone as string }),
  };
}
