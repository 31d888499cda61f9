/**
 * Script names (RFC 5804 §1.6): Net-Unicode (RFC 5198 §2), so normalised to NFC, and free of
 * the characters RFC 5804 §1.6 prohibits.
 *
 * @module
 */
import { ManageSieveError } from "./errors.ts";

/** RFC 5804 §1.6: 0000-001F, 007F, 0080-009F, 2028, 2029 are prohibited in script names. */
function prohibited(cp: number): boolean {
  return cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029;
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Options of {@link normalizeScriptName}. */
export interface ScriptNameOptions {
  /** Accept `""` (SETACTIVE "" deactivates, RFC 5804 §2.8). Default `false`. */
  allowEmpty?: boolean;
}

/**
 * Validates a script name and returns it in Unicode Normalization Form C (RFC 5198 §2, required
 * by RFC 5804 §1.6). The server decides the maximum length (it MUST allow 128 characters).
 *
 * @throws ManageSieveError `MANAGESIEVE_E_ARGUMENT` when the name is not a string, is empty (unless
 *   `allowEmpty`), contains a lone surrogate or a prohibited character
 */
export function normalizeScriptName(name: string, options: ScriptNameOptions = {}): string {
  if (typeof name !== "string") {
    throw new ManageSieveError("MANAGESIEVE_E_ARGUMENT", "script name must be a string");
  }
  if (name === "" && !options.allowEmpty) {
    // RFC 5804 §1.6: "Sieve script names MUST be at least one octet … long".
    throw new ManageSieveError("MANAGESIEVE_E_ARGUMENT", "script name must not be empty");
  }
  if (LONE_SURROGATE.test(name)) {
    throw new ManageSieveError("MANAGESIEVE_E_ARGUMENT", "script name contains a lone UTF-16 surrogate");
  }
  const nfc = name.normalize("NFC");
  const bad = [...nfc].find((ch) => prohibited(ch.codePointAt(0)!));
  if (bad !== undefined) {
    const cp = bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    throw new ManageSieveError(
      "MANAGESIEVE_E_ARGUMENT",
      `script name contains U+${cp}, which RFC 5804 §1.6 prohibits in script names`,
    );
  }
  return nfc;
}
