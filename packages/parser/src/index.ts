/**
 * @sieve-toolkit/parser: Sieve (RFC 5228) lexer, parser, validator and printer.
 *
 * @module
 */
export type * from "./ast.ts";
export { type Diagnostic, type Severity, type SieveDiagnosticCode, SieveError } from "./errors.ts";
export { DEFAULT_PARSE_LIMITS, type ParseLimits } from "./limits.ts";
export { type ParseOptions, type ParseResult, parse } from "./parse.ts";
export { LineIndex } from "./positions.ts";
export { type CheckOptions, type CheckResult, check } from "./check.ts";
export { allExtensions, defaultRegistry, Registry } from "./registry/index.ts";
export type * from "./registry/types.ts";
export { stringsOf, usage, type ValidateOptions, type ValidateResult, validate } from "./validate.ts";
export { type PrintOptions, print } from "./printer.ts";
