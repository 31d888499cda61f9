/**
 * Typed options for the spamtest and virustest mappings, turned into the Pigeonhole settings
 * that `dryRun({ settings })`, `run(…, { settings })` and `Host.setting` take (see
 * `mapping.ts` for what each one means).
 *
 * ```ts
 * // SpamAssassin: "X-Spam-Status: Yes, score=7.5 required=5.0"
 * dryRun({ settings: spamtestSettings({
 *   statusHeader: "X-Spam-Status: [a-zA-Z]+, score=(-?[0-9.]+)",
 *   maxHeader: "X-Spam-Status: [a-zA-Z]+, score=-?[0-9.]+ required=(-?[0-9.]+)",
 * }) });
 * // rspamd: "X-Rspamd-Score: 7.5" out of 15
 * dryRun({ settings: spamtestSettings({ statusHeader: "X-Rspamd-Score", maxValue: 15 }) });
 * ```
 *
 * @module
 */
import type { ScannerKind, StatusType } from "./mapping.ts";

/** A scanner mapping as options (Pigeonhole's `sieve_<kind>_*` settings). */
export interface ScannerOptions {
  /** `Header-Name` or `Header-Name: <POSIX ERE whose group 1 is the value>` (`…_status_header`). */
  statusHeader: string;
  /** How to read the value (`…_status_type`). Default `score`, or `text` when {@link textValues} is given. */
  statusType?: StatusType;
  /** `score`/`strlen`: the value meaning "certainly" (`…_max_value`). Give this or {@link maxHeader}. */
  maxValue?: number;
  /** `score`/`strlen`: where to read the maximum, same syntax as {@link statusHeader} (`…_max_header`). */
  maxHeader?: string;
  /**
   * `text`: header text for each value, by value (`{ 1: "clean", 5: "infected" }`;
   * `…_text_value/N`): 0..10 for spamtest, 0..5 for virustest.
   */
  textValues?: Readonly<Record<number, string>>;
}

function settingsOf(kind: ScannerKind, o: ScannerOptions): Record<string, string> {
  const out: Record<string, string> = { [`sieve_${kind}_status_header`]: o.statusHeader };
  const type = o.statusType ?? (o.textValues === undefined ? "score" : "text");
  out[`sieve_${kind}_status_type`] = type;
  if (o.maxValue !== undefined) out[`sieve_${kind}_max_value`] = String(o.maxValue);
  if (o.maxHeader !== undefined) out[`sieve_${kind}_max_header`] = o.maxHeader;
  for (const [n, text] of Object.entries(o.textValues ?? {})) out[`sieve_${kind}_text_value/${n}`] = text;
  return out;
}

/** The `sieve_spamtest_*` settings (they serve spamtest and spamtestplus, RFC 5235 §3.2). */
export function spamtestSettings(options: ScannerOptions): Record<string, string> {
  return settingsOf("spamtest", options);
}

/** The `sieve_virustest_*` settings (RFC 5235 §3.3). */
export function virustestSettings(options: ScannerOptions): Record<string, string> {
  return settingsOf("virustest", options);
}
