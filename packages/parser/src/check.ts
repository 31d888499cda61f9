/**
 * `check()`: parse and validate in one call, the way `sievectl check` and editors use it.
 *
 * @module
 */
import type { Script } from "./ast.ts";
import type { Diagnostic } from "./errors.ts";
import { DEFAULT_PARSE_LIMITS } from "./limits.ts";
import { capDiagnostics, type ParseOptions, parse } from "./parse.ts";
import { type ValidateOptions, validate } from "./validate.ts";

/** Options of {@link check}: those of {@link parse} and {@link validate}. */
export interface CheckOptions extends ParseOptions, ValidateOptions {}

/** What {@link check} returns. */
export interface CheckResult {
  /** True when there is no error (warnings allowed). */
  valid: boolean;
  ast: Script;
  /** Syntax and validation diagnostics together, in source order. */
  diagnostics: Diagnostic[];
  /** Capabilities the script requires. */
  requires: string[];
  /** The decoded text the positions refer to. */
  text: string;
}

/**
 * Parses and validates a script. Validation runs even when there are syntax errors, on the part
 * of the tree that parsed, so one run shows every problem. Never throws on bad input.
 *
 * @throws TypeError only for invalid options (limits).
 */
export function check(source: string | Uint8Array, options: CheckOptions = {}): CheckResult {
  const parsed = parse(source, options);
  const syntaxOnly = parsed.diagnostics.some(
    (d) => d.code === "SIEVE_E_LIMIT" && d.offset === 0 && d.message.startsWith("script is"),
  );
  const validated = syntaxOnly
    ? { diagnostics: [], requires: [] }
    : validate(parsed.ast, parsed.text, { ...options, broken: parsed.broken });
  const max = options.limits?.maxDiagnostics ?? options.maxDiagnostics ?? DEFAULT_PARSE_LIMITS.maxDiagnostics;
  // One list, capped once; its summary line is an error when an error was left out.
  const diagnostics = capDiagnostics([...parsed.diagnostics, ...validated.diagnostics], max);
  return {
    valid: !diagnostics.some((d) => d.severity === "error"),
    ast: parsed.ast,
    diagnostics,
    requires: validated.requires,
    text: parsed.text,
  };
}
