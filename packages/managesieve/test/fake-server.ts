/**
 * A scripted, possibly hostile ManageSieve server on 127.0.0.1:0 for tests. Each connection runs
 * the given handler, which writes raw bytes and reads client commands (literals inlined).
 * TLS uses a self-signed certificate generated at test time with openssl.
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";

/** A self-signed certificate for CN=localhost. */
export interface TestCert {
  key: string;
  cert: string;
  /** SHA-256 fingerprint as Node prints it (`AB:CD:…`). */
  fingerprint: string;
}

let cached: TestCert | null = null;

/** Generates (once per process) a self-signed RSA certificate for CN=localhost, valid one day. */
export function testCert(): TestCert {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "managesieve-test-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-days",
        "1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    const key = readFileSync(join(dir, "key.pem"), "utf8");
    const cert = readFileSync(join(dir, "cert.pem"), "utf8");
    cached = { key, cert, fingerprint: new X509Certificate(cert).fingerprint256 };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Dovecot's capability lines before TLS (from /work/shared/peers/dovecot.txt), without the OK. */
export const DOVECOT_CAPS =
  '"IMPLEMENTATION" "Dovecot (Debian) Pigeonhole"\r\n' +
  '"SIEVE" "fileinto reject envelope vacation"\r\n' +
  '"NOTIFY" "mailto"\r\n' +
  '"SASL" "PLAIN LOGIN SCRAM-SHA-1 SCRAM-SHA-256"\r\n' +
  '"STARTTLS"\r\n' +
  '"VERSION" "1.0"\r\n';

/** The same after STARTTLS: no STARTTLS (RFC 5804 §2.2). */
export const DOVECOT_CAPS_TLS = DOVECOT_CAPS.replace('"STARTTLS"\r\n', "");

/** One client connection as the handler sees it. */
export class Session {
  socket: net.Socket | tls.TLSSocket;
  #buf = Buffer.alloc(0);
  #waiters: Array<() => void> = [];
  #ended = false;
  readonly #cert: TestCert | undefined;

  constructor(socket: net.Socket | tls.TLSSocket, cert?: TestCert) {
    this.socket = socket;
    this.#cert = cert;
    this.#listen(socket);
  }

  #listen(socket: net.Socket | tls.TLSSocket): void {
    socket.on("data", this.#onData);
    socket.on("end", this.#onEnd);
    socket.on("close", this.#onEnd);
    socket.on("error", () => this.#onEnd());
  }

  #onData = (chunk: Buffer): void => {
    this.#buf = Buffer.concat([this.#buf, chunk]);
    for (const w of this.#waiters.splice(0)) w();
  };

  #onEnd = (): void => {
    this.#ended = true;
    for (const w of this.#waiters.splice(0)) w();
  };

  /** Writes raw text or bytes. */
  write(data: string | Uint8Array): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  /** Whether the client has closed its side. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Waits until `n` bytes are buffered, or the client hung up (then throws). */
  async #need(n: number): Promise<void> {
    while (this.#buf.length < n) {
      if (this.#ended) throw new Error("client closed the connection");
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Reads one client command line; client literals `{n+}` are inlined as `{n+}\r\n<bytes>`. */
  async readCommand(): Promise<string> {
    let out = "";
    for (;;) {
      let idx = this.#buf.indexOf("\r\n");
      while (idx < 0) {
        await this.#need(this.#buf.length + 1);
        idx = this.#buf.indexOf("\r\n");
      }
      const line = this.#buf.subarray(0, idx).toString("utf8");
      this.#buf = this.#buf.subarray(idx + 2);
      out += line;
      const m = /\{(\d+)\+?\}$/.exec(line);
      if (!m) return out;
      const n = Number(m[1]);
      await this.#need(n);
      out += `\r\n${this.#buf.subarray(0, n).toString("utf8")}`;
      this.#buf = this.#buf.subarray(n);
    }
  }

  /** Reads a command and checks it equals (or matches) `expected`. */
  async expect(expected: string | RegExp): Promise<string> {
    const got = await this.readCommand();
    const ok = typeof expected === "string" ? got === expected : expected.test(got);
    if (!ok) throw new Error(`fake server expected ${String(expected)}, got ${JSON.stringify(got)}`);
    return got;
  }

  /** Upgrades this connection to TLS (server side), after the handler wrote the STARTTLS OK. */
  async startTls(): Promise<void> {
    if (!this.#cert) throw new Error("no certificate configured");
    const raw = this.socket;
    raw.removeListener("data", this.#onData);
    raw.removeListener("end", this.#onEnd);
    raw.removeListener("close", this.#onEnd);
    const secure = new tls.TLSSocket(raw, {
      isServer: true,
      secureContext: tls.createSecureContext({ key: this.#cert.key, cert: this.#cert.cert }),
    });
    this.socket = secure;
    this.#listen(secure);
    await new Promise<void>((resolve, reject) => {
      secure.once("secure", () => resolve());
      secure.once("error", reject);
      secure.once("close", () => reject(new Error("closed during handshake")));
    });
  }

  /** Ends the connection after flushing. */
  end(): void {
    this.socket.end();
  }

  /** Drops the connection at once. */
  destroy(): void {
    this.socket.destroy();
  }
}

/** A running fake server. */
export interface FakeServer {
  port: number;
  /** Errors thrown by handlers (assertion failures of the script). */
  errors: unknown[];
  /** How many connections were accepted. */
  connections: number;
  close(): Promise<void>;
}

/** Options of {@link startServer}. */
export interface FakeServerOptions {
  /** Certificate for STARTTLS / implicit TLS. */
  cert?: TestCert;
  /** Serve implicit TLS. */
  implicit?: boolean;
}

/**
 * Starts a server on 127.0.0.1:0 running `handler` for each connection. The handler gets the
 * session and the connection's index (0-based).
 */
export async function startServer(
  handler: (s: Session, index: number) => Promise<void>,
  options: FakeServerOptions = {},
): Promise<FakeServer> {
  const sockets = new Set<net.Socket>();
  const state: FakeServer = {
    port: 0,
    errors: [],
    connections: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const onSocket = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const session = new Session(socket, options.cert);
    const index = state.connections++;
    handler(session, index).catch((err: unknown) => {
      if (!session.ended) state.errors.push(err);
      socket.destroy();
    });
  };
  const server =
    options.implicit && options.cert
      ? tls.createServer({ key: options.cert.key, cert: options.cert.cert }, onSocket)
      : net.createServer(onSocket);
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  state.port = (server.address() as net.AddressInfo).port;
  return state;
}

/** Handler fragment: greet with Dovecot's capabilities, do STARTTLS, re-send capabilities. */
export async function greetAndStartTls(s: Session): Promise<void> {
  s.write(`${DOVECOT_CAPS}OK "Dovecot ready."\r\n`);
  await s.expect("STARTTLS");
  s.write('OK "Begin TLS negotiation now."\r\n');
  await s.startTls();
  s.write(`${DOVECOT_CAPS_TLS}OK "TLS negotiation successful."\r\n`);
}

/** Handler fragment: greeting, STARTTLS, AUTHENTICATE PLAIN (any credentials), CAPABILITY. */
export async function loginFlow(s: Session, caps = DOVECOT_CAPS_TLS): Promise<void> {
  await greetAndStartTls(s);
  await s.expect(/^AUTHENTICATE "PLAIN" "[A-Za-z0-9+/=]+"$/);
  s.write('OK "Logged in."\r\n');
  await s.expect("CAPABILITY");
  s.write(`${caps}"MAXREDIRECTS" "4"\r\nOK "Capability completed."\r\n`);
}
