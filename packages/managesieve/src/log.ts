/**
 * Wire logging (ARCHITECTURE.md, rule 6): injected, silent by default, and redacted. During
 * AUTHENTICATE the payload of the command line, every SASL continuation in either direction and
 * the data of an `OK (SASL …)` are replaced by {@link REDACTED}: they never reach the logger.
 *
 * @module
 */
import type { RawLine } from "./reader.ts";
import type { Line } from "./response.ts";

/** One log event. `send`/`recv` carry a wire line without its CRLF; `info` carries a note. */
export interface LogEvent {
  direction: "send" | "recv" | "info";
  text: string;
}

/** A logger callback. It must not throw; if it does, the error is ignored. */
export type Logger = (event: LogEvent) => void;

/** What replaces a redacted payload in the log. */
export const REDACTED = "[redacted]";

const decoder = new TextDecoder();

/** Calls the logger, if any, ignoring its exceptions (a logger must never break the session). */
export function emit(logger: Logger | undefined, direction: LogEvent["direction"], text: string): void {
  if (logger === undefined) return;
  try {
    logger({ direction, text });
  } catch {
    // A failing logger is the caller's bug; the protocol session goes on.
  }
}

/** A received line as text: segments with their literal contents inlined after `{n}` and CRLF. */
export function formatRaw(raw: RawLine): string {
  let s = "";
  raw.segments.forEach((seg, i) => {
    s += decoder.decode(seg);
    const lit = raw.literals[i];
    if (lit !== undefined) s += `\r\n${decoder.decode(lit)}`;
  });
  return s;
}

/**
 * The log text of a received line. With `redact` (during AUTHENTICATE) a data line (a SASL
 * challenge) becomes `[redacted]`, and a status line keeps its status, code name and text but
 * loses the `SASL` data.
 */
export function formatReceived(raw: RawLine, parsed: Line | null, redact: boolean): string {
  if (!redact) return formatRaw(raw);
  if (parsed === null || parsed.kind === "data") return REDACTED;
  const code = parsed.code === null ? "" : ` (${parsed.code.name}${parsed.code.args.length > 0 ? ` ${REDACTED}` : ""})`;
  const text = parsed.text === null ? "" : ` ${JSON.stringify(parsed.text)}`;
  return `${parsed.status}${code}${text}`;
}
