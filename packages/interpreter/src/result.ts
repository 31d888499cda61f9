/**
 * The result of one run, and the only place that decides implicit keep, cancellation,
 * duplicate merging and conflicts (ARCHITECTURE.md, "How data flows" 4).
 *
 * Rules (RFC 5228 §2.10.1-§2.10.3, with Pigeonhole's choices, conformance README §2.7):
 * - `keep` is a store into the default mailbox; a store to a mailbox already stored to adds
 *   nothing (its flags replace the old ones); a `keep` after `fileinto "INBOX"` turns that
 *   entry into the keep (execute/actions.svtest, multiscript/conflicts.svtest);
 * - a `redirect` to an address that normalises equal to an earlier one adds nothing;
 * - `reject` conflicts with any action that delivers (keep, fileinto, redirect) and with a
 *   second reject (RFC 5429 §2.1; execute/errors.svtest);
 * - `vacation` conflicts with `reject`/`ereject` and with a second vacation (RFC 5230 §4.7);
 * - `maxActions` counts distinct actions, `maxRedirects` distinct redirects.
 *
 * @module
 */
import { SieveRuntimeError } from "./errors.ts";
import type { Action, FileintoAction, KeepAction } from "./types.ts";

interface Entry {
  action: Action;
  line: number;
  column: number;
}

type Store = KeepAction | FileintoAction;

/** A position in the script, for error messages. */
export interface At {
  line: number;
  column: number;
}

/** Does this action deliver the message somewhere (Pigeonhole `SIEVE_ACTFLAG_TRIES_DELIVER`)? */
function delivers(a: Action): boolean {
  return a.type === "keep" || a.type === "fileinto" || a.type === "redirect" || (a.type === "pipe" && !a.copy);
}

/** Does this action cancel the implicit keep (RFC 5228 §2.10.2; RFC 3894 §3 for :copy)? */
export function cancelsImplicitKeep(a: Action): boolean {
  switch (a.type) {
    case "keep":
    case "discard":
    case "reject":
      return true;
    case "fileinto":
    case "redirect":
    case "pipe":
      return !a.copy;
    default:
      return false;
  }
}

/** Mailbox names compare exactly, but INBOX in any case is INBOX (RFC 3501 §5.1). */
function sameMailbox(a: string, b: string): boolean {
  return a === b || (a.toUpperCase() === "INBOX" && b.toUpperCase() === "INBOX");
}

/**
 * An addr-spec compares with its domain case-insensitive and its local part exact
 * (RFC 5321 §2.4), as Pigeonhole's `smtp_address_equals`.
 */
function sameAddress(a: string, b: string): boolean {
  const ia = a.lastIndexOf("@");
  const ib = b.lastIndexOf("@");
  if (ia < 0 || ib < 0) return a === b;
  return a.slice(0, ia) === b.slice(0, ib) && a.slice(ia + 1).toLowerCase() === b.slice(ib + 1).toLowerCase();
}

/** The action list of one run. Single-use. */
export class Result {
  readonly #entries: Entry[] = [];
  readonly #maxActions: number;
  readonly #maxRedirects: number;
  readonly #defaultMailbox: string;

  /**
   * @param limits - `maxActions`, `maxRedirects`
   * @param defaultMailbox - where `keep` stores (default `INBOX`)
   */
  constructor(limits: { maxActions: number; maxRedirects: number }, defaultMailbox = "INBOX") {
    this.#maxActions = limits.maxActions;
    this.#maxRedirects = limits.maxRedirects;
    this.#defaultMailbox = defaultMailbox;
  }

  /**
   * True once an action in the list cancels the implicit keep. Decided on the merged list: a
   * duplicate adds nothing, so it cancels nothing its first occurrence did not.
   */
  get implicitKeepCancelled(): boolean {
    return this.#entries.some((e) => cancelsImplicitKeep(e.action));
  }

  /** The mailbox of a store action. */
  #mailboxOf(a: Store): string {
    return a.type === "keep" ? this.#defaultMailbox : a.mailbox;
  }

  /**
   * Adds an action. Returns false when it merged into an earlier one (added nothing new).
   *
   * @throws SieveRuntimeError `SIEVE_E_CONFLICT`, `SIEVE_E_ACTION_LIMIT`, `SIEVE_E_REDIRECT_LIMIT`
   */
  add(action: Action, at: At): boolean {
    let redirects = 0;
    for (const e of this.#entries) {
      const old = e.action;
      if ((old.type === "keep" || old.type === "fileinto") && (action.type === "keep" || action.type === "fileinto")) {
        if (sameMailbox(this.#mailboxOf(old), this.#mailboxOf(action))) {
          if (action.type === "keep" && old.type === "fileinto") {
            // A keep takes precedence over a store to the same mailbox: the entry becomes the keep.
            e.action = { type: "keep", implicit: false, flags: action.flags };
          } else if (action.type === "fileinto" && old.type === "fileinto") {
            // Side effects merge: the newer flags win; the first entry's :copy stays, so
            // `fileinto :copy "A"; fileinto "A";` keeps the implicit keep (as Pigeonhole does).
            e.action = { ...old, flags: action.flags, create: old.create || action.create };
          } else {
            e.action = { ...old, flags: action.flags } as Store;
          }
          return false;
        }
        continue;
      }
      if (old.type === "redirect" && action.type === "redirect") {
        redirects++;
        if (sameAddress(old.address, action.address)) return false;
        continue;
      }
      if (old.type === "discard" && action.type === "discard") return false;
      if (old.type === "notify" && action.type === "notify" && old.method === action.method) return false;
      if (old.type === "reject" && action.type === "reject") {
        throw new SieveRuntimeError(
          "SIEVE_E_CONFLICT",
          `duplicate reject/ereject action not allowed (the first one is at line ${e.line}) (RFC 5429 §2.1)`,
          at,
        );
      }
      if (old.type === "vacation" && action.type === "vacation") {
        // RFC 5230 §4.7: "A script MUST fail ... if it attempts to execute two or more vacation actions."
        throw new SieveRuntimeError(
          "SIEVE_E_CONFLICT",
          `duplicate vacation action not allowed (the first one is at line ${e.line}) (RFC 5230 §4.7)`,
          at,
        );
      }
      if (
        (old.type === "reject" && action.type === "vacation") ||
        (old.type === "vacation" && action.type === "reject")
      ) {
        // RFC 5230 §4.7: vacation "is incompatible with the Sieve reject and refuse actions";
        // both answer the sender (Pigeonhole: SIEVE_ACTFLAG_SENDS_RESPONSE).
        throw new SieveRuntimeError(
          "SIEVE_E_CONFLICT",
          `reject/ereject action conflicts with the vacation action${old.type === "vacation" ? ` at line ${e.line}` : ""}: both send a response to the sender (RFC 5230 §4.7)`,
          at,
        );
      }
      if ((old.type === "reject" && delivers(action)) || (action.type === "reject" && delivers(old))) {
        const other = old.type === "reject" ? action : old;
        throw new SieveRuntimeError(
          "SIEVE_E_CONFLICT",
          `reject/ereject action conflicts with the ${other.type} action${old === other ? ` at line ${e.line}` : ""}: it tries to deliver the message (RFC 5429 §2.1)`,
          at,
        );
      }
    }
    if (this.#entries.length >= this.#maxActions) {
      throw new SieveRuntimeError(
        "SIEVE_E_ACTION_LIMIT",
        `total number of actions exceeds policy limit (${this.#entries.length + 1} > ${this.#maxActions})`,
        at,
      );
    }
    if (action.type === "redirect" && redirects >= this.#maxRedirects) {
      throw new SieveRuntimeError(
        "SIEVE_E_REDIRECT_LIMIT",
        `number of redirect actions exceeds policy limit (${redirects + 1} > ${this.#maxRedirects})`,
        at,
      );
    }
    this.#entries.push({ action, line: at.line, column: at.column });
    return true;
  }

  /**
   * The final action list: the explicit actions in order, then the implicit keep with
   * `implicitFlags` when nothing cancelled it. Like Pigeonhole's result, the implicit keep is
   * listed even beside a `fileinto :copy "INBOX"`; delivery stores the message once.
   */
  finish(implicitFlags: string[]): { actions: Action[]; implicitKeep: boolean } {
    const actions = this.#entries.map((e) => e.action);
    if (this.implicitKeepCancelled) return { actions, implicitKeep: false };
    actions.push({ type: "keep", implicit: true, flags: implicitFlags });
    return { actions, implicitKeep: true };
  }

  /** What remains after a runtime error: only the implicit keep (RFC 5228 §2.10.6). */
  static failed(): { actions: Action[]; implicitKeep: boolean } {
    return { actions: [{ type: "keep", implicit: true, flags: [] }], implicitKeep: true };
  }
}
