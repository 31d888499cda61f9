/**
 * Parser bounds (ARCHITECTURE.md, rule 3): every bound is an option with a default; exceeding
 * one is a diagnostic, never a crash or a hang. `0` and `Infinity` mean what they say; anything
 * that is not a non-negative integer or `Infinity` throws `TypeError`.
 *
 * @module
 */

/** Limits applied while parsing. Defaults follow Pigeonhole where it has one. */
export interface ParseLimits {
  /** Largest script in bytes (UTF-8). Default 1 MiB (1048576). */
  maxScriptSize: number;
  /**
   * Deepest `{ … }` block nesting. Default 31: Pigeonhole's SIEVE_MAX_BLOCK_NESTING is 32
   * levels counting the top level, so sievec accepts 31 nested blocks and rejects 32.
   */
  maxBlockNesting: number;
  /**
   * Deepest test nesting (`not`, `anyof(…)`). Default 31: Pigeonhole's SIEVE_MAX_TEST_NESTING
   * is 32 levels counting the command, so sievec accepts 31 nested tests.
   */
  maxTestNesting: number;
  /** Most arguments of one command or test. Default 32 (Pigeonhole's SIEVE_MAX_COMMAND_ARGUMENTS). */
  maxArguments: number;
  /** Longest identifier or tag name in characters. Default 32 (Pigeonhole's SIEVE_MAX_IDENTIFIER_LEN). */
  maxIdentifierLength: number;
  /** Longest string value in characters. Default 1048576. */
  maxStringLength: number;
  /** Most items in one string list. Default 4096. */
  maxStringListLength: number;
  /** Most diagnostics reported for one script; the rest are summarised in one last diagnostic. Default 100. */
  maxDiagnostics: number;
}

/** The default {@link ParseLimits}. */
export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxScriptSize: 1024 * 1024,
  maxBlockNesting: 31,
  maxTestNesting: 31,
  maxArguments: 32,
  maxIdentifierLength: 32,
  maxStringLength: 1024 * 1024,
  maxStringListLength: 4096,
  maxDiagnostics: 100,
});

/**
 * Merges user limits over the defaults, validating each one.
 *
 * @throws TypeError when a limit is not a non-negative integer or `Infinity`, or is unknown.
 */
export function resolveLimits(partial: Partial<ParseLimits> | undefined): ParseLimits {
  const out: ParseLimits = { ...DEFAULT_PARSE_LIMITS };
  if (partial === undefined) return out;
  for (const [key, value] of Object.entries(partial)) {
    if (!(key in DEFAULT_PARSE_LIMITS)) throw new TypeError(`unknown parse limit '${key}'`);
    if (value === undefined) continue;
    checkLimit(key, value);
    out[key as keyof ParseLimits] = value;
  }
  return out;
}

/**
 * Throws `TypeError` unless `value` is a non-negative integer or `Infinity`.
 *
 * @param name - the option's name, for the message
 */
export function checkLimit(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !(value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value >= 0))) {
    throw new TypeError(`limit '${name}' must be a non-negative integer or Infinity, got ${String(value)}`);
  }
}
