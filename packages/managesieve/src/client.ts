/**
 * `ManageSieveClient`: the public API and state machine of the RFC 5804 client. One client per
 * connection (ARCHITECTURE.md, rule 2); commands run one at a time, in call order.
 *
 * @module
 */
import type { Capabilities } from "./capabilities.ts";
import { parseCapabilities } from "./capabilities.ts";
import { authenticate as runAuthenticate } from "./commands/authenticate.ts";
import { capability as runCapability } from "./commands/capability.ts";
import { checkScript as runCheckScript } from "./commands/checkscript.ts";
import { deleteScript as runDeleteScript } from "./commands/deletescript.ts";
import { getScript as runGetScript } from "./commands/getscript.ts";
import { haveSpace as runHaveSpace } from "./commands/havespace.ts";
import { listScripts as runListScripts, type ScriptInfo } from "./commands/listscripts.ts";
import { logout as runLogout } from "./commands/logout.ts";
import { noop as runNoop } from "./commands/noop.ts";
import { putScript as runPutScript } from "./commands/putscript.ts";
import { emulateRenameScript, renameScript as runRenameScript } from "./commands/renamescript.ts";
import type { CommandContext } from "./commands/run.ts";
import { setActive as runSetActive } from "./commands/setactive.ts";
import { startTls } from "./commands/starttls.ts";
import { unauthenticate as runUnauthenticate } from "./commands/unauthenticate.ts";
import { utf8 } from "./compiler.ts";
import { Connection, type ConnectionOptions, normalizeFingerprint } from "./connection.ts";
import { ManageSieveError, type ResponseCode } from "./errors.ts";
import { emit, type Logger } from "./log.ts";
import { normalizeScriptName } from "./names.ts";
import { DEFAULT_LIMITS, type ReaderLimits } from "./reader.ts";
import { statusError } from "./response.ts";
import type { SaslCredentials, SaslMechanism } from "./sasl/index.ts";

/** The SASL functions the client uses; by default those of `src/sasl/index.ts`. */
export interface SaslProvider {
  createMechanism(name: string, creds: SaslCredentials): SaslMechanism;
  chooseMechanism(
    offered: string[],
    creds: SaslCredentials,
    opts: { secure: boolean; allowCleartextSecrets: boolean; prefer?: string },
  ): string | null;
}

/** Options of {@link ManageSieveClient.connect}. Invalid values throw `TypeError`. */
export interface ConnectOptions {
  /** Server host name or IP address. Required. */
  host: string;
  /** TCP port. Default 4190 (RFC 5804 §1.8). */
  port?: number;
  /**
   * `"starttls"` (default): STARTTLS is REQUIRED; fails with `MANAGESIEVE_E_TLS` when the server
   * does not offer it. `"implicit"`: TLS from the first byte. `"none"`: no TLS (credentials that
   * travel in clear are then refused unless `allowCleartextSecrets`).
   */
  tls?: "starttls" | "implicit" | "none";
  /** Trusted CA certificate(s), PEM. Default: Node's CA store. */
  ca?: string | Buffer;
  /**
   * Pin the server certificate: SHA-256 of its DER, hex with or without colons, any case. When
   * set and `rejectUnauthorized` is not given, the pin replaces CA validation (self-signed
   * servers); with `rejectUnauthorized: true` both must pass.
   */
  fingerprint?: string;
  /** Name to verify the certificate against and send as SNI. Default: `host` (no SNI for IPs). */
  servername?: string;
  /** Verify the certificate chain and host name. Default `true` (see `fingerprint`). */
  rejectUnauthorized?: boolean;
  /** Default `false`: never send PLAIN/LOGIN/XOAUTH2/OAUTHBEARER over an unverified or unencrypted connection. */
  allowCleartextSecrets?: boolean;
  /** Deadlines in ms (`Infinity`: none): connect 10000, greeting 10000, each command 30000. */
  timeouts?: { connect?: number; greeting?: number; command?: number };
  /** Aborting closes the connection; the pending operation fails with `MANAGESIEVE_E_ABORTED`. */
  signal?: AbortSignal;
  /** Wire trace, redacted: AUTHENTICATE payloads are never passed. Default: none. */
  logger?: Logger;
  /** Size limits in bytes: lines 64 KiB, literals 16 MiB, responses 32 MiB (`Infinity`: none). */
  limits?: { maxLineLength?: number; maxLiteralSize?: number; maxResponseSize?: number };
  /** How many referrals (RFC 5804 §1.3 REFERRAL) to follow. Default 3; 0 follows none. */
  maxReferrals?: number;
  /** Replaces the built-in SASL module (custom mechanisms, tests). Default: `src/sasl/index.ts`. */
  sasl?: SaslProvider;
}

/** Credentials for {@link ManageSieveClient.authenticate}, with an optional forced mechanism. */
export type AuthenticateOptions = SaslCredentials & {
  /** Use this mechanism (must be offered by the server). Default: the strongest usable one. */
  mechanism?: string;
};

interface Resolved {
  host: string;
  port: number;
  tls: "starttls" | "implicit" | "none";
  ca?: string | Buffer;
  fingerprint: string | null;
  servername?: string;
  rejectUnauthorized?: boolean;
  allowCleartextSecrets: boolean;
  connectTimeout: number;
  greetingTimeout: number;
  commandTimeout: number;
  signal?: AbortSignal;
  logger?: Logger;
  limits: ReaderLimits;
  maxReferrals: number;
  sasl?: SaslProvider;
}

type State = "nonauth" | "auth" | "closed";

let builtinSasl: Promise<SaslProvider> | null = null;

/** Loads the built-in SASL module on first use. */
function loadSasl(): Promise<SaslProvider> {
  builtinSasl ??= import("./sasl/index.ts");
  return builtinSasl;
}

/**
 * A ManageSieve (RFC 5804) client connected to one server. Create it with
 * {@link ManageSieveClient.connect}; finish with {@link ManageSieveClient.logout} or
 * {@link ManageSieveClient.close}. Every method rejects with a {@link ManageSieveError}.
 */
export class ManageSieveClient {
  #conn: Connection;
  #caps: Capabilities;
  #state: State = "nonauth";
  readonly #options: Resolved;
  #referrals: number;
  readonly #visited: Set<string>;
  #lock: Promise<unknown> = Promise.resolve();

  private constructor(
    conn: Connection,
    caps: Capabilities,
    options: Resolved,
    referrals: number,
    visited: Set<string>,
  ) {
    this.#conn = conn;
    this.#caps = caps;
    this.#options = options;
    this.#referrals = referrals;
    this.#visited = visited;
  }

  /**
   * Connects, reads the greeting, follows greeting referrals, and runs STARTTLS per `options.tls`.
   * Resolves when the capabilities are known.
   *
   * @throws TypeError for invalid options
   * @throws ManageSieveError `MANAGESIEVE_E_CONNECT`, `MANAGESIEVE_E_TLS` (also: STARTTLS not offered
   *   with the default `tls: "starttls"`), `MANAGESIEVE_E_TIMEOUT`, `MANAGESIEVE_E_ABORTED`,
   *   `MANAGESIEVE_E_BYE`, `MANAGESIEVE_E_NO`, `MANAGESIEVE_E_PROTOCOL`, `MANAGESIEVE_E_LIMIT`,
   *   `MANAGESIEVE_E_REFERRAL`, `MANAGESIEVE_E_CLOSED`
   */
  static async connect(options: ConnectOptions): Promise<ManageSieveClient> {
    const resolved = resolveOptions(options);
    const visited = new Set<string>();
    let referrals = 0;
    let target = { host: resolved.host, port: resolved.port };
    for (;;) {
      visited.add(key(target));
      const opened = await open(resolved, target.host, target.port);
      if ("referral" in opened) {
        target = followReferral(opened.referral, resolved, visited, ++referrals);
        delete resolved.servername; // it names the server that referred us
        continue;
      }
      return new ManageSieveClient(opened.conn, opened.caps, { ...resolved, ...target }, referrals, visited);
    }
  }

  /** The latest capabilities: from the greeting, STARTTLS, authentication or {@link capability}. */
  get capabilities(): Capabilities {
    return this.#caps;
  }

  /**
   * Whether the connection is TLS-encrypted and the server's identity was verified (CA + host
   * name, or the pinned fingerprint). An encrypted but unverified connection is not secure
   * (RFC 5804 §2.1.1).
   */
  get secure(): boolean {
    return this.#conn.secure;
  }

  /** Whether AUTHENTICATE succeeded (and UNAUTHENTICATE has not been run since). */
  get authenticated(): boolean {
    return this.#state === "auth" && !this.#conn.closed;
  }

  /** The host and port currently connected to (differs from the options after a referral). */
  get server(): { host: string; port: number } {
    return { host: this.#options.host, port: this.#options.port };
  }

  /**
   * Authenticates with SASL (RFC 5804 §2.1), then re-reads the capabilities (servers add e.g.
   * MAXREDIRECTS or OWNER after login). Follows `NO`/`BYE (REFERRAL …)` to the referred server,
   * where STARTTLS and authentication are repeated.
   *
   * The mechanism is `creds.mechanism` if given, else the strongest usable one offered. A mechanism
   * that sends a secret in clear is refused on a connection that is not {@link secure} unless
   * `allowCleartextSecrets`.
   *
   * @throws ManageSieveError `MANAGESIEVE_E_STATE` (already authenticated), `MANAGESIEVE_E_ENCRYPT_NEEDED`,
   *   `MANAGESIEVE_E_AUTH` (rejected, no usable mechanism, server signature wrong), `MANAGESIEVE_E_ARGUMENT`
   *   (unsendable credentials), `MANAGESIEVE_E_REFERRAL`, `MANAGESIEVE_E_BYE` and connection errors
   */
  authenticate(creds: AuthenticateOptions): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#state !== "nonauth") {
        throw new ManageSieveError("MANAGESIEVE_E_STATE", "AUTHENTICATE: already authenticated");
      }
      const sasl = this.#options.sasl ?? (await loadSasl());
      for (;;) {
        try {
          await this.#authenticateOnce(sasl, creds);
          break;
        } catch (err) {
          const referral = referralOf(err);
          if (referral === null) throw err;
          // RFC 5804 §1.3 REFERRAL: "authenticate to the specified server and use it for all
          // further commands in the current session".
          this.#conn.close();
          delete this.#options.servername; // it names the server that referred us
          let target = followReferral(referral, this.#options, this.#visited, ++this.#referrals);
          let opened = await open(this.#options, target.host, target.port);
          while ("referral" in opened) {
            target = followReferral(opened.referral, this.#options, this.#visited, ++this.#referrals);
            opened = await open(this.#options, target.host, target.port);
          }
          this.#conn = opened.conn;
          this.#caps = opened.caps;
          Object.assign(this.#options, target);
        }
      }
      this.#state = "auth";
      // The server may add capabilities after login (Dovecot: MAXREDIRECTS, Cyrus: OWNER).
      this.#caps = await runCapability(this.#ctx());
    });
  }

  async #authenticateOnce(sasl: SaslProvider, creds: AuthenticateOptions): Promise<void> {
    const { mechanism, ...rest } = creds;
    const full: SaslCredentials = { host: this.#options.host, port: this.#options.port, ...rest };
    const secure = this.#conn.secure;
    const allow = this.#options.allowCleartextSecrets;
    let name: string;
    if (mechanism !== undefined) {
      name = mechanism.toUpperCase();
      if (!this.#caps.sasl.includes(name)) {
        throw new ManageSieveError(
          "MANAGESIEVE_E_AUTH",
          `server does not offer SASL mechanism ${name} (offered: ${this.#caps.sasl.join(" ") || "none"})`,
        );
      }
    } else {
      const chosen = sasl.chooseMechanism(this.#caps.sasl, full, { secure, allowCleartextSecrets: allow });
      if (chosen === null) {
        if (sasl.chooseMechanism(this.#caps.sasl, full, { secure: true, allowCleartextSecrets: true }) !== null) {
          throw encryptNeeded(secure);
        }
        throw new ManageSieveError(
          "MANAGESIEVE_E_AUTH",
          `no usable SASL mechanism for these credentials (offered: ${this.#caps.sasl.join(" ") || "none"})`,
        );
      }
      name = chosen;
    }
    const mech = sasl.createMechanism(name, full);
    // ARCHITECTURE.md rule 5, RFC 5804 §2.1.1: PLAIN only over TLS with a verified server.
    if (mech.sendsSecretInClear && !secure && !allow) throw encryptNeeded(secure);
    emit(this.#options.logger, "info", `authenticating with ${mech.name}`);
    await runAuthenticate(this.#ctx(), mech);
  }

  /**
   * Lists the scripts (LISTSCRIPTS, RFC 5804 §2.7).
   *
   * @throws ManageSieveError `MANAGESIEVE_E_STATE`, `MANAGESIEVE_E_NO`, `MANAGESIEVE_E_PROTOCOL` and connection errors
   */
  listScripts(): Promise<Array<{ name: string; active: boolean }>> {
    return this.#authed(() => runListScripts(this.#ctx()));
  }

  /**
   * Downloads a script as text (GETSCRIPT, RFC 5804 §2.9). The name is NFC-normalised.
   *
   * @throws ManageSieveError `MANAGESIEVE_E_ARGUMENT` (bad name), `MANAGESIEVE_E_NO` (NONEXISTENT, …),
   *   `MANAGESIEVE_E_PROTOCOL` (not valid UTF-8: use {@link getScriptBytes}), `MANAGESIEVE_E_STATE`
   */
  async getScript(name: string): Promise<string> {
    const bytes = await this.getScriptBytes(name);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (cause) {
      throw new ManageSieveError("MANAGESIEVE_E_PROTOCOL", "GETSCRIPT: script is not valid UTF-8", { cause });
    }
  }

  /**
   * Downloads a script's bytes unchanged (GETSCRIPT, RFC 5804 §2.9).
   *
   * @throws ManageSieveError as {@link getScript}, except for UTF-8 validation
   */
  async getScriptBytes(name: string): Promise<Uint8Array> {
    const n = normalizeScriptName(name);
    return this.#authed(() => runGetScript(this.#ctx(), n));
  }

  /**
   * Uploads a script (PUTSCRIPT, RFC 5804 §2.6), replacing one of the same name.
   *
   * @returns `warnings`: the server's text of an `OK (WARNINGS)`, else `null`
   * @throws ManageSieveError `MANAGESIEVE_E_NO` (script errors in `serverText`, QUOTA/…),
   *   `MANAGESIEVE_E_ARGUMENT`, `MANAGESIEVE_E_STATE` and connection errors
   */
  async putScript(name: string, content: string): Promise<{ warnings: string | null }> {
    const n = normalizeScriptName(name);
    checkContent(content);
    return this.#authed(() => runPutScript(this.#ctx(), n, content));
  }

  /**
   * Validates a script on the server without storing it (CHECKSCRIPT, RFC 5804 §2.12).
   *
   * @returns `warnings`: the server's text of an `OK (WARNINGS)`, else `null`
   * @throws ManageSieveError `MANAGESIEVE_E_NO` (errors in `serverText`), `MANAGESIEVE_E_ARGUMENT`,
   *   `MANAGESIEVE_E_STATE` and connection errors
   */
  async checkScript(content: string): Promise<{ warnings: string | null }> {
    checkContent(content);
    return this.#authed(() => runCheckScript(this.#ctx(), content));
  }

  /**
   * Asks whether a script of `size` bytes fits (HAVESPACE, RFC 5804 §2.5). Resolves when it does.
   *
   * @throws ManageSieveError `MANAGESIEVE_E_NO` (QUOTA, QUOTA/MAXSCRIPTS, QUOTA/MAXSIZE),
   *   `MANAGESIEVE_E_ARGUMENT` (bad name, size not an integer in 0…2³²-1), `MANAGESIEVE_E_STATE`
   */
  async haveSpace(name: string, size: number): Promise<void> {
    const n = normalizeScriptName(name);
    if (!Number.isInteger(size) || size < 0 || size >= 2 ** 32) {
      throw new ManageSieveError("MANAGESIEVE_E_ARGUMENT", "HAVESPACE: size must be an integer from 0 to 4294967295");
    }
    return this.#authed(() => runHaveSpace(this.#ctx(), n, size));
  }

  /**
   * Activates a script; `""` deactivates scripting (SETACTIVE, RFC 5804 §2.8).
   *
   * @throws ManageSieveError `MANAGESIEVE_E_NO` (NONEXISTENT), `MANAGESIEVE_E_ARGUMENT`, `MANAGESIEVE_E_STATE`
   */
  async setActive(name: string): Promise<void> {
    const n = normalizeScriptName(name, { allowEmpty: true });
    return this.#authed(() => runSetActive(this.#ctx(), n));
  }

  /**
   * Deletes a script (DELETESCRIPT, RFC 5804 §2.10).
   *
   * @throws ManageSieveError `MANAGESIEVE_E_NO` (ACTIVE, NONEXISTENT), `MANAGESIEVE_E_ARGUMENT`, `MANAGESIEVE_E_STATE`
   */
  async deleteScript(name: string): Promise<void> {
    const n = normalizeScriptName(name);
    return this.#authed(() => runDeleteScript(this.#ctx(), n));
  }

  /**
   * Renames a script (RENAMESCRIPT, RFC 5804 §2.11). Without the VERSION capability (pre-RFC
   * servers) it is emulated with LISTSCRIPTS/GETSCRIPT/PUTSCRIPT/SETACTIVE/DELETESCRIPT and never
   * overwrites an existing script.
   *
   * @throws ManageSieveError `MANAGESIEVE_E_NO` (NONEXISTENT, ALREADYEXISTS, QUOTA…),
   *   `MANAGESIEVE_E_ARGUMENT`, `MANAGESIEVE_E_STATE` and connection errors
   */
  async renameScript(oldName: string, newName: string): Promise<void> {
    const o = normalizeScriptName(oldName);
    const n = normalizeScriptName(newName);
    return this.#authed(() =>
      this.#caps.version === null ? emulateRenameScript(this.#ctx(), o, n) : runRenameScript(this.#ctx(), o, n),
    );
  }

  /**
   * NOOP (RFC 5804 §2.13), valid in any state.
   *
   * @returns the server's echo of `tag` (TAG response code), or `null`
   * @throws ManageSieveError `MANAGESIEVE_E_ARGUMENT` (lone surrogates), `MANAGESIEVE_E_NO` and connection errors
   */
  async noop(tag?: string): Promise<string | null> {
    if (tag !== undefined) utf8(tag);
    return this.#exclusive(() => runNoop(this.#ctx(), tag));
  }

  /**
   * Re-reads and returns the capabilities (CAPABILITY, RFC 5804 §2.4).
   *
   * @throws ManageSieveError `MANAGESIEVE_E_NO`, `MANAGESIEVE_E_PROTOCOL` and connection errors
   */
  capability(): Promise<Capabilities> {
    return this.#exclusive(async () => {
      this.#caps = await runCapability(this.#ctx());
      return this.#caps;
    });
  }

  /**
   * Returns to the non-authenticated state (UNAUTHENTICATE, RFC 5804 §2.14.1), then re-reads the
   * capabilities. Only when the server advertises UNAUTHENTICATE.
   *
   * @throws ManageSieveError `MANAGESIEVE_E_STATE` (not authenticated, or not advertised) and connection errors
   */
  unauthenticate(): Promise<void> {
    return this.#authed(async () => {
      if (!this.#caps.unauthenticate) {
        throw new ManageSieveError("MANAGESIEVE_E_STATE", "UNAUTHENTICATE: the server does not advertise it");
      }
      await runUnauthenticate(this.#ctx());
      this.#state = "nonauth";
      this.#caps = await runCapability(this.#ctx());
    });
  }

  /** Sends LOGOUT (RFC 5804 §2.3) and closes the connection. Never rejects; safe to call twice. */
  logout(): Promise<void> {
    if (this.#state === "closed" || this.#conn.closed) {
      this.close();
      return Promise.resolve();
    }
    return this.#exclusive(async () => {
      await runLogout(this.#ctx());
      this.#state = "closed";
    }).catch(() => this.close());
  }

  /** Closes the connection at once, without LOGOUT. Pending commands fail with `MANAGESIEVE_E_CLOSED`. */
  close(): void {
    this.#state = "closed";
    this.#conn.close();
  }

  #ctx(): CommandContext {
    return { conn: this.#conn, timeout: this.#options.commandTimeout };
  }

  /** Runs `fn` after every earlier command, failing fast when the connection is gone. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.#state === "closed" || this.#conn.closed) {
        const cause = this.#conn.failure;
        throw new ManageSieveError("MANAGESIEVE_E_CLOSED", "connection is closed", cause ? { cause } : {});
      }
      return fn();
    };
    const result = this.#lock.then(run, run);
    this.#lock = result.catch(() => undefined);
    return result;
  }

  #authed<T>(fn: () => Promise<T>): Promise<T> {
    return this.#exclusive(() => {
      if (this.#state !== "auth") {
        throw new ManageSieveError("MANAGESIEVE_E_STATE", "not authenticated: call authenticate() first");
      }
      return fn();
    });
  }
}

function encryptNeeded(secure: boolean): ManageSieveError {
  return new ManageSieveError(
    "MANAGESIEVE_E_ENCRYPT_NEEDED",
    secure
      ? "refusing to send credentials in clear"
      : "refusing to send credentials in clear over a connection that is not TLS-protected with a verified server (set allowCleartextSecrets to override)",
  );
}

function checkContent(content: string): void {
  if (typeof content !== "string")
    throw new ManageSieveError("MANAGESIEVE_E_ARGUMENT", "script content must be a string");
  utf8(content);
}

function key(t: { host: string; port: number }): string {
  return `${t.host.toLowerCase()}:${t.port}`;
}

/** The REFERRAL URL of an error's response code, or `null`. */
function referralOf(err: unknown): string | null {
  if (!(err instanceof ManageSieveError) || err.responseCode?.name !== "REFERRAL") return null;
  return err.responseCode.args[0] ?? "";
}

/**
 * Validates a referral and counts it.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_PROTOCOL` (not a sieve:// URL), `MANAGESIEVE_E_REFERRAL`
 *   (loop, or more than `maxReferrals`)
 */
function followReferral(
  url: string,
  options: Resolved,
  visited: Set<string>,
  count: number,
): { host: string; port: number } {
  const responseCode: ResponseCode = { name: "REFERRAL", args: [url] };
  const target = parseSieveUrl(url);
  if (target === null) {
    throw new ManageSieveError("MANAGESIEVE_E_PROTOCOL", `invalid referral URL "${url}"`, { responseCode });
  }
  if (count > options.maxReferrals) {
    throw new ManageSieveError(
      "MANAGESIEVE_E_REFERRAL",
      `server referred to ${url}; more than maxReferrals (${options.maxReferrals}) referrals`,
      { responseCode },
    );
  }
  if (visited.has(key(target))) {
    throw new ManageSieveError("MANAGESIEVE_E_REFERRAL", `referral loop: ${url} was already visited`, { responseCode });
  }
  visited.add(key(target));
  emit(options.logger, "info", `following referral to ${target.host}:${target.port}`);
  return target;
}

/** Parses `sieve://[user@]host[:port][/…]` (RFC 5804 §3); the path is ignored (§1.3). */
export function parseSieveUrl(url: string): { host: string; port: number } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol.toLowerCase() !== "sieve:" || u.hostname === "") return null;
  const host = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
  const port = u.port === "" ? 4190 : Number(u.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { host, port };
}

/**
 * Opens a connection, reads the greeting and runs STARTTLS per the options.
 * A greeting `BYE (REFERRAL …)` is returned for the caller to follow.
 */
async function open(
  options: Resolved,
  host: string,
  port: number,
): Promise<{ conn: Connection; caps: Capabilities } | { referral: string }> {
  const copts: ConnectionOptions = {
    host,
    port,
    tls: options.tls,
    fingerprint: options.fingerprint,
    connectTimeout: options.connectTimeout,
    limits: options.limits,
  };
  if (options.ca !== undefined) copts.ca = options.ca;
  if (options.servername !== undefined) copts.servername = options.servername;
  if (options.rejectUnauthorized !== undefined) copts.rejectUnauthorized = options.rejectUnauthorized;
  if (options.signal !== undefined) copts.signal = options.signal;
  if (options.logger !== undefined) copts.logger = options.logger;
  const conn = await Connection.open(copts);
  try {
    conn.beginPhase(options.greetingTimeout, "greeting");
    let greeting: Awaited<ReturnType<Connection["readResponse"]>>;
    try {
      greeting = await conn.readResponse();
    } finally {
      conn.endPhase();
    }
    const { status } = greeting;
    if (status.status !== "OK") {
      conn.close();
      const err = statusError(status, "greeting");
      const referral = referralOf(err);
      if (referral !== null) return { referral };
      throw err;
    }
    let caps = parseCapabilities(greeting.data);
    if (options.tls === "starttls") {
      if (!caps.starttls) {
        // The default is STARTTLS REQUIRED: never fall back to cleartext silently.
        throw new ManageSieveError(
          "MANAGESIEVE_E_TLS",
          'server does not offer STARTTLS; refusing to continue without TLS (set tls: "none" to allow)',
        );
      }
      caps = await startTls({ conn, timeout: options.commandTimeout });
    }
    return { conn, caps };
  } catch (err) {
    conn.close();
    throw err;
  }
}

const TIMEOUT_DEFAULTS = { connect: 10_000, greeting: 10_000, command: 30_000 };

function checkLimit(name: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== "number" ||
    Number.isNaN(value) ||
    value < min ||
    (!Number.isInteger(value) && value !== Infinity)
  ) {
    throw new TypeError(`${name} must be an integer >= ${min} or Infinity, got ${String(value)}`);
  }
  return value;
}

/** Validates options (ARCHITECTURE.md rule 3: junk throws TypeError) and applies defaults. */
function resolveOptions(o: ConnectOptions): Resolved {
  if (o === null || typeof o !== "object") throw new TypeError("options must be an object");
  if (typeof o.host !== "string" || o.host === "") throw new TypeError("host must be a non-empty string");
  const port = o.port ?? 4190;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new TypeError("port must be an integer from 1 to 65535");
  const tls = o.tls ?? "starttls";
  if (tls !== "starttls" && tls !== "implicit" && tls !== "none") {
    throw new TypeError('tls must be "starttls", "implicit" or "none"');
  }
  if (o.ca !== undefined && typeof o.ca !== "string" && !Buffer.isBuffer(o.ca)) {
    throw new TypeError("ca must be a PEM string or a Buffer");
  }
  if (o.fingerprint !== undefined && typeof o.fingerprint !== "string")
    throw new TypeError("fingerprint must be a string");
  if (o.servername !== undefined && (typeof o.servername !== "string" || o.servername === "")) {
    throw new TypeError("servername must be a non-empty string");
  }
  for (const k of ["rejectUnauthorized", "allowCleartextSecrets"] as const) {
    if (o[k] !== undefined && typeof o[k] !== "boolean") throw new TypeError(`${k} must be a boolean`);
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal))
    throw new TypeError("signal must be an AbortSignal");
  if (o.logger !== undefined && typeof o.logger !== "function") throw new TypeError("logger must be a function");
  const t = o.timeouts ?? {};
  const l = o.limits ?? {};
  const r: Resolved = {
    host: o.host,
    port,
    tls,
    fingerprint: o.fingerprint === undefined ? null : normalizeFingerprint(o.fingerprint),
    allowCleartextSecrets: o.allowCleartextSecrets ?? false,
    connectTimeout: checkLimit("timeouts.connect", t.connect, TIMEOUT_DEFAULTS.connect),
    greetingTimeout: checkLimit("timeouts.greeting", t.greeting, TIMEOUT_DEFAULTS.greeting),
    commandTimeout: checkLimit("timeouts.command", t.command, TIMEOUT_DEFAULTS.command),
    limits: {
      maxLineLength: checkLimit("limits.maxLineLength", l.maxLineLength, DEFAULT_LIMITS.maxLineLength),
      maxLiteralSize: checkLimit("limits.maxLiteralSize", l.maxLiteralSize, DEFAULT_LIMITS.maxLiteralSize),
      maxResponseSize: checkLimit("limits.maxResponseSize", l.maxResponseSize, DEFAULT_LIMITS.maxResponseSize),
    },
    maxReferrals: checkLimit("maxReferrals", o.maxReferrals, 3),
  };
  if (o.ca !== undefined) r.ca = o.ca;
  if (o.servername !== undefined) r.servername = o.servername;
  if (o.rejectUnauthorized !== undefined) r.rejectUnauthorized = o.rejectUnauthorized;
  if (o.signal !== undefined) r.signal = o.signal;
  if (o.logger !== undefined) r.logger = o.logger;
  if (o.sasl !== undefined) r.sasl = o.sasl;
  return r;
}

export type { ScriptInfo };
