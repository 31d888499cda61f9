/**
 * `--debug`: the ManageSieve wire trace on stderr (ARCHITECTURE.md, rule 6).
 *
 * The client library already replaces AUTHENTICATE payloads and SASL exchanges with
 * `[redacted]`; this logger also blanks any secret the CLI knows (password, bearer token), in
 * case a server echoes one back, and escapes control characters so a hostile server cannot
 * drive the terminal through the trace.
 *
 * @module
 */
import type { Logger } from "@sieve-toolkit/managesieve";
import type { Output } from "./io.ts";

/** What replaces a known secret in the trace. */
const REDACTED = "[redacted]";

/**
 * Escapes a trace line: backslash, C0 controls, DEL and C1 controls become `\\`, `\r`, `\n`,
 * `\t`, `\xNN`, `\u{NN}`, so every trace entry is one visible terminal line.
 */
export function escapeControls(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return s.replace(/[\\\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => {
    switch (c) {
      case "\\":
        return "\\\\";
      case "\r":
        return "\\r";
      case "\n":
        return "\\n";
      case "\t":
        return "\\t";
      default: {
        const code = c.codePointAt(0) ?? 0;
        return code < 0x80 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
      }
    }
  });
}

/**
 * A {@link Logger} writing `C: …` (sent), `S: …` (received) and `*  …` (notes) to `out`.
 * A multi-line event (a literal's contents) is split at CRLF, each line prefixed alike.
 *
 * @param secrets - called per event: the secrets to blank out (the password once it is known)
 */
export function debugLogger(out: Output, secrets: () => readonly string[]): Logger {
  return ({ direction, text }) => {
    let t = text;
    for (const s of secrets()) if (s !== "") t = t.split(s).join(REDACTED);
    const prefix = direction === "send" ? "C: " : direction === "recv" ? "S: " : "*  ";
    const lines = t.split("\r\n");
    out.write(`${lines.map((l) => `${prefix}${escapeControls(l)}`).join("\n")}\n`);
  };
}
