/**
 * Who is asking: ManageSieve credentials from `Authorization: Basic …`, or from a session token
 * (`Authorization: Bearer …`) that stands for credentials kept in this process's memory.
 *
 * Credentials are never logged and never returned: a token is an opaque random string, and the
 * store keeps the password only until the session expires or is closed.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HttpError } from "./http.ts";

/** A ManageSieve login. */
export interface Credentials {
  username: string;
  password: string;
}

/** Longest user name or password accepted from a header (a bound, not a policy). */
const MAX_CREDENTIAL_LENGTH = 1024;

/**
 * Credentials from `Authorization: Basic base64(user:password)` (RFC 7617), or null when the
 * request has no Basic header.
 *
 * @throws HttpError 401 `WEBMAIL_E_AUTH_REQUIRED` for a malformed header
 */
export function basicCredentials(req: IncomingMessage): Credentials | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) throw new HttpError(401, "WEBMAIL_E_AUTH_REQUIRED", "malformed Basic credentials");
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (username.length > MAX_CREDENTIAL_LENGTH || password.length > MAX_CREDENTIAL_LENGTH) {
    throw new HttpError(401, "WEBMAIL_E_AUTH_REQUIRED", "credentials too long");
  }
  return { username, password };
}

/** The token of `Authorization: Bearer TOKEN`, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer\s+([A-Za-z0-9_-]{1,128})\s*$/i.exec(req.headers.authorization ?? "");
  return match ? match[1]! : null;
}

/** A session as the store keeps it. */
interface Session {
  credentials: Credentials;
  expiresAt: number;
}

/**
 * Sessions in memory, by token. A real deployment would keep them in its own session store
 * (encrypted); this one is enough for a single process and forgets everything on restart.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  /**
   * @param ttlMs - how long a session lives after it is created
   * @param now - the clock (tests pass their own)
   */
  constructor(ttlMs: number, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** Opens a session for `credentials`; returns its token and when it expires. */
  create(credentials: Credentials): { token: string; expiresAt: Date } {
    this.#sweep();
    const token = randomBytes(32).toString("base64url");
    const expiresAt = this.#now() + this.#ttlMs;
    this.#sessions.set(token, { credentials, expiresAt });
    return { token, expiresAt: new Date(expiresAt) };
  }

  /** The credentials of a live session, or null for an unknown or expired token. */
  get(token: string): Credentials | null {
    const session = this.#sessions.get(token);
    if (!session) return null;
    if (session.expiresAt <= this.#now()) {
      this.#sessions.delete(token);
      return null;
    }
    return session.credentials;
  }

  /** Ends a session; true when it existed. */
  delete(token: string): boolean {
    return this.#sessions.delete(token);
  }

  /** Number of live sessions (for tests and metrics). */
  get size(): number {
    this.#sweep();
    return this.#sessions.size;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [token, s] of this.#sessions) if (s.expiresAt <= now) this.#sessions.delete(token);
  }
}
