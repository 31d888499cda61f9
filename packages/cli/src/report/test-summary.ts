/**
 * The summary table `sievectl test` prints after many messages: how many ran, how many failed,
 * and how many messages took each kind of action and landed in each folder.
 *
 * @module
 */
import type { RunResult } from "@sieve-toolkit/interpreter";
import { type Style, sanitize } from "../io.ts";
import { plural } from "./model.ts";

/** The order action types are listed in: delivery first, then the rest as in CLI.md. */
const ACTION_ORDER = ["keep", "fileinto", "redirect", "discard", "reject", "vacation", "notify", "pipe", "report"];

/** Counts results as they come, so nothing but the counters is kept per message. */
export class TestSummary {
  /** Messages run. */
  messages = 0;
  /** Messages whose run ended in a runtime error. */
  runtimeErrors = 0;
  /** Paths that could not be read. */
  unreadable = 0;
  /** Messages per action type (a message counts once per type). */
  readonly actions = new Map<string, number>();
  /** Messages per folder they are stored in (`keep` stores in the default mailbox). */
  readonly folders = new Map<string, number>();
  readonly #defaultMailbox: string;

  /** @param defaultMailbox - where `keep` stores */
  constructor(defaultMailbox: string) {
    this.#defaultMailbox = defaultMailbox;
  }

  /** Counts one message's result. */
  add(result: RunResult): void {
    this.messages++;
    if (result.status !== "ok") this.runtimeErrors++;
    const types = new Set<string>();
    const folders = new Set<string>();
    for (const a of result.actions) {
      types.add(a.type);
      if (a.type === "keep") folders.add(this.#defaultMailbox);
      else if (a.type === "fileinto") folders.add(a.mailbox);
    }
    for (const t of types) this.actions.set(t, (this.actions.get(t) ?? 0) + 1);
    for (const f of folders) this.folders.set(f, (this.folders.get(f) ?? 0) + 1);
  }

  /**
   * The table, ending in a newline: a count line, then messages per action and per folder
   * (folders by count, most first, then by name).
   */
  render(style: Style): string {
    const head = [`${plural(this.messages, "message")} tested`];
    head.push(`${this.messages - this.runtimeErrors} ok`);
    if (this.runtimeErrors > 0) head.push(style.red(plural(this.runtimeErrors, "runtime error")));
    if (this.unreadable > 0) head.push(style.red(`${this.unreadable} unreadable`));
    const rank = (t: string) => {
      const i = ACTION_ORDER.indexOf(t);
      return i < 0 ? ACTION_ORDER.length : i;
    };
    const actionRows = [...this.actions].sort((a, b) => rank(a[0]) - rank(b[0]) || (a[0] < b[0] ? -1 : 1));
    const folderRows = [...this.folders].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const all = [...actionRows, ...folderRows].map(([k]) => sanitize(k).length);
    const width = Math.max("action".length, "folder".length, ...all);
    const countWidth = Math.max("messages".length, ...[...actionRows, ...folderRows].map(([, n]) => String(n).length));
    const table = (title: string, rows: Array<[string, number]>) => [
      style.bold(`${title.padEnd(width)}  ${"messages".padStart(countWidth)}`),
      ...rows.map(([k, n]) => `${sanitize(k).padEnd(width)}  ${String(n).padStart(countWidth)}`),
    ];
    const out = [head.join(", "), "", ...table("action", actionRows)];
    if (folderRows.length > 0) out.push("", ...table("folder", folderRows));
    return `${out.join("\n")}\n`;
  }
}
