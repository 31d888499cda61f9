/**
 * A deliberately dumb ManageSieve session over raw `node:net`/`node:tls`, independent of the
 * client library: it proves the harness servers work before the client exists, and lets a test
 * see the exact bytes a server sends so the client's view can be compared with them.
 *
 * @module
 */
import { createConnection, type Socket } from "node:net";
import { connect as tlsConnect, type TLSSocket } from "node:tls";

/** One complete server response: everything up to and including the OK/NO/BYE line. */
export interface RawResponse {
  /** The response's bytes as received. */
  bytes: Buffer;
  /** The bytes decoded as UTF-8. */
  text: string;
  /** "OK", "NO" or "BYE". */
  status: "OK" | "NO" | "BYE";
  /** The status line's literal ({n}) content, if the human text was sent as a literal. */
  literal: Buffer | null;
  /** Every literal's content in order, data lines' (e.g. GETSCRIPT's script) included. */
  literals: Buffer[];
}

/** A raw ManageSieve session. */
export class RawSession {
  /** The socket (a TLSSocket for implicit TLS). */
  readonly socket: Socket | TLSSocket;
  private buf: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private closed = false;
  private error: Error | null = null;

  /** Use {@link RawSession.open}. */
  constructor(socket: Socket | TLSSocket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      this.wake();
    });
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
    socket.on("error", (err) => {
      this.error = err;
      this.wake();
    });
  }

  /** Connects (optionally with implicit TLS, trusting `ca`) and returns the session; the greeting is unread. */
  static open(host: string, port: number, tls?: { ca: string; servername?: string }): Promise<RawSession> {
    return new Promise((resolve, reject) => {
      const sock = tls
        ? tlsConnect({ host, port, ca: tls.ca, servername: tls.servername ?? "localhost" })
        : createConnection({ host, port });
      const ready = tls ? "secureConnect" : "connect";
      sock.once(ready, () => {
        sock.off("error", reject);
        resolve(new RawSession(sock));
      });
      sock.once("error", reject);
    });
  }

  /** Sends a string (UTF-8) or bytes as they are. */
  send(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Reads one complete response (capability lines, literals, …, final OK/NO/BYE line). */
  async read(timeoutMs = 15000): Promise<RawResponse> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = completeResponse(this.buf);
      if (end) {
        const bytes = this.buf.subarray(0, end.length);
        this.buf = this.buf.subarray(end.length);
        return {
          bytes,
          text: bytes.toString("utf8"),
          status: end.status,
          literal: end.literal,
          literals: end.literals,
        };
      }
      if (this.error) throw this.error;
      if (this.closed) throw new Error(`connection closed; unparsed: ${JSON.stringify(this.buf.toString("utf8"))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; unparsed: ${JSON.stringify(this.buf.toString("utf8"))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Sends a command line (CRLF added) and reads its response. */
  async command(line: string | Buffer): Promise<RawResponse> {
    this.send(Buffer.concat([Buffer.isBuffer(line) ? line : Buffer.from(line, "utf8"), Buffer.from("\r\n")]));
    return this.read();
  }

  /** Authenticates with PLAIN (initial response); the connection must be allowed to do so. */
  async loginPlain(user: string, password: string): Promise<RawResponse> {
    const token = Buffer.from(`\0${user}\0${password}`, "utf8").toString("base64");
    return this.command(`AUTHENTICATE "PLAIN" "${token}"`);
  }

  /** Ends the socket without LOGOUT. */
  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
}

/**
 * Finds the end of the first complete response in `buf`: walks line by line, skipping the
 * content of `{n}`/`{n+}` literals, until a line starting with OK, NO or BYE (and its literal) is
 * complete. Returns null when more bytes are needed.
 */
function completeResponse(
  buf: Buffer,
): { length: number; status: "OK" | "NO" | "BYE"; literal: Buffer | null; literals: Buffer[] } | null {
  let pos = 0;
  const literals: Buffer[] = [];
  for (;;) {
    const eol = buf.indexOf("\r\n", pos);
    if (eol < 0) return null;
    const line = buf.subarray(pos, eol).toString("latin1");
    const status = /^(OK|NO|BYE)\b/.exec(line)?.[1] as "OK" | "NO" | "BYE" | undefined;
    const lit = /\{(\d+)\+?\}$/.exec(line);
    let next = eol + 2;
    let literal: Buffer | null = null;
    if (lit) {
      const n = Number(lit[1]);
      if (buf.length < next + n) return null;
      literal = buf.subarray(next, next + n);
      literals.push(literal);
      next += n;
      // A literal ends mid-line: the rest of that line follows it.
      const after = buf.indexOf("\r\n", next);
      if (after < 0) return null;
      next = after + 2;
    }
    if (status) return { length: next, status, literal, literals };
    pos = next;
  }
}
