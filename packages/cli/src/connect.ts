/**
 * Opening a ManageSieve session for a server command, and turning what goes wrong into the
 * contract's exit codes (CLI.md, "Exit codes"): `1` when the server said NO (its text and
 * response code printed unchanged), `2` when we cannot connect, secure the connection or log in.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import {
  type AuthenticateOptions,
  type ConnectOptions,
  ManageSieveClient,
  ManageSieveError,
  type ResponseCode,
} from "@sieve-toolkit/managesieve";
import { type Account, CliError, readPassword, resolveAccount } from "./account.ts";
import { type Parsed, UsageError } from "./args.ts";
import { debugLogger } from "./debug.ts";
import { describeFsError } from "./files.ts";
import { type Io, makeStyle, sanitize, useColor } from "./io.ts";
import { version } from "./version.ts";

/** Exit code: the server refused (NO) or a local check failed. */
export const EXIT_REFUSED = 1;
/** Exit code: usage, unreadable file, cannot connect or authenticate. */
export const EXIT_FAILURE = 2;

/** Mechanisms that use a bearer token rather than the password. */
const TOKEN_MECHANISMS = new Set(["OAUTHBEARER", "XOAUTH2"]);

/**
 * One command's connection to its account. Credentials are read once and kept in memory for
 * the process's lifetime, so `edit` can reconnect after the editor closes without a second
 * prompt.
 */
export class Session {
  /** The resolved account. */
  readonly account: Account;
  readonly #io: Io;
  readonly #debug: boolean;
  readonly #secrets: string[] = [];
  #password: string | null = null;
  #warned = false;

  constructor(account: Account, io: Io, debug: boolean) {
    this.account = account;
    this.#io = io;
    this.#debug = debug;
    if (account.oauthToken !== null) this.#secrets.push(account.oauthToken);
  }

  /**
   * Connects (TLS per the account) and, when `login`, authenticates.
   *
   * @throws ManageSieveError from the client; CliError for a local problem (CA file, password source).
   */
  async open(login: boolean): Promise<ManageSieveClient> {
    const a = this.account;
    const options: ConnectOptions = { host: a.host, port: a.port, tls: a.tls };
    if (a.caFile !== null) {
      try {
        options.ca = readFileSync(a.caFile);
      } catch (err) {
        throw new CliError(`--ca: cannot read ${a.caFile}: ${describeFsError(err)}`);
      }
    }
    if (a.fingerprint !== null) options.fingerprint = a.fingerprint;
    if (a.servername !== null) options.servername = a.servername;
    if (a.insecureSkipVerify) {
      options.rejectUnauthorized = false;
      this.#warnOnce();
    }
    // RFC 5804 §2.1: PLAIN/LOGIN only over a protected connection, unless the user said so.
    if (a.insecurePlaintext) options.allowCleartextSecrets = true;
    if (this.#debug) options.logger = debugLogger(this.#io.stderr, () => this.#secrets);
    if (a.tls === "none" && a.insecurePlaintext && login && !this.#warned) {
      this.#warned = true;
      this.#io.stderr.write(
        "sievectl: warning: --insecure-plaintext: logging in without TLS; the password may travel in clear\n",
      );
    }
    let client: ManageSieveClient;
    try {
      client = await ManageSieveClient.connect(options);
    } catch (err) {
      if (err instanceof TypeError) throw new UsageError(err.message);
      throw err;
    }
    if (!login) return client;
    try {
      await client.authenticate(await this.#credentials(client));
    } catch (err) {
      client.close();
      throw err;
    }
    return client;
  }

  async #credentials(client: ManageSieveClient): Promise<AuthenticateOptions> {
    const a = this.account;
    const creds: AuthenticateOptions = { host: client.server.host, port: client.server.port };
    if (a.sasl !== null) creds.mechanism = a.sasl.toUpperCase();
    if (a.authzid !== null) creds.authzid = a.authzid;
    if (a.oauthToken !== null) creds.oauthToken = a.oauthToken;
    if (a.user !== null) creds.username = a.user;
    const needsPassword = a.oauthToken === null || (a.sasl !== null && !TOKEN_MECHANISMS.has(a.sasl.toUpperCase()));
    if (needsPassword) {
      if (a.user === null) {
        throw new CliError("no user name: use --user, sieve://USER@host, SIEVECTL_USER, a config account or ~/.netrc");
      }
      if (this.#password === null) {
        this.#password = await readPassword(a, this.#io);
        this.#secrets.push(this.#password);
      }
      creds.password = this.#password;
    }
    return creds;
  }

  #warnOnce(): void {
    if (this.#warned) return;
    this.#warned = true;
    const style = makeStyle(useColor(this.#io.stderr, this.#io.env, false));
    this.#io.stderr.write(
      style.red(
        style.bold(
          "sievectl: WARNING: --insecure-skip-verify: the server's certificate is NOT verified.\n" +
            "sievectl: WARNING: anyone between you and the server can read and change this session.\n" +
            "sievectl: WARNING: use --ca FILE or --fingerprint SHA256 instead.\n",
        ),
      ),
    );
  }
}

/** `(NAME arg …)` as the server sent it (RFC 5804 §1.3), args quoted when they need it. */
export function formatResponseCode(rc: ResponseCode): string {
  const args = rc.args.map((x) => (/^[A-Za-z0-9._/-]+$/.test(x) ? x : JSON.stringify(x)));
  return `(${[rc.name, ...args].join(" ")})`;
}

/** The server's text, line by line, control characters (except the line breaks) made harmless. */
function serverLines(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => sanitize(l));
  while (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The exit code for an error of a server command. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof ManageSieveError) return err.code === "MANAGESIEVE_E_NO" ? EXIT_REFUSED : EXIT_FAILURE;
  if (err instanceof CliError) return err.exitCode;
  return EXIT_FAILURE;
}

/** What to suggest after a connection-level failure. */
function hint(err: ManageSieveError, account: Account | null): string | null {
  switch (err.code) {
    case "MANAGESIEVE_E_TLS":
      if (/STARTTLS/i.test(err.message) && account?.tls === "starttls") {
        return "the server does not offer STARTTLS: try --tls implicit, or --insecure-plaintext on a trusted network";
      }
      return "for a self-signed certificate use --ca FILE or --fingerprint SHA256";
    case "MANAGESIEVE_E_ENCRYPT_NEEDED":
      return "the password would travel in clear: use TLS, or --insecure-plaintext on a trusted network";
    default:
      return null;
  }
}

/**
 * Prints an error of server command `command` to stderr and returns its exit code. A NO prints
 * the response code and the server's (possibly multi-line) text unchanged.
 */
export function reportError(command: string, err: unknown, io: Io, account: Account | null = null): number {
  const who = `sievectl ${command}`;
  if (err instanceof ManageSieveError) {
    if (err.serverText !== null || err.responseCode !== null) {
      const verb = /^(\S+?):/.exec(err.message)?.[1] ?? "";
      const status = err.code === "MANAGESIEVE_E_BYE" ? "BYE" : "NO";
      const rc = err.responseCode ? ` ${formatResponseCode(err.responseCode)}` : "";
      const head = err.code === "MANAGESIEVE_E_AUTH" ? "authentication failed: " : "";
      const lines = err.serverText === null ? [] : serverLines(err.serverText);
      const [first, ...rest] = lines;
      io.stderr.write(
        `${who}: ${head}${verb ? `${sanitize(verb)}: ` : ""}server said ${status}${rc}${first ? `: ${first}` : ""}\n`,
      );
      for (const l of rest) io.stderr.write(`${l}\n`);
    } else {
      io.stderr.write(`${who}: ${sanitize(err.message)}\n`);
    }
    const h = hint(err, account);
    if (h) io.stderr.write(`${who}: hint: ${h}\n`);
    return exitCodeOf(err);
  }
  if (err instanceof CliError) {
    io.stderr.write(`${who}: ${sanitize(err.message)}\n`);
    return err.exitCode;
  }
  throw err; // UsageError and internal errors: main() reports them
}

/**
 * Handles `--help` and `--version` for a command.
 *
 * @returns the exit code when one of them was given, else null
 */
export function helpOrVersion(p: Parsed, io: Io, help: string): number | null {
  if (p.global.help) {
    io.stdout.write(help);
    return 0;
  }
  if (p.global.version) {
    io.stdout.write(`sievectl ${version()}\n`);
    return 0;
  }
  return null;
}

/** Throws a usage error unless the number of positionals is within `[min, max]`. */
export function expectPositionals(command: string, p: Parsed, min: number, max: number, usage: string): void {
  const n = p.positionals.length;
  if (n < min || n > max) throw new UsageError(`expected ${usage}`, command);
}

/**
 * Runs `fn` with a connected (and, when `login`, authenticated) client, logs out afterwards and
 * maps failures to exit codes.
 */
export async function withClient(
  command: string,
  p: Parsed,
  io: Io,
  login: boolean,
  fn: (client: ManageSieveClient, session: Session) => Promise<number>,
): Promise<number> {
  let session: Session;
  try {
    session = new Session(resolveAccount(command, p, io), io, p.global.debug);
  } catch (err) {
    return reportError(command, err, io);
  }
  let client: ManageSieveClient | null = null;
  try {
    client = await session.open(login);
    return await fn(client, session);
  } catch (err) {
    return reportError(command, err, io, session.account);
  } finally {
    await client?.logout();
  }
}

/**
 * `check --against-server`: connects (TLS per the flags) without logging in, since the `SIEVE`
 * capability "MUST always be returned" (RFC 5804 §1.7), greeting included, and returns the
 * server's SIEVE list, or the exit code after printing why it could not.
 */
export async function serverSieveCapability(command: string, p: Parsed, io: Io): Promise<string[] | number> {
  let sieve: string[] = [];
  const code = await withClient(command, p, io, false, async (client) => {
    sieve = client.capabilities.sieve;
    return 0;
  });
  return code === 0 ? sieve : code;
}
