/**
 * The host interface: every question only the mail system can answer. The runtime does no I/O;
 * a dry run is a host that answers from options ({@link dryRun}).
 *
 * @module
 */

import type { VacationPolicy } from "./vacation/policy.ts";

export type { VacationPolicy } from "./vacation/policy.ts";

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
  /**
   * Is `value` a member of the external list `list` (RFC 6134 §2.3, the `:list` match type)?
   * `list` is the full URN: the `:addrbook:default` shorthand arrives as
   * `urn:ietf:params:sieve:addrbook:default` (see {@link normalizeListName}). Default: no member.
   */
  listContains?(list: string, value: string): boolean;
  /** Does the external list `list` (full URN, as above) exist (RFC 6134 §2.4, `valid_ext_list`)? Default: no. */
  listExists?(list: string): boolean;
  /**
   * A Pigeonhole-style extension setting by its name (`sieve_spamtest_status_header`,
   * `sieve_editheader_max_header_size`, …; names and meanings of conformance README §3.3, 2.4
   * or 0.5 spelling), or null when unset. Read at each use, so a host may change them between
   * runs. Default: every setting unset (spamtest and virustest then answer "0", RFC 5235
   * §3.2.1 "not tested"; editheader protects only what RFC 5293 §6 requires).
   */
  setting?(name: string): string | null;
  /**
   * Did the response `handle` already go to `sender` within the last `seconds` (RFC 5230 §4.2)?
   * The host records a reply when it sends one; default: never.
   */
  vacationReplied?(handle: string, sender: string, seconds: number): boolean;
  /** The site's vacation settings: periods, the user's addresses, … Default: `DEFAULT_VACATION_POLICY`. */
  vacationPolicy?(): VacationPolicy;
}

/** The URN prefix the `:` shorthand of an external list name stands for (RFC 6134 §2.1). */
export const SIEVE_URN_PREFIX = "urn:ietf:params:sieve";

/** A list name with the RFC 6134 §2.1 shorthand expanded: `:addrbook:default` → `urn:ietf:params:sieve:addrbook:default`. */
export function normalizeListName(name: string): string {
  return name.startsWith(":") ? `${SIEVE_URN_PREFIX}${name}` : name;
}

/**
 * `host` with `settings` (Pigeonhole names, case-insensitive) answering {@link Host.setting}
 * first; unset names fall through to the host's own.
 */
export function withSettings(host: Host, settings: Readonly<Record<string, string>>): Host {
  const own = new Map(Object.entries(settings).map(([k, v]) => [k.toLowerCase(), v]));
  const setting = (name: string): string | null => own.get(name.toLowerCase()) ?? host.setting?.(name) ?? null;
  // A proxy, not a spread: a host may be a class instance whose methods live on its prototype
  // and use private fields, so they must run with the host itself as `this`.
  return new Proxy(host, {
    get(target, prop) {
      if (prop === "setting") return setting;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
    has: (target, prop) => prop === "setting" || Reflect.has(target, prop),
  });
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
  /**
   * External lists (RFC 6134) by name (full URN or `:` shorthand) with their members; members
   * compare ASCII case-insensitively (addresses, RFC 5321 §2.4, in practice).
   */
  lists?: Record<string, string[]>;
  /**
   * Extension settings under Pigeonhole's names (see {@link Host.setting}), e.g.
   * `{ sieve_spamtest_status_header: "X-Spam-Score: ([-0-9.]+)", sieve_spamtest_max_value: "10" }`;
   * `spamtestSettings()` and `virustestSettings()` build the spamtest and virustest ones from
   * typed options. Names are case-insensitive. Default: none.
   */
  settings?: Readonly<Record<string, string>>;
  /** Vacation settings: min/default/max period (default 1 day / 7 days / none), the user's addresses, … */
  vacation?: VacationPolicy;
  /** Vacation replies already sent: `sender`, and `handle` (absent: any response). Default none. */
  vacationReplied?: Array<{ sender: string; handle?: string }>;
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
  const settings = new Map(Object.entries(options.settings ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const lists = new Map<string, Set<string>>();
  for (const [name, members] of Object.entries(options.lists ?? {}))
    lists.set(normalizeListName(name), new Set(members.map((m) => m.toLowerCase())));
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
    vacationReplied: (handle, sender) =>
      (options.vacationReplied ?? []).some(
        (r) => r.sender.toLowerCase() === sender.toLowerCase() && (r.handle === undefined || r.handle === handle),
      ),
    vacationPolicy: () => options.vacation ?? {},
    listContains: (list, value) => lists.get(list)?.has(value.toLowerCase()) ?? false,
    listExists: (list) => lists.has(list),
    setting: (name) => settings.get(name.toLowerCase()) ?? null,
    ...(options.zone === undefined ? {} : { localZone: () => options.zone as string }),
  };
}
