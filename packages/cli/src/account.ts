/**
 * Which server, which user, which TLS settings and which secret: the account a server command
 * talks to, resolved from flags > environment > config file > `~/.netrc` (CLI.md, "Connecting").
 *
 * Secrets are never taken from argv, never printed and never logged: the password is looked up
 * only when authentication needs it ({@link readPassword}), and only its source is kept here.
 *
 * @module
 */
import { execFile } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { type OptionsSpec, type Parsed, stringOpt, UsageError } from "./args.ts";
import { describeFsError } from "./files.ts";
import type { Io } from "./io.ts";

/** RFC 5804 §1.8: the IANA-registered ManageSieve port, also the default of a `sieve://` URL (§3). */
export const DEFAULT_PORT = 4190;

/** The connection flags every server command accepts (CLI.md, "Connecting"). */
export const CONNECTION_OPTIONS = {
  server: { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  user: { type: "string", short: "u" },
  account: { type: "string" },
  tls: { type: "string" },
  "insecure-plaintext": { type: "boolean" },
  ca: { type: "string" },
  fingerprint: { type: "string" },
  servername: { type: "string" },
  "insecure-skip-verify": { type: "boolean" },
  "password-file": { type: "string" },
  "password-command": { type: "string" },
  "oauth-token": { type: "string" },
  sasl: { type: "string" },
  authzid: { type: "string" },
  // Not a real option: recognised only to explain why a password cannot be given on argv.
  password: { type: "string", short: "p" },
} as const satisfies OptionsSpec;

/** The `--help` section for {@link CONNECTION_OPTIONS}. */
export const CONNECTION_HELP = `
Connection (flags > SIEVECTL_* environment > config file > ~/.netrc):
      --server URL             sieve://[user@]host[:port] (RFC 5804 §3; port 4190); env SIEVECTL_SERVER
      --host HOST, --port N    the server, instead of --server
  -u, --user USER              login name; env SIEVECTL_USER
      --account NAME           an account of $XDG_CONFIG_HOME/sievectl/config.json; env SIEVECTL_ACCOUNT
      --tls MODE               starttls (default, required), implicit, or none
      --insecure-plaintext     allow authenticating without TLS (passwords travel in clear)
      --ca FILE                trust this CA certificate (PEM) instead of the system store
      --fingerprint SHA256     pin the server certificate (hex SHA-256, colons optional)
      --servername NAME        the name to verify the certificate against (and SNI)
      --insecure-skip-verify   accept any certificate (dangerous; prints a warning)
Authentication (the password is never taken from the command line):
      env SIEVECTL_PASSWORD, --password-file FILE, --password-command CMD, ~/.netrc,
      or a hidden prompt on a terminal
      --oauth-token TOKEN      OAUTHBEARER/XOAUTH2 bearer token (@FILE reads it from a file);
                               env SIEVECTL_OAUTH_TOKEN (preferred: argv is visible to others)
      --sasl MECH              force a SASL mechanism (e.g. SCRAM-SHA-256, PLAIN)
      --authzid USER           act as USER (proxy authentication, RFC 5804 §2.1)
      --debug                  redacted protocol trace on stderr
`;

/** A failure that is not a usage mistake but ends the command with `exitCode` (2 by default). */
export class CliError extends Error {
  /** The exit code to return. */
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** Where the password will come from. Resolved lazily by {@link readPassword}. */
export type PasswordSource =
  | { kind: "env" }
  | { kind: "file"; path: string }
  | { kind: "command"; command: string }
  | { kind: "netrc"; password: string; path: string }
  | { kind: "prompt" };

/** Everything needed to connect and log in. */
export interface Account {
  /** The config-file account used, or null. */
  name: string | null;
  host: string;
  port: number;
  /** Login name, or null when unknown (then only `caps` and `--oauth-token` work). */
  user: string | null;
  tls: "starttls" | "implicit" | "none";
  /** `--insecure-plaintext`: allow PLAIN/LOGIN/bearer tokens over a connection that is not secure. */
  insecurePlaintext: boolean;
  /** PEM file of trusted CAs, absolute, or null. */
  caFile: string | null;
  fingerprint: string | null;
  servername: string | null;
  insecureSkipVerify: boolean;
  sasl: string | null;
  authzid: string | null;
  /** The bearer token, or null. */
  oauthToken: string | null;
  password: PasswordSource;
}

/** One account of the config file (every field optional). */
interface ConfigAccount {
  server?: string;
  host?: string;
  port?: number;
  user?: string;
  tls?: string;
  insecurePlaintext?: boolean;
  ca?: string;
  fingerprint?: string;
  servername?: string;
  insecureSkipVerify?: boolean;
  passwordFile?: string;
  passwordCommand?: string;
  sasl?: string;
  authzid?: string;
}

const CONFIG_STRING_KEYS = [
  "server",
  "host",
  "user",
  "tls",
  "ca",
  "fingerprint",
  "servername",
  "passwordFile",
  "passwordCommand",
  "sasl",
  "authzid",
] as const;
const CONFIG_BOOLEAN_KEYS = ["insecurePlaintext", "insecureSkipVerify"] as const;

/** Host, port and user named by one layer (flags, environment, config). */
interface Target {
  host?: string;
  port?: number;
  user?: string;
}

/**
 * Parses `sieve://[user@]host[:port][/…]` (RFC 5804 §3). The user part is percent-decoded
 * (RFC 3986 §3.2.1); a password in the URL is refused: it would sit in argv, shell history
 * and `ps` output.
 *
 * @throws UsageError for anything else.
 */
export function parseServerUrl(
  url: string,
  command: string,
  origin = "--server",
): Required<Pick<Target, "host" | "port">> & Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`${origin}: '${url}' is not a sieve:// URL (sieve://user@host[:port])`, command);
  }
  if (u.protocol.toLowerCase() !== "sieve:" || u.hostname === "") {
    throw new UsageError(`${origin}: '${url}' is not a sieve:// URL (sieve://user@host[:port])`, command);
  }
  if (u.password !== "") {
    throw new UsageError(
      `${origin}: the URL holds a password; passwords are never taken from the command line (use SIEVECTL_PASSWORD, --password-file, --password-command or ~/.netrc)`,
      command,
    );
  }
  const host = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
  const port = u.port === "" ? DEFAULT_PORT : Number(u.port);
  const out: Required<Pick<Target, "host" | "port">> & Target = { host, port };
  if (u.username !== "") {
    try {
      out.user = decodeURIComponent(u.username);
    } catch {
      throw new UsageError(`${origin}: bad percent-encoding in the user name of '${url}'`, command);
    }
  }
  return out;
}

function parsePort(raw: string, command: string, origin: string): number {
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new UsageError(`${origin}: '${raw}' is not a port number (1-65535)`, command);
  }
  return n;
}

/** `$XDG_CONFIG_HOME/sievectl/config.json` (XDG Base Directory: default `~/.config`); `SIEVECTL_CONFIG` overrides. */
export function configPath(io: Io): string | null {
  if (io.env.SIEVECTL_CONFIG) return resolve(io.cwd, io.env.SIEVECTL_CONFIG);
  const xdg = io.env.XDG_CONFIG_HOME;
  // XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  if (xdg?.startsWith("/")) return join(xdg, "sievectl", "config.json");
  if (io.env.HOME) return join(io.env.HOME, ".config", "sievectl", "config.json");
  return null;
}

interface Config {
  path: string;
  default: string | null;
  accounts: Record<string, ConfigAccount>;
}

/** Reads and checks the config file; null when there is none. */
function readConfig(io: Io): Config | null {
  const path = configPath(io);
  if (path === null) return null;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" && !io.env.SIEVECTL_CONFIG) return null;
    throw new CliError(`cannot read config file ${path}: ${describeFsError(err)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new CliError(`config file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const bad = (why: string) => new CliError(`config file ${path}: ${why}`);
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw bad("expected a JSON object");
  const obj = data as Record<string, unknown>;
  const def = obj.default;
  if (def !== undefined && typeof def !== "string") throw bad('"default" must be an account name');
  const accounts = obj.accounts ?? {};
  if (typeof accounts !== "object" || accounts === null || Array.isArray(accounts)) {
    throw bad('"accounts" must be an object of named accounts');
  }
  const out: Record<string, ConfigAccount> = {};
  for (const [name, raw] of Object.entries(accounts as Record<string, unknown>)) {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw bad(`account "${name}" must be an object`);
    const a = raw as Record<string, unknown>;
    if ("password" in a) {
      throw bad(`account "${name}": a literal "password" is not supported; use "passwordFile" or "passwordCommand"`);
    }
    const acc: ConfigAccount = {};
    for (const [k, v] of Object.entries(a)) {
      if ((CONFIG_STRING_KEYS as readonly string[]).includes(k)) {
        if (typeof v !== "string") throw bad(`account "${name}": "${k}" must be a string`);
        acc[k as (typeof CONFIG_STRING_KEYS)[number]] = v;
      } else if ((CONFIG_BOOLEAN_KEYS as readonly string[]).includes(k)) {
        if (typeof v !== "boolean") throw bad(`account "${name}": "${k}" must be true or false`);
        acc[k as (typeof CONFIG_BOOLEAN_KEYS)[number]] = v;
      } else if (k === "port") {
        if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 65535) {
          throw bad(`account "${name}": "port" must be a number 1-65535`);
        }
        acc.port = v;
      } else {
        throw bad(`account "${name}": unknown key "${k}"`);
      }
    }
    out[name] = acc;
  }
  return { path, default: def ?? null, accounts: out };
}

/** One `~/.netrc` entry (`default` has `machine: null`). */
export interface NetrcEntry {
  machine: string | null;
  login: string | null;
  password: string | null;
}

/**
 * Parses a `.netrc` file (the format of ftp(1) and curl): whitespace-separated tokens
 * `machine NAME`, `default`, `login`, `password`, `account`, and `macdef NAME` whose body runs
 * to the next empty line. Double-quoted tokens with backslash escapes are accepted, as curl does.
 * Written here instead of taking a dependency: the format is a few dozen lines.
 */
export function parseNetrc(text: string): NetrcEntry[] {
  const entries: NetrcEntry[] = [];
  let cur: NetrcEntry | null = null;
  let i = 0;
  const next = (): string | null => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) return null;
    if (text[i] === "#") {
      // A comment to the end of the line (curl and GNU inetutils accept them).
      while (i < text.length && text[i] !== "\n") i++;
      return next();
    }
    let tok = "";
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < text.length) i++;
        tok += text[i];
        i++;
      }
      i++;
      return tok;
    }
    while (i < text.length && !/\s/.test(text[i] as string)) tok += text[i++];
    return tok;
  };
  for (let tok = next(); tok !== null; tok = next()) {
    switch (tok) {
      case "machine":
        cur = { machine: next(), login: null, password: null };
        entries.push(cur);
        break;
      case "default":
        cur = { machine: null, login: null, password: null };
        entries.push(cur);
        break;
      case "login":
        if (cur) cur.login = next();
        else next();
        break;
      case "password":
        if (cur) cur.password = next();
        else next();
        break;
      case "account":
        next();
        break;
      case "macdef": {
        next();
        const end = text.indexOf("\n\n", i);
        i = end < 0 ? text.length : end + 2;
        break;
      }
      default:
        break; // unknown tokens are ignored, as ftp(1) does
    }
  }
  return entries;
}

/**
 * The netrc entry for `host` and `user` (null: any login): the first `machine host` entry whose
 * login matches, else `default`.
 */
export function netrcLookup(entries: readonly NetrcEntry[], host: string, user: string | null): NetrcEntry | null {
  const fits = (e: NetrcEntry) => user === null || e.login === null || e.login === user;
  return (
    entries.find((e) => e.machine !== null && e.machine.toLowerCase() === host.toLowerCase() && fits(e)) ??
    entries.find((e) => e.machine === null && fits(e)) ??
    null
  );
}

/** Reads `$NETRC` or `~/.netrc`; null when absent. Warns when other users can read it. */
function readNetrc(io: Io): { path: string; entries: NetrcEntry[] } | null {
  const path = io.env.NETRC ? resolve(io.cwd, io.env.NETRC) : io.env.HOME ? join(io.env.HOME, ".netrc") : null;
  if (path === null) return null;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return null;
  }
  try {
    if ((statSync(path).mode & 0o077) !== 0) {
      io.stderr.write(`sievectl: warning: ${path} is readable by other users (chmod 600 ${path})\n`);
    }
  } catch {
    // stat failing right after a read is not worth reporting
  }
  return { path, entries: parseNetrc(text) };
}

/**
 * Resolves the account of a server command from its parsed flags and `io.env`.
 *
 * Host and port come from the highest layer that names a server (flags, then `SIEVECTL_SERVER`,
 * then the config account), so a port never mixes with another layer's host; `--port` always
 * wins. Every other field is taken field by field, flags first. The config account applies
 * when chosen with `--account`/`SIEVECTL_ACCOUNT`, or as the file's `default` when neither
 * flags nor environment name a server.
 *
 * @throws UsageError for bad or conflicting flags, no server, a password on argv.
 * @throws CliError for an unreadable or invalid config file, or an unknown account (exit 2).
 */
export function resolveAccount(command: string, p: Parsed, io: Io): Account {
  if (p.values.password !== undefined) {
    throw new UsageError(
      "passwords are never taken from the command line; use SIEVECTL_PASSWORD, --password-file, --password-command, ~/.netrc or the prompt",
      command,
    );
  }
  const flag = (name: string) => stringOpt(p, name);
  const bool = (name: string) => p.values[name] === true;
  const env = (name: string) => {
    const v = io.env[name];
    return v === undefined || v === "" ? undefined : v;
  };

  // Layer 1: flags.
  const flags: Target = {};
  const server = flag("server");
  if (server !== undefined) Object.assign(flags, parseServerUrl(server, command));
  const hostFlag = flag("host");
  if (hostFlag !== undefined) {
    if (server !== undefined) throw new UsageError("use either --server or --host, not both", command);
    if (hostFlag === "") throw new UsageError("--host needs a host name", command);
    flags.host = hostFlag;
  }
  const portFlag = flag("port");
  const userFlag = flag("user");
  if (userFlag !== undefined) flags.user = userFlag;

  // Layer 2: environment.
  const envTarget: Target = {};
  const envServer = env("SIEVECTL_SERVER");
  if (envServer !== undefined) Object.assign(envTarget, parseServerUrl(envServer, command, "SIEVECTL_SERVER"));
  const envUser = env("SIEVECTL_USER");
  if (envUser !== undefined) envTarget.user = envUser;

  // Layer 3: the config file.
  const config = readConfig(io);
  const chosen = flag("account") ?? env("SIEVECTL_ACCOUNT");
  let name: string | null = null;
  let acc: ConfigAccount = {};
  if (chosen !== undefined) {
    const a = config?.accounts[chosen];
    if (!a) {
      const known = config ? Object.keys(config.accounts) : [];
      throw new CliError(
        config
          ? `no account "${chosen}" in ${config.path}${known.length ? ` (accounts: ${known.join(", ")})` : ""}`
          : `no account "${chosen}": there is no config file (${configPath(io) ?? "$XDG_CONFIG_HOME/sievectl/config.json"})`,
      );
    }
    name = chosen;
    acc = a;
  } else if (config?.default && flags.host === undefined && envTarget.host === undefined) {
    const a = config.accounts[config.default];
    if (!a) throw new CliError(`config file ${config.path}: "default" names no account ("${config.default}")`);
    name = config.default;
    acc = a;
  }
  const accTarget: Target = {};
  const origin = `config account "${name ?? ""}"`;
  if (acc.server !== undefined) Object.assign(accTarget, parseServerUrl(acc.server, command, origin));
  if (acc.host !== undefined) accTarget.host = acc.host;
  if (acc.port !== undefined) accTarget.port = acc.port;
  if (acc.user !== undefined) accTarget.user = acc.user;

  const layer = [flags, envTarget, accTarget].find((t) => t.host !== undefined);
  if (!layer?.host) {
    throw new UsageError(
      "no server given: use --server sieve://user@host, --host, SIEVECTL_SERVER or --account",
      command,
    );
  }
  const host = layer.host;
  const port = portFlag !== undefined ? parsePort(portFlag, command, "--port") : (layer.port ?? DEFAULT_PORT);
  let user = flags.user ?? envTarget.user ?? accTarget.user ?? null;

  const tlsRaw = flag("tls") ?? acc.tls;
  const insecurePlaintext = bool("insecure-plaintext") || acc.insecurePlaintext === true;
  let tls: Account["tls"];
  if (tlsRaw === undefined) tls = insecurePlaintext ? "none" : "starttls";
  else if (tlsRaw === "starttls" || tlsRaw === "implicit" || tlsRaw === "none") tls = tlsRaw;
  else throw new UsageError(`--tls: expected starttls, implicit or none, got '${tlsRaw}'`, command);

  const caRaw = flag("ca") ?? acc.ca;
  const oauthRaw = flag("oauth-token") ?? env("SIEVECTL_OAUTH_TOKEN") ?? null;
  const oauthToken = oauthRaw?.startsWith("@")
    ? readSecretFile(resolve(io.cwd, oauthRaw.slice(1)), "--oauth-token")
    : oauthRaw;

  // Password: explicit flags first (they name this run's intent), then the environment, the
  // config account, ~/.netrc and finally the prompt. (CLI.md lists the same sources.)
  const pwFile = flag("password-file");
  const pwCommand = flag("password-command");
  if (pwFile !== undefined && pwCommand !== undefined) {
    throw new UsageError("use either --password-file or --password-command, not both", command);
  }
  let password: PasswordSource | null = null;
  if (pwFile !== undefined) password = { kind: "file", path: resolve(io.cwd, pwFile) };
  else if (pwCommand !== undefined) password = { kind: "command", command: pwCommand };
  else if (io.env.SIEVECTL_PASSWORD !== undefined) password = { kind: "env" };
  else if (acc.passwordFile !== undefined)
    password = { kind: "file", path: resolve(io.cwd, expandHome(acc.passwordFile, io)) };
  else if (acc.passwordCommand !== undefined) password = { kind: "command", command: acc.passwordCommand };
  if (password === null || user === null) {
    const netrc = readNetrc(io);
    const entry = netrc ? netrcLookup(netrc.entries, host, user) : null;
    if (entry && netrc) {
      user ??= entry.login;
      if (password === null && entry.password !== null)
        password = { kind: "netrc", password: entry.password, path: netrc.path };
    }
  }

  return {
    name,
    host,
    port,
    user,
    tls,
    insecurePlaintext,
    caFile: caRaw === undefined ? null : resolve(io.cwd, expandHome(caRaw, io)),
    fingerprint: flag("fingerprint") ?? acc.fingerprint ?? null,
    servername: flag("servername") ?? acc.servername ?? null,
    insecureSkipVerify: bool("insecure-skip-verify") || acc.insecureSkipVerify === true,
    sasl: flag("sasl") ?? acc.sasl ?? null,
    authzid: flag("authzid") ?? acc.authzid ?? null,
    oauthToken,
    password: password ?? { kind: "prompt" },
  };
}

function expandHome(path: string, io: Io): string {
  return path.startsWith("~/") && io.env.HOME ? join(io.env.HOME, path.slice(2)) : path;
}

/** A secret kept in a file: its first line, without the line ending. */
function readSecretFile(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CliError(`${what}: cannot read ${path}: ${describeFsError(err)}`);
  }
  return text.split(/\r?\n/, 1)[0] ?? "";
}

/** How long a `--password-command` may run (a pinentry dialog needs a person). */
const PASSWORD_COMMAND_TIMEOUT_MS = 120_000;

/**
 * Reads the password from its source. A command runs through `/bin/sh -c` (like git's
 * credential helpers and mutt's `passwordeval`) with stdin and stderr on the terminal, and its
 * first output line is the password.
 *
 * @throws CliError (exit 2) when the source fails, or no source exists (not on a terminal).
 */
export async function readPassword(account: Account, io: Io): Promise<string> {
  const src = account.password;
  switch (src.kind) {
    case "env":
      return io.env.SIEVECTL_PASSWORD ?? "";
    case "file":
      return readSecretFile(src.path, "--password-file");
    case "netrc":
      return src.password;
    case "command":
      return await new Promise<string>((resolvePw, reject) => {
        execFile(
          "/bin/sh",
          ["-c", src.command],
          { env: { ...io.env }, cwd: io.cwd, timeout: PASSWORD_COMMAND_TIMEOUT_MS, maxBuffer: 1024 * 1024 },
          (err, stdout) => {
            // The command's own output is not echoed: it may contain the secret.
            if (err) reject(new CliError(`--password-command failed (${err.code ?? err.signal ?? err.message})`));
            else resolvePw(String(stdout).split(/\r?\n/, 1)[0] ?? "");
          },
        );
      });
    case "prompt": {
      if (!io.tty) {
        throw new CliError(
          "no password: set SIEVECTL_PASSWORD, use --password-file, --password-command or ~/.netrc (no terminal to prompt on)",
        );
      }
      const answer = await io.tty.readLine(`Password for ${account.user ?? ""}@${account.host}: `, { echo: false });
      if (answer === null) throw new CliError("no password entered");
      return answer;
    }
  }
}
