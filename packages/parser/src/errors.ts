/**
 * The toolkit's one error scheme (ARCHITECTURE.md, rule 4): every error and diagnostic carries a
 * stable string `code`. Every code is catalogued in docs/errors.md.
 *
 * @module
 */

/** Every diagnostic code the parser and validator can emit. */
export type SieveDiagnosticCode =
  | "SIEVE_E_UTF8"
  | "SIEVE_E_CHAR"
  | "SIEVE_E_UNTERMINATED_STRING"
  | "SIEVE_E_UNTERMINATED_COMMENT"
  | "SIEVE_E_UNTERMINATED_MULTILINE"
  | "SIEVE_E_NUMBER_OVERFLOW"
  | "SIEVE_E_IDENTIFIER_TOO_LONG"
  | "SIEVE_E_SYNTAX"
  | "SIEVE_E_LIMIT"
  | "SIEVE_E_NESTING"
  | "SIEVE_E_REQUIRE"
  | "SIEVE_E_UNKNOWN_EXTENSION"
  | "SIEVE_E_UNSUPPORTED_EXTENSION"
  | "SIEVE_E_UNKNOWN_COMMAND"
  | "SIEVE_E_UNKNOWN_TEST"
  | "SIEVE_E_UNKNOWN_TAG"
  | "SIEVE_E_TAG_CONFLICT"
  | "SIEVE_E_ARGUMENT"
  | "SIEVE_E_TEST"
  | "SIEVE_E_BLOCK"
  | "SIEVE_E_COMPARATOR"
  | "SIEVE_E_MATCH_TYPE"
  | "SIEVE_E_RELATIONAL"
  | "SIEVE_E_VARIABLE"
  | "SIEVE_E_ENCODED_CHARACTER"
  | "SIEVE_E_CONTROL"
  | "SIEVE_E_HEADER_NAME"
  | "SIEVE_E_ADDRESS"
  | "SIEVE_E_VALUE"
  | "SIEVE_E_INCLUDE"
  | "SIEVE_W_HEADER_NAME"
  | "SIEVE_W_UNREACHABLE"
  | "SIEVE_W_DEPRECATED"
  | "SIEVE_W_VALUE";

/** How bad a diagnostic is. Only errors make a script invalid. */
export type Severity = "error" | "warning";

/**
 * One problem found in a script. Locations are 1-based, line first; `endLine`/`endColumn`
 * point just past the offending token.
 */
export interface Diagnostic {
  severity: Severity;
  code: SieveDiagnosticCode;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  endOffset: number;
}

/**
 * Base class of every error the toolkit throws. `code` is stable (`SIEVE_E_…`,
 * `MANAGESIEVE_E_…`); `cause` holds a wrapped error.
 */
export class SieveError extends Error {
  /** A stable, machine-readable error code. */
  readonly code: string;
  /** Where in a script the error is, when it is about a script. */
  readonly line: number | undefined;
  readonly column: number | undefined;

  /**
   * @param code - stable error code
   * @param message - a sentence a person understands
   * @param options - `cause`, and `line`/`column` when the error points into a script
   */
  constructor(code: string, message: string, options: { cause?: unknown; line?: number; column?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SieveError";
    this.code = code;
    this.line = options.line;
    this.column = options.column;
  }
}
