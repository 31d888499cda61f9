/**
 * From scanner headers to the normalized results of `spamtest` and `virustest` (RFC 5235 §3.1:
 * "the underlying Sieve implementation provides a normalized result string"). How a scanner
 * writes its verdict is configured with Pigeonhole's settings, read through `Host.setting`:
 *
 * | setting (2.4 spelling; 0.5 spelling accepted) | meaning |
 * | --- | --- |
 * | `sieve_spamtest_status_header` | `Header-Name` or `Header-Name: <POSIX ERE with one group>` |
 * | `sieve_spamtest_status_type` | `score` (default), `strlen` or `text` |
 * | `sieve_spamtest_score_max_value` (`…_max_value`) | the score that means "certainly spam" |
 * | `sieve_spamtest_score_max_header` (`…_max_header`) | or: read it from a header, same syntax |
 * | `sieve_spamtest_text_value/N` (`…_text_valueN`) | with `text`: the header text meaning N (0..10) |
 * | `sieve_virustest_*` | the same for virustest, N in 0..5 |
 *
 * Examples: SpamAssassin `X-Spam-Status: Yes, score=7.5 required=5.0` is
 * `X-Spam-Status: [a-zA-Z]+, score=(-?[0-9.]+)` with max header
 * `X-Spam-Status: [a-zA-Z]+, score=-?[0-9.]+ required=(-?[0-9.]+)`; `X-Spam-Level: *******`
 * is type `strlen`; rspamd's `X-Rspamd-Score: 7.5` is a plain score header with a max value;
 * a yes/no flag is type `text` with `text_value/1` "No" and `text_value/10` "Yes".
 *
 * When the extension is not configured, the header is missing or does not match, or a value
 * does not parse, the message counts as "not tested": value "0" (RFC 5235 §3.2.1, §3.3).
 *
 * @module
 */
import { type CompiledRegex, compileRegex, DEFAULT_REGEX_STEPS } from "../match/regex.ts";
import type { MessageView } from "../message/view.ts";

/** Which test a mapping serves: the settings prefix and the value range differ. */
export type ScannerKind = "spamtest" | "virustest";

/** How the status header carries the verdict. */
export type StatusType = "score" | "strlen" | "text";

/** A header specification: the field to read and, optionally, the regex whose group 1 is the value. */
export interface HeaderSpec {
  /** The header field name. */
  readonly name: string;
  /** POSIX ERE searched in the (decoded, trimmed) field value; group 1 is the value. Null: the whole value. */
  readonly regex: CompiledRegex | null;
}

/** A configured mapping (see the module table). */
export interface ScannerMapping {
  readonly kind: ScannerKind;
  readonly statusHeader: HeaderSpec;
  readonly statusType: StatusType;
  /** `score`/`strlen`: the header holding the maximum, or null when {@link maxValue} is fixed. */
  readonly maxHeader: HeaderSpec | null;
  /** `score`/`strlen`: the fixed maximum; `text`: 10 for spamtest, 5 for virustest. */
  readonly maxValue: number;
  /** `text`: the text that stands for each value 0..10 (spamtest) or 0..5 (virustest). */
  readonly textValues: ReadonlyArray<string | null>;
}

/** Reads one setting: null when unset. */
export type SettingReader = (name: string) => string | null;

/** The highest text value: RFC 5235 §3.2.1 (spamtest, 10) and §3.3 (virustest, 5). */
function maxText(kind: ScannerKind): number {
  return kind === "virustest" ? 5 : 10;
}

/**
 * Parses a header specification `Name` or `Name: regex` (white space around the colon
 * allowed, as in Pigeonhole).
 *
 * @throws Error for an empty specification, a missing colon or a regex that does not compile
 */
export function parseHeaderSpec(spec: string): HeaderSpec {
  const m = /^[ \t]*([^: \t]+)[ \t]*(?::[ \t]*([\s\S]*))?$/.exec(spec);
  if (m === null) throw new Error(`invalid header specification '${spec}': expecting 'Name' or 'Name: regex'`);
  const name = m[1] as string;
  const pattern = m[2];
  if (pattern === undefined || pattern === "") return { name, regex: null };
  try {
    return { name, regex: compileRegex(pattern) };
  } catch (e) {
    throw new Error(`invalid header specification '${spec}': ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Parses a decimal score the way scanners write it: optional sign, at most 5 digits, `.` or
 * `,` and at most 5 more digits (Pigeonhole's limits); null when it is anything else.
 */
export function parseDecimal(text: string): number | null {
  const m = /^([+-]?)(\d{0,5})(?:[.,](\d{0,5}))?$/.exec(text);
  if (m === null || text === "" || text === "+" || text === "-") return null;
  const value = Number(`${m[2] || "0"}.${m[3] || "0"}`);
  return m[1] === "-" ? -value : value;
}

/**
 * The `strlen` status: the length of a run of one repeated character (SpamAssassin's
 * `X-Spam-Level: *****`); "" is 0; null when the characters differ.
 */
export function parseStrlen(text: string): number | null {
  const first = text[0];
  if (first === undefined) return 0;
  for (const ch of text) if (ch !== first) return null;
  return [...text].length;
}

/** Reads the mapping of `kind` from the settings; null when it is not (validly) configured. */
function readMapping(kind: ScannerKind, get: SettingReader): ScannerMapping | null {
  const key = (s: string) => `sieve_${kind}_${s}`;
  const status = get(key("status_header"));
  if (status === null) return null;
  const typeSetting = get(key("status_type"));
  const statusType = typeSetting === null ? "score" : typeSetting.trim();
  if (statusType !== "score" && statusType !== "strlen" && statusType !== "text") return null;
  const statusHeader = parseHeaderSpec(status);
  const textValues: Array<string | null> = [];
  if (statusType === "text") {
    for (let i = 0; i <= maxText(kind); i++) {
      const v = get(key(`text_value/${i}`)) ?? get(key(`text_value${i}`));
      textValues.push(v === null || v === "" ? null : v);
    }
    return { kind, statusHeader, statusType, maxHeader: null, maxValue: maxText(kind), textValues };
  }
  const maxHeaderSetting = get(key("score_max_header")) ?? get(key("max_header"));
  const maxValueSetting = get(key("score_max_value")) ?? get(key("max_value"));
  // Exactly one source of the maximum (Pigeonhole refuses both and neither).
  if ((maxHeaderSetting === null) === (maxValueSetting === null)) return null;
  if (maxHeaderSetting !== null) {
    return { kind, statusHeader, statusType, maxHeader: parseHeaderSpec(maxHeaderSetting), maxValue: 0, textValues };
  }
  const maxValue = parseDecimal((maxValueSetting as string).trim());
  if (maxValue === null) return null;
  return { kind, statusHeader, statusType, maxHeader: null, maxValue, textValues };
}

const SETTING_SUFFIXES = [
  "status_header",
  "status_type",
  "score_max_header",
  "max_header",
  "score_max_value",
  "max_value",
  ...Array.from({ length: 11 }, (_, i) => `text_value/${i}`),
  ...Array.from({ length: 11 }, (_, i) => `text_value${i}`),
];

// Parsed mappings by their settings: a script asks once per test, a host keeps its settings.
const cache = new Map<string, ScannerMapping | null>();

/**
 * The mapping configured for `kind`, or null when the extension is not (validly) configured:
 * no status header, an unknown status type, both or neither of max header and max value for
 * `score`/`strlen`, or a specification that does not parse (Pigeonhole then answers "0").
 */
export function scannerMapping(kind: ScannerKind, get: SettingReader): ScannerMapping | null {
  const values = SETTING_SUFFIXES.map((s) => get(`sieve_${kind}_${s}`));
  const id = `${kind}\0${JSON.stringify(values)}`;
  if (cache.has(id)) return cache.get(id) ?? null;
  let mapping: ScannerMapping | null;
  try {
    mapping = readMapping(kind, get);
  } catch {
    mapping = null;
  }
  if (cache.size >= 64) cache.clear();
  cache.set(id, mapping);
  return mapping;
}

/** The value a header specification selects in `message`, or null (missing header, no match). */
function readHeader(spec: HeaderSpec, message: MessageView): string | null {
  // The first field of that name, decoded (Pigeonhole: mail_get_first_header_utf8).
  const value = message.header(spec.name)[0];
  if (value === undefined) return null;
  if (spec.regex === null) return value;
  if (spec.regex.groups < 1) return null;
  const captures: string[] = [];
  try {
    if (!spec.regex.exec(value, captures, { steps: DEFAULT_REGEX_STEPS, limit: DEFAULT_REGEX_STEPS })) return null;
  } catch {
    // The step budget ran out on a hostile header: the verdict cannot be read.
    return null;
  }
  return captures[1] ?? null;
}

/**
 * The scanner's verdict as a ratio of its maximum, clamped to 0..1, or -1 when the message
 * counts as not tested.
 */
export function scannerRatio(mapping: ScannerMapping, message: MessageView): number {
  let max = mapping.maxValue;
  if (mapping.maxHeader !== null) {
    const text = readHeader(mapping.maxHeader, message);
    const parsed = text === null ? null : parseDecimal(text);
    if (parsed === null) return -1;
    max = parsed;
  }
  if (max === 0) return -1;
  const status = readHeader(mapping.statusHeader, message);
  if (status === null) return -1;
  let score: number | null;
  if (mapping.statusType === "score") score = parseDecimal(status);
  else if (mapping.statusType === "strlen") score = parseStrlen(status);
  else {
    // Exact, case-sensitive comparison of the whole text (as Pigeonhole's strcmp).
    const i = mapping.textValues.indexOf(status);
    score = i < 0 ? null : i;
  }
  if (score === null) return -1;
  if (score < 0) return 0;
  return score > max ? 1 : score / max;
}

/**
 * The normalized result for a ratio (RFC 5235): "0" when not tested (ratio < 0); else
 * spamtest 1..10 (§3.2.1: 1 is "tested and clear"), spamtest `:percent` 0..100 (§3.2.2: 0 is
 * "clear"), virustest 1..5 (§3.3). The ratio is scaled and truncated, with Pigeonhole's small
 * epsilon so that, e.g., a score of .29 out of 1 gives 29.
 */
export function normalizedResult(kind: ScannerKind, ratio: number, percent: boolean): string {
  if (ratio < 0) return "0";
  const r = Math.min(ratio, 1);
  if (percent) return String(Math.trunc(r * 100 + 0.001));
  if (kind === "virustest") return String(Math.trunc(r * 4 + 1.001));
  return String(Math.trunc(r * 9 + 1.001));
}

/**
 * Evaluates the mapping of `kind` for `message`: the normalized result and whether a test
 * was done (RFC 5235 §3.1: `:count` is 1 when tested, 0 when not).
 */
export function scannerResult(
  kind: ScannerKind,
  get: SettingReader,
  message: MessageView,
  percent = false,
): { value: string; tested: boolean } {
  const mapping = scannerMapping(kind, get);
  const ratio = mapping === null ? -1 : scannerRatio(mapping, message);
  return { value: normalizedResult(kind, ratio, percent), tested: ratio >= 0 };
}
