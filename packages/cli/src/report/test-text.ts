/**
 * The human format of `sievectl test`: one block per message (its name, an aligned list of
 * actions with their fields, the editheader effects, whether the implicit keep applies) and,
 * with `--trace`, what each command and test did.
 *
 * @module
 */
import type { Action, TraceEvent } from "@sieve-toolkit/interpreter";
import { type Style, sanitize } from "../io.ts";
import type { MessageOutcome } from "./test-json.ts";

/** Options of {@link renderMessage}. */
export interface MessageTextOptions {
  style: Style;
  /** Append the trace. */
  trace: boolean;
  /** Where `keep` stores (the interpreter's default mailbox). */
  defaultMailbox: string;
}

/** A value for the one-line list: bare when it is a plain word, JSON-quoted otherwise. */
function show(s: string): string {
  return s !== "" && /^[\x21-\x7e\u00a0-\uffff]+$/.test(s) && !s.includes('"') ? sanitize(s) : JSON.stringify(s);
}

function list(items: readonly string[]): string {
  return `[${items.map(show).join(" ")}]`;
}

/** One row: the action's type, its main value, then its other fields (only those that say something). */
function row(a: Action, defaultMailbox: string): [string, string, string] {
  const fields: string[] = [];
  const flag = (on: boolean, name: string) => {
    if (on) fields.push(name);
  };
  switch (a.type) {
    case "keep":
      if (a.flags.length > 0) fields.push(`flags=${list(a.flags)}`);
      flag(a.implicit, "implicit");
      return ["keep", show(defaultMailbox), fields.join(" ")];
    case "fileinto":
      if (a.flags.length > 0) fields.push(`flags=${list(a.flags)}`);
      flag(a.copy, "copy");
      flag(a.create, "create");
      if (a.specialUse !== null) fields.push(`specialUse=${show(a.specialUse)}`);
      if (a.mailboxId !== null) fields.push(`mailboxId=${show(a.mailboxId)}`);
      return ["fileinto", show(a.mailbox), fields.join(" ")];
    case "redirect":
      flag(a.copy, "copy");
      if (a.list !== null) fields.push(`list=${show(a.list)}`);
      return ["redirect", show(a.address), fields.join(" ")];
    case "discard":
      return ["discard", "", ""];
    case "reject":
      return [a.extended ? "ereject" : "reject", JSON.stringify(a.reason), ""];
    case "vacation":
      fields.push(`send=${a.send ? "yes" : "no"}`);
      if (a.suppressed !== null) fields.push(`suppressed=${show(a.suppressed)}`);
      if (a.from !== null) fields.push(`from=${show(a.from)}`);
      if (a.subject !== null) fields.push(`subject=${JSON.stringify(a.subject)}`);
      fields.push(`seconds=${a.seconds}`);
      if (a.handle !== null) fields.push(`handle=${show(a.handle)}`);
      flag(a.mime, "mime");
      if (a.addresses.length > 0) fields.push(`addresses=${list(a.addresses)}`);
      fields.push(`reason=${JSON.stringify(a.reason)}`);
      return ["vacation", a.to === null ? "" : show(a.to), fields.join(" ")];
    case "notify":
      if (a.from !== null) fields.push(`from=${show(a.from)}`);
      fields.push(`importance=${a.importance}`);
      if (a.options.length > 0) fields.push(`options=${list(a.options)}`);
      if (a.message !== null) fields.push(`message=${JSON.stringify(a.message)}`);
      return ["notify", show(a.method), fields.join(" ")];
    case "pipe":
      if (a.args.length > 0) fields.push(`args=${list(a.args)}`);
      flag(a.copy, "copy");
      flag(a.try, "try");
      return ["pipe", show(a.program), fields.join(" ")];
    case "report":
      fields.push(`address=${show(a.address)}`);
      fields.push(`message=${JSON.stringify(a.message)}`);
      return ["report", show(a.feedbackType), fields.join(" ")];
  }
}

/** Lays rows out in aligned columns, two spaces apart, no trailing blanks. */
function columns(rows: ReadonlyArray<readonly string[]>, indent: string): string[] {
  const widths: number[] = [];
  for (const r of rows) {
    for (const [i, cell] of r.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows.map((r) => `${indent}${r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")}`.trimEnd());
}

/**
 * One message's block, ending in a newline: the name, the explicit actions and header edits
 * in the order the script took them, runtime errors, then the implicit keep line.
 */
export function renderMessage(outcome: MessageOutcome, opts: MessageTextOptions): string {
  const { style } = opts;
  const r = outcome.result;
  const out: string[] = [style.bold(sanitize(outcome.message))];
  const rows: Array<[string, string, string]> = [];
  for (const a of r.actions) {
    if (a.type === "keep" && a.implicit) continue; // the implicit-keep line below says it
    rows.push(row(a, opts.defaultMailbox));
  }
  for (const [name, value] of r.headers.added) rows.push(["addheader", show(`${name}: ${value}`), ""]);
  for (const [name, index] of r.headers.deleted) rows.push(["deleteheader", show(name), `(${index})`]);
  out.push(...columns(rows, "  "));
  for (const e of r.errors) {
    out.push(
      `  ${style.red("runtime error")} at ${e.line}:${e.column}: ${sanitize(e.message)} ${style.dim(`[${e.code}]`)}`,
    );
  }
  const keep = r.actions.find((a): a is Extract<Action, { type: "keep" }> => a.type === "keep" && a.implicit);
  if (r.implicitKeep) {
    const flags = keep !== undefined && keep.flags.length > 0 ? `, flags=${list(keep.flags)}` : "";
    out.push(`  ${style.dim("implicit keep:")} yes (${show(opts.defaultMailbox)}${flags})`);
  } else {
    out.push(`  ${style.dim("implicit keep:")} no`);
  }
  if (opts.trace) out.push(...renderTrace(r.trace, style));
  return `${out.join("\n")}\n`;
}

/** Longest value shown in a trace line; the JSON trace has them whole. */
const MAX_VALUE = 60;
/** Most values or keys shown per trace line. */
const MAX_ITEMS = 8;

function traceValues(items: readonly string[]): string {
  const shown = items.slice(0, MAX_ITEMS).map((v) => {
    const cut = [...v].length > MAX_VALUE ? `${[...v].slice(0, MAX_VALUE).join("")}…` : v;
    return sanitize(JSON.stringify(cut));
  });
  if (items.length > MAX_ITEMS) shown.push(`… ${items.length - MAX_ITEMS} more`);
  return `[${shown.join(", ")}]`;
}

/**
 * The trace lines (`  trace:` then one line per event, `line:column` first), like Pigeonhole's
 * `sieve-test -Tlevel=matching`: commands, each test's comparison (match type, comparator,
 * the values taken from the message, the keys) and outcome, actions, the error that ended the run.
 */
export function renderTrace(events: readonly TraceEvent[], style: Style): string[] {
  const rows: Array<[string, string]> = [];
  let previous: TraceEvent | undefined;
  for (const e of events) {
    const at = `${e.line}:${e.column}`;
    switch (e.type) {
      case "command":
        rows.push([at, `${sanitize(e.name)}${e.detail === undefined ? "" : ` ${sanitize(e.detail)}`}`]);
        break;
      case "test": {
        if (e.matching !== undefined) {
          const m = e.matching;
          rows.push([
            at,
            `${sanitize(e.name)} :${sanitize(m.matchType)} ${sanitize(JSON.stringify(m.comparator))} compared ${traceValues(m.values)} with ${traceValues(m.keys)}: ${outcome(e.result, style)}`,
          ]);
          break;
        }
        // The matcher's record already gave this test's outcome: the runtime's repeat adds nothing.
        if (
          previous?.type === "test" &&
          previous.matching !== undefined &&
          previous.name === e.name &&
          previous.line === e.line &&
          previous.column === e.column &&
          previous.result === e.result
        ) {
          break;
        }
        rows.push([at, `${sanitize(e.name)}: ${outcome(e.result, style)}`]);
        break;
      }
      case "action":
        rows.push([at, `action ${sanitize(e.name)}${e.merged ? " (merged with an earlier one: nothing new)" : ""}`]);
        break;
      case "error":
        rows.push([at, `${style.red("error")}: ${sanitize(e.message)} ${style.dim(`[${sanitize(e.code)}]`)}`]);
        break;
    }
    previous = e;
  }
  const width = Math.max(0, ...rows.map(([at]) => at.length));
  return [`  ${style.dim("trace:")}`, ...rows.map(([at, text]) => `    ${style.dim(at.padEnd(width))}  ${text}`)];
}

function outcome(result: boolean, style: Style): string {
  return result ? style.green("true") : style.yellow("false");
}
