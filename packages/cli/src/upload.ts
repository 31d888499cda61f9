/**
 * The safe upload shared by `put` and `edit`: validate locally against the server's `SIEVE`
 * list, then CHECKSCRIPT, then HAVESPACE, and only then PUTSCRIPT under the final name, then
 * (optionally) SETACTIVE.
 *
 * Why this order keeps the account safe (`put --activate` never leaves it without an active
 * script):
 * - Nothing is written on the server before every check passed, so a failing check changes
 *   nothing.
 * - PUTSCRIPT over an existing name overwrites it only on success: "the old script MUST NOT be
 *   overwritten if PUTSCRIPT fails in any way" (RFC 5804 §2.6). When that script is the active
 *   one it stays active, now with the new content, so the account is never without an active
 *   script, not even for a moment.
 * - SETACTIVE runs last and only after the upload succeeded; a NO leaves the previously active
 *   script active (RFC 5804 §2.8). We never deactivate, delete or rename as part of an upload,
 *   and never upload under a temporary name.
 *
 * @module
 */
import { check, type Diagnostic } from "@sieve-toolkit/parser";
import type { ManageSieveClient } from "@sieve-toolkit/managesieve";
import { type Io, makeStyle, sanitize, useColor } from "./io.ts";
import { renderText } from "./report/text.ts";

/** The outcome of the local validation. */
export interface LocalCheck {
  valid: boolean;
  diagnostics: Diagnostic[];
  /** The script as text (UTF-8 decoded, BOM kept), or null when the bytes are not UTF-8. */
  text: string | null;
}

/**
 * Validates `bytes` against `capabilities` (the server's SIEVE list) and prints diagnostics,
 * if any, to stderr as `check` would.
 */
export function checkLocally(
  bytes: Uint8Array,
  capabilities: readonly string[],
  file: string,
  io: Io,
  opts: { quiet: boolean; noColor: boolean },
): LocalCheck {
  const res = check(bytes, { capabilities });
  if (res.diagnostics.length > 0) {
    const out = renderText(
      { results: [{ file, path: null, text: res.text, diagnostics: res.diagnostics, valid: res.valid }], failures: [] },
      { style: makeStyle(useColor(io.stderr, io.env, opts.noColor)), quiet: opts.quiet },
    );
    io.stderr.write(out.endsWith("\n") ? out : `${out}\n`);
  }
  const text = decodeUtf8(bytes);
  return { valid: res.valid && text !== null, diagnostics: res.diagnostics, text };
}

/** The bytes as text, exactly (a BOM is kept), or null when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** What {@link serverUpload} does after the local check. */
export interface UploadOptions {
  /** SETACTIVE after the upload. */
  activate: boolean;
  /** Prefix of messages (`sievectl put`). */
  who: string;
  io: Io;
  quiet: boolean;
}

/** What the upload did. */
export interface UploadResult {
  name: string;
  bytes: number;
  activated: boolean;
  /** `OK (WARNINGS)` texts of CHECKSCRIPT / PUTSCRIPT. */
  warnings: string[];
}

/**
 * CHECKSCRIPT (when the server has it: RFC 5804 §2.12, `VERSION` advertised), HAVESPACE
 * (§2.5), PUTSCRIPT (§2.6), then SETACTIVE (§2.8) when asked. Stops at the first NO, which
 * propagates as `MANAGESIEVE_E_NO`; nothing is written before PUTSCRIPT.
 */
export async function serverUpload(
  client: ManageSieveClient,
  name: string,
  text: string,
  opts: UploadOptions,
): Promise<UploadResult> {
  const size = Buffer.byteLength(text, "utf8");
  const warnings: string[] = [];
  const warn = (w: string | null) => {
    if (w === null) return;
    warnings.push(w);
    if (!opts.quiet) {
      for (const line of w.split(/\r?\n/)) opts.io.stderr.write(`${opts.who}: server warning: ${sanitize(line)}\n`);
    }
  };
  if (client.capabilities.version !== null) warn((await client.checkScript(text)).warnings);
  await client.haveSpace(name, size);
  warn((await client.putScript(name, text)).warnings);
  if (opts.activate) await client.setActive(name);
  return { name, bytes: size, activated: opts.activate, warnings };
}
