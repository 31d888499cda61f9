/**
 * What the action modules share: adding to the result with a trace record, and the flags a
 * `keep`/`fileinto` carries (RFC 5232 §5).
 *
 * @module
 */
import type { Runtime } from "../runtime.ts";
import type { Template } from "../strings.ts";
import type { Action } from "../types.ts";

/** Adds `action` to the result, tracing it; conflicts and limits throw there. */
export function addAction(rt: Runtime, action: Action, at: { name: string; line: number; column: number }): void {
  const added = rt.result.add(action, at);
  rt.tracer.add("commands", { type: "action", name: action.type, line: at.line, column: at.column, merged: !added });
}

/**
 * Splits flag strings into flags (RFC 5232 §3: a string may hold several flags separated by
 * spaces) and drops duplicates, which compare case-insensitively (RFC 3501 §2.3.2).
 */
export function parseFlags(values: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    for (const f of v.split(" ")) {
      if (f === "") continue;
      const k = f.toLowerCase();
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(f);
    }
  }
  return out;
}

/**
 * The flags of a `keep`/`fileinto`: its `:flags` argument when given, else the internal
 * variable when imap4flags is in use (RFC 5232 §5), else none.
 */
export function actionFlags(rt: Runtime, flagsArg: Template[] | null, imap4flags: boolean): string[] {
  if (flagsArg !== null) return parseFlags(rt.expandAll(flagsArg));
  return imap4flags ? [...rt.flags] : [];
}
