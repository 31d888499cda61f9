/**
 * The connection layer: one TCP or TLS socket, the {@link ResponseReader} and the response parser,
 * a queue of parsed server lines, one deadline per phase, AbortSignal handling, STARTTLS upgrade
 * on the same socket (RFC 5804 §2.2) and certificate checks (CA, host name, SHA-256 pinning).
 *
 * Every failure puts the connection in a failed state: the socket is destroyed and every pending
 * and later read rejects with the same {@link ManageSieveError}. Lines that arrived before the
 * failure (e.g. a BYE before the server hung up) are still delivered first.
 *
 * @module
 */
import net from "node:net";
import tls from "node:tls";
import type { CompiledCommand } from "./compiler.ts";
import { ManageSieveError } from "./errors.ts";
import { emit, formatRaw, formatReceived, type Logger } from "./log.ts";
import { type ReaderLimits, ResponseReader } from "./reader.ts";
import { type DataLine, type Line, parseLine, type Response } from "./response.ts";

/** What {@link Connection.open} needs; the client validates and fills in defaults. */
export interface ConnectionOptions {
  host: string;
  port: number;
  /** `"implicit"` starts TLS at once; otherwise the socket is plain until {@link Connection.upgrade}. */
  tls: "starttls" | "implicit" | "none";
  ca?: string | Buffer;
  /** SHA-256 fingerprint of the certificate DER, upper-case hex without colons, or `null`. */
  fingerprint: string | null;
  servername?: string;
  /** `undefined`: verify against the CA store unless a fingerprint pins the certificate. */
  rejectUnauthorized?: boolean;
  /** Deadline of the TCP connect (and of the TLS handshake for implicit TLS), ms. */
  connectTimeout: number;
  signal?: AbortSignal;
  logger?: Logger;
  limits: ReaderLimits;
}

type Socket = net.Socket | tls.TLSSocket;

interface Waiter {
  resolve: (line: Line) => void;
  reject: (err: ManageSieveError) => void;
}

/** Largest delay setTimeout accepts; longer deadlines are clamped to it (~24.8 days). */
const MAX_TIMER = 2 ** 31 - 1;

/** Normalises a fingerprint option: hex with or without colons, any case -> upper-case hex. */
export function normalizeFingerprint(value: string): string {
  const hex = value.replace(/:/g, "").toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) {
    throw new TypeError("fingerprint must be a SHA-256 digest: 64 hex digits, with or without colons");
  }
  return hex;
}

/** A connection to one ManageSieve server. Single-use: once closed or failed, it stays so. */
export class Connection {
  readonly #options: ConnectionOptions;
  #socket: Socket;
  #reader: ResponseReader;
  #queue: Line[] = [];
  #waiter: Waiter | null = null;
  #failure: ManageSieveError | null = null;
  #others = new Set<(err: ManageSieveError) => void>();
  #encrypted = false;
  #verified = false;
  #redact = false;
  #starttlsPending = false;
  #readyForTls = false;
  #connected = false;
  #handshaking = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #onAbort: (() => void) | null = null;

  private constructor(socket: Socket, options: ConnectionOptions) {
    this.#options = options;
    this.#socket = socket;
    this.#reader = new ResponseReader(options.limits);
    this.#attach(socket);
  }

  /**
   * Opens the TCP connection (and the TLS session for implicit TLS) within `connectTimeout`.
   *
   * @throws ManageSieveError `MANAGESIEVE_E_CONNECT`, `MANAGESIEVE_E_TLS`, `MANAGESIEVE_E_TIMEOUT`,
   *   `MANAGESIEVE_E_ABORTED`
   */
  static async open(options: ConnectionOptions): Promise<Connection> {
    const { signal } = options;
    if (signal?.aborted) throw aborted(signal);
    const implicit = options.tls === "implicit";
    const socket = implicit
      ? tls.connect({ host: options.host, port: options.port, ...tlsOptions(options) })
      : net.connect({ host: options.host, port: options.port });
    const conn = new Connection(socket, options);
    if (signal) {
      conn.#onAbort = () => conn.#fail(aborted(signal));
      signal.addEventListener("abort", conn.#onAbort, { once: true });
    }
    conn.beginPhase(options.connectTimeout, "connect");
    emit(options.logger, "info", `connecting to ${options.host}:${options.port}${implicit ? " (implicit TLS)" : ""}`);
    socket.once("connect", () => {
      conn.#connected = true;
      conn.#handshaking = implicit;
    });
    try {
      await conn.#until(socket, implicit ? "secureConnect" : "connect");
      if (implicit) {
        conn.#checkPeer(socket as tls.TLSSocket);
        conn.#handshaking = false;
      }
    } finally {
      conn.endPhase();
    }
    return conn;
  }

  /** Whether the connection is TLS-encrypted. */
  get encrypted(): boolean {
    return this.#encrypted;
  }

  /**
   * Whether the connection is TLS-encrypted *and* the server identity was verified (CA and host
   * name, or the pinned fingerprint). RFC 5804 §2.1.1: no PLAIN when it could not be verified.
   */
  get secure(): boolean {
    return this.#encrypted && this.#verified;
  }

  /** Whether the connection has failed or was closed. */
  get closed(): boolean {
    return this.#failure !== null;
  }

  /** The error that ended the connection, or `null`. */
  get failure(): ManageSieveError | null {
    return this.#failure;
  }

  /** While set, received SASL data is redacted in the log (RFC 5804 §2.1 exchange). */
  set redact(on: boolean) {
    this.#redact = on;
  }

  /**
   * Starts a phase with its own deadline: when it passes, the connection fails with
   * `MANAGESIEVE_E_TIMEOUT`. `Infinity` means no deadline.
   */
  beginPhase(ms: number, what: string): void {
    this.endPhase();
    if (ms === Number.POSITIVE_INFINITY) return;
    this.#timer = setTimeout(
      () => this.#fail(new ManageSieveError("MANAGESIEVE_E_TIMEOUT", `${what} timed out after ${ms} ms`)),
      Math.min(ms, MAX_TIMER),
    );
  }

  /** Ends the current phase's deadline. */
  endPhase(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /**
   * Sends a compiled command.
   *
   * @throws ManageSieveError the connection's failure when it is closed
   */
  send(command: CompiledCommand): void {
    if (this.#failure) throw closedError(this.#failure);
    emit(this.#options.logger, "send", command.log);
    this.#socket.write(command.bytes);
  }

  /**
   * Drops lines that arrived while no command was running (Cyrus sends an extra `NO` after
   * some syntax errors), so they cannot be taken as the answer to the next command.
   *
   * @throws ManageSieveError `MANAGESIEVE_E_BYE` when one of them was a BYE; the failure when closed
   */
  discardStale(): void {
    for (const line of this.#queue.splice(0)) {
      if (line.kind === "status" && line.status === "BYE") {
        const err = new ManageSieveError("MANAGESIEVE_E_BYE", `server said BYE${line.text ? `: ${line.text}` : ""}`, {
          responseCode: line.code,
          serverText: line.text,
        });
        this.#fail(err);
        throw err;
      }
      emit(this.#options.logger, "info", "discarded an unsolicited server line");
    }
    if (this.#failure) throw closedError(this.#failure);
  }

  /** Whether parsed lines are waiting to be read. */
  get hasQueued(): boolean {
    return this.#queue.length > 0;
  }

  /**
   * The next server line.
   *
   * @throws ManageSieveError the connection's failure once no line is left
   */
  next(): Promise<Line> {
    const line = this.#queue.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /**
   * Reads data lines up to and including the status line.
   *
   * @throws ManageSieveError the connection's failure
   */
  async readResponse(): Promise<Response> {
    const data: DataLine[] = [];
    for (;;) {
      const line = await this.next();
      if (line.kind === "status") return { data, status: line };
      data.push(line);
    }
  }

  /**
   * Marks the next status line as the answer to STARTTLS: if it is OK, reading stops right after
   * it, and any byte the server sent after the OK fails the connection with `MANAGESIEVE_E_TLS`
   * (RFC 5804 §2.2: TLS negotiation begins immediately after the CRLF of the OK; anything in
   * between would be injected plaintext).
   */
  expectStartTls(): void {
    this.#starttlsPending = true;
  }

  /**
   * Runs the TLS handshake on the same socket after a STARTTLS OK, then verifies the certificate.
   *
   * @throws ManageSieveError `MANAGESIEVE_E_TLS`, `MANAGESIEVE_E_TIMEOUT`, `MANAGESIEVE_E_ABORTED`
   */
  async upgrade(): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (!this.#readyForTls || this.#queue.length > 0) {
      const err = new ManageSieveError("MANAGESIEVE_E_TLS", "server sent data after the STARTTLS OK");
      this.#fail(err);
      throw err;
    }
    const plain = this.#socket;
    this.#detach(plain);
    const secure = tls.connect({ socket: plain, ...tlsOptions(this.#options) });
    this.#socket = secure;
    this.#reader = new ResponseReader(this.#options.limits);
    this.#handshaking = true;
    this.#attach(secure);
    await this.#until(secure, "secureConnect");
    this.#checkPeer(secure);
    this.#handshaking = false;
    this.#readyForTls = false;
  }

  /** Closes the connection at once; later reads fail with `MANAGESIEVE_E_CLOSED`. Idempotent. */
  close(): void {
    this.#fail(new ManageSieveError("MANAGESIEVE_E_CLOSED", "connection closed by the client"), true);
  }

  #checkPeer(socket: tls.TLSSocket): void {
    this.#encrypted = true;
    let pinned = false;
    if (this.#options.fingerprint !== null) {
      const got = socket.getPeerX509Certificate()?.fingerprint256.replace(/:/g, "").toUpperCase();
      if (got !== this.#options.fingerprint) {
        const err = new ManageSieveError(
          "MANAGESIEVE_E_TLS",
          `server certificate fingerprint ${got ?? "(none)"} does not match the pinned fingerprint`,
        );
        this.#fail(err);
        throw err;
      }
      pinned = true;
    }
    this.#verified = pinned || socket.authorized;
    emit(
      this.#options.logger,
      "info",
      `TLS established (${socket.getProtocol() ?? "?"}, ${this.#verified ? "verified" : `NOT verified: ${String(socket.authorizationError)}`})`,
    );
  }

  /** Resolves on the socket's event, rejects with the connection's failure. */
  #until(socket: Socket, event: "connect" | "secureConnect"): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const done = () => {
        this.#others.delete(fail);
        resolve();
      };
      const fail = (err: ManageSieveError) => {
        socket.removeListener(event, done);
        reject(err);
      };
      this.#others.add(fail);
      socket.once(event, done);
    });
  }

  #attach(socket: Socket): void {
    socket.on("data", this.#onData);
    socket.on("error", this.#onError);
    socket.on("close", this.#onClose);
    socket.on("end", this.#onClose);
  }

  #detach(socket: Socket): void {
    socket.removeListener("data", this.#onData);
    socket.removeListener("error", this.#onError);
    socket.removeListener("close", this.#onClose);
    socket.removeListener("end", this.#onClose);
  }

  #onData = (chunk: Buffer): void => {
    if (this.#failure) return;
    let raws: ReturnType<ResponseReader["push"]>;
    try {
      raws = this.#reader.push(chunk);
    } catch (err) {
      this.#fail(err as ManageSieveError);
      return;
    }
    for (let k = 0; k < raws.length; k++) {
      const raw = raws[k]!;
      let line: Line;
      try {
        line = parseLine(raw);
      } catch (err) {
        emit(this.#options.logger, "recv", this.#redact ? "[redacted]" : formatRaw(raw));
        this.#fail(err as ManageSieveError);
        return;
      }
      emit(this.#options.logger, "recv", formatReceived(raw, line, this.#redact));
      if (this.#starttlsPending && line.kind === "status") {
        this.#starttlsPending = false;
        if (line.status === "OK") {
          if (k < raws.length - 1 || this.#reader.buffered > 0) {
            // RFC 5804 §2.2 / ARCHITECTURE.md rule 5: plaintext after the OK is an injection attempt.
            this.#fail(
              new ManageSieveError(
                "MANAGESIEVE_E_TLS",
                "server sent data after the STARTTLS OK (possible plaintext injection); connection closed",
              ),
            );
            return;
          }
          // Stop reading plaintext: the next bytes belong to the TLS handshake.
          this.#socket.pause();
          this.#socket.removeListener("data", this.#onData);
          this.#readyForTls = true;
        }
      }
      this.#deliver(line);
    }
  };

  #deliver(line: Line): void {
    const w = this.#waiter;
    if (w) {
      this.#waiter = null;
      w.resolve(line);
    } else {
      this.#queue.push(line);
    }
  }

  #onError = (err: Error & { code?: string }): void => {
    const code = !this.#connected
      ? "MANAGESIEVE_E_CONNECT"
      : this.#handshaking
        ? "MANAGESIEVE_E_TLS"
        : "MANAGESIEVE_E_CLOSED";
    const what = !this.#connected
      ? `cannot connect to ${this.#options.host}:${this.#options.port}`
      : this.#handshaking
        ? "TLS handshake failed"
        : "connection failed";
    this.#fail(new ManageSieveError(code, `${what}: ${err.message}`, { cause: err }));
  };

  #onClose = (): void => {
    if (this.#failure) return;
    const what = this.#handshaking
      ? "server closed the connection during the TLS handshake"
      : !this.#connected
        ? `cannot connect to ${this.#options.host}:${this.#options.port}`
        : this.#reader.buffered > 0
          ? "server closed the connection in the middle of a response"
          : "server closed the connection";
    const code = this.#handshaking
      ? "MANAGESIEVE_E_TLS"
      : !this.#connected
        ? "MANAGESIEVE_E_CONNECT"
        : "MANAGESIEVE_E_CLOSED";
    this.#fail(new ManageSieveError(code, what));
  };

  #fail(err: ManageSieveError, quiet = false): void {
    if (this.#failure) return;
    this.#failure = err;
    this.endPhase();
    if (!quiet) emit(this.#options.logger, "info", `connection failed: ${err.code}: ${err.message}`);
    if (this.#onAbort && this.#options.signal) this.#options.signal.removeEventListener("abort", this.#onAbort);
    this.#socket.destroy();
    const w = this.#waiter;
    this.#waiter = null;
    w?.reject(err);
    for (const other of [...this.#others]) other(err);
    this.#others.clear();
  }
}

function tlsOptions(options: ConnectionOptions): tls.ConnectionOptions {
  const servername = options.servername ?? (net.isIP(options.host) ? undefined : options.host);
  // A pinned fingerprint replaces CA validation unless the caller explicitly asked for both:
  // pinning is how self-signed servers are trusted.
  const rejectUnauthorized = options.rejectUnauthorized ?? options.fingerprint === null;
  const o: tls.ConnectionOptions = { host: options.host, rejectUnauthorized, minVersion: "TLSv1.2" };
  if (servername !== undefined) o.servername = servername;
  if (options.ca !== undefined) o.ca = options.ca;
  return o;
}

function aborted(signal: AbortSignal): ManageSieveError {
  return new ManageSieveError("MANAGESIEVE_E_ABORTED", "operation aborted", { cause: signal.reason });
}

function closedError(failure: ManageSieveError): ManageSieveError {
  return failure.code === "MANAGESIEVE_E_CLOSED"
    ? failure
    : new ManageSieveError("MANAGESIEVE_E_CLOSED", `connection is closed (${failure.code})`, { cause: failure });
}
