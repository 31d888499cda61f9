/**
 * The CLI's window on the process: output streams, stdin, environment and working directory,
 * injected so that tests run `main()` in-process with captured streams.
 *
 * @module
 */

/** Where output goes: `process.stdout`, `process.stderr`, or a capture in tests. */
export interface Output {
  /** Text, or raw bytes (`get` passes a script that is not UTF-8 through unchanged). */
  write(chunk: string | Uint8Array): unknown;
  /** True when the stream is a terminal (colour and other niceties only then). */
  isTTY?: boolean;
}

/** Everything a command may touch besides the file system. */
export interface Io {
  stdout: Output;
  stderr: Output;
  /** Read only for a `-` path. */
  stdin: AsyncIterable<Uint8Array | string>;
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths and reported file names are resolved against this. */
  cwd: string;
  /** The controlling terminal, for prompts; absent when not interactive (prompts then fail). */
  tty?: Tty;
}

/** Questions asked on the terminal: the password prompt, `edit`'s "edit again?". */
export interface Tty {
  /**
   * Writes `prompt` to the terminal and reads one line. With `echo: false` the typed characters
   * are not shown (a password). Resolves null on Ctrl-C / Ctrl-D (nothing typed).
   */
  readLine(prompt: string, options: { echo: boolean }): Promise<string | null>;
}

/** The real process, for `bin.ts`. */
export function processIo(): Io {
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
  if (process.stdin.isTTY && process.stderr.isTTY) io.tty = { readLine: readTtyLine };
  return io;
}

/**
 * Reads a line from the terminal in raw mode, echoing only when asked: with echo off the
 * characters never appear (a password prompt), and nothing typed reaches any log. Backspace,
 * Ctrl-U (kill line), Ctrl-C and Ctrl-D (abort) behave as in a cooked terminal.
 */
function readTtyLine(prompt: string, options: { echo: boolean }): Promise<string | null> {
  const stdin = process.stdin;
  const out = process.stderr;
  out.write(prompt);
  return new Promise((resolve) => {
    let buf = "";
    const finish = (value: string | null) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      out.write("\n");
      resolve(value);
    };
    const onData = (data: Buffer | string) => {
      for (const ch of typeof data === "string" ? data : data.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return finish(buf);
        if (ch === "\u0003" || (ch === "\u0004" && buf === "")) return finish(null);
        if (ch === "\u007f" || ch === "\b") {
          if (buf !== "") {
            buf = Array.from(buf).slice(0, -1).join("");
            if (options.echo) out.write("\b \b");
          }
        } else if (ch === "\u0015") {
          if (options.echo) out.write("\b \b".repeat(Array.from(buf).length));
          buf = "";
        } else if (ch >= " ") {
          buf += ch;
          if (options.echo) out.write(ch);
        }
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}

/** Reads a whole stream into bytes. */
export async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * Decides whether to colour a stream: never with `--no-color` or a non-empty `NO_COLOR`
 * (https://no-color.org); `FORCE_COLOR` set to anything but `0`/`false`/empty forces it on;
 * otherwise only on a terminal.
 */
export function useColor(stream: Output, env: Io["env"], noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === "0" || force === "false") return false;
    if (force !== "") return true;
  }
  return stream.isTTY === true;
}

/** ANSI styles that collapse to identity when colour is off. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

/** A {@link Style} that colours when `on`. */
export function makeStyle(on: boolean): Style {
  const wrap = (open: number, close: number) => (s: string) => (on ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    green: wrap(32, 39),
    cyan: wrap(36, 39),
  };
}

/**
 * Replaces control characters (C0 except TAB, DEL, C1) with U+FFFD, so a hostile script or
 * file name cannot send escape sequences to the user's terminal. One code unit in, one out:
 * columns stay aligned.
 */
export function sanitize(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return s.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, "\ufffd");
}
