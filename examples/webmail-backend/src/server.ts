/**
 * The webmail backend: a JSON API over node:http that a webmail frontend calls to manage the
 * user's Sieve scripts on a ManageSieve server. See ../README.md for the endpoints.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ManageSieveClient } from "@sieve-toolkit/managesieve";
import { basicCredentials, bearerToken, type Credentials, SessionStore } from "./auth.ts";
import { toHttpError } from "./errors.ts";
import { HttpError, optionalString, readJson, sendEmpty, sendJson, stringField } from "./http.ts";
import { dryRunScript, invalidScript, type ServerOptions, validateFor, withClient } from "./sieve.ts";

/** Options of {@link createWebmailServer}. */
export interface WebmailOptions {
  /** The ManageSieve server every request talks to (host, port, TLS, CA, …). */
  managesieve: ServerOptions;
  /** Lifetime of a session token, in ms. Default 30 minutes. */
  sessionTtlMs?: number;
  /** Largest request body, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Largest script, in UTF-8 bytes. Default 256 KiB (Pigeonhole's default limit is 1 MiB). */
  maxScriptBytes?: number;
  /**
   * Receives one line per request (`METHOD path status ms`) and internal errors. Never
   * receives headers or bodies, so credentials and scripts stay out of logs. Default: none.
   */
  log?: (line: string) => void;
}

/** Resolved options and state shared by the handlers. */
interface Context {
  server: ServerOptions;
  sessions: SessionStore;
  maxBodyBytes: number;
  maxScriptBytes: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, ctx: Context, name: string | null) => Promise<void>;

/**
 * Creates the HTTP server (not yet listening). Every request but `POST /api/session` authenticates
 * with `Authorization: Basic` (the user's ManageSieve login) or `Authorization: Bearer TOKEN`.
 */
export function createWebmailServer(options: WebmailOptions): Server {
  const ctx: Context = {
    server: options.managesieve,
    sessions: new SessionStore(options.sessionTtlMs ?? 30 * 60_000),
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    maxScriptBytes: options.maxScriptBytes ?? 256 * 1024,
  };
  const log = options.log ?? (() => {});
  // Bounds on slow or oversized requests: headers are small (credentials, a token), and a whole
  // request, body included, must arrive within a minute.
  return createServer({ maxHeaderSize: 16 * 1024, headersTimeout: 20_000, requestTimeout: 60_000 }, (req, res) => {
    const started = Date.now();
    const path = (req.url ?? "/").split("?")[0]!;
    const abandoned = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) abandoned.abort(new Error("the HTTP client went away"));
    });
    abandonSignals.set(req, abandoned.signal);
    handle(req, res, ctx, path)
      .catch((err: unknown) => {
        const httpError = toHttpError(err);
        if (httpError.status === 500) log(`internal error on ${req.method} ${path}: ${(err as Error)?.stack ?? err}`);
        // A refused body may not have been read to its end: close rather than read it all.
        if (httpError.status === 413) res.setHeader("connection", "close");
        if (httpError.status === 401) res.setHeader("www-authenticate", 'Basic realm="sieve", charset="UTF-8"');
        if (!res.headersSent) sendJson(res, httpError.status, { error: httpError.body });
        else res.destroy();
      })
      .finally(() => log(`${req.method} ${path} ${res.statusCode} ${Date.now() - started}ms`));
  });
}

/** Routes a request to its handler. */
async function handle(req: IncomingMessage, res: ServerResponse, ctx: Context, path: string): Promise<void> {
  const route = matchRoute(path);
  if (!route) throw new HttpError(404, "WEBMAIL_E_NOT_FOUND", `no endpoint ${path}`);
  const handler = route.methods[req.method ?? ""];
  if (!handler) {
    res.setHeader("allow", Object.keys(route.methods).join(", "));
    throw new HttpError(405, "WEBMAIL_E_METHOD", `${req.method} is not allowed on ${path}`);
  }
  await handler(req, res, ctx, route.name);
}

/** The handlers of a path, and the script name it carries. */
function matchRoute(path: string): { methods: Record<string, Handler>; name: string | null } | null {
  const fixed = ROUTES[path];
  if (fixed) return { methods: fixed, name: null };
  const m = /^\/api\/scripts\/([^/]+)(\/activate)?$/.exec(path);
  if (!m) return null;
  let name: string;
  try {
    name = decodeURIComponent(m[1]!);
  } catch {
    throw new HttpError(400, "WEBMAIL_E_BAD_REQUEST", "the script name is not valid percent-encoding");
  }
  return { methods: m[2] ? { POST: activateScript } : { GET: getScript, PUT: saveScript, DELETE: deleteScript }, name };
}

/** The credentials of a request: a session token's, or Basic ones. */
function credentialsOf(req: IncomingMessage, ctx: Context): Credentials {
  const token = bearerToken(req);
  if (token !== null) {
    const creds = ctx.sessions.get(token);
    if (!creds) throw new HttpError(401, "WEBMAIL_E_SESSION", "the session token is unknown or expired");
    return creds;
  }
  const basic = basicCredentials(req);
  if (!basic) throw new HttpError(401, "WEBMAIL_E_AUTH_REQUIRED", "send Authorization: Basic or Bearer");
  return basic;
}

/**
 * Runs `work` on an authenticated connection for this request's user; the ManageSieve exchange
 * is abandoned when the frontend closes the request before the answer.
 */
function asUser<T>(req: IncomingMessage, ctx: Context, work: (client: ManageSieveClient) => Promise<T>): Promise<T> {
  return withClient(ctx.server, credentialsOf(req, ctx), work, abandonSignals.get(req));
}

/** Per request: aborted when the response closes before it was finished (the client went away). */
const abandonSignals = new WeakMap<IncomingMessage, AbortSignal>();

/** A script body's `content`, bounded. */
function scriptContent(body: Record<string, unknown>, field: string, ctx: Context): string {
  const content = stringField(body, field);
  if (Buffer.byteLength(content, "utf8") > ctx.maxScriptBytes) {
    throw new HttpError(413, "WEBMAIL_E_BODY_TOO_LARGE", `the script is larger than ${ctx.maxScriptBytes} bytes`);
  }
  return content;
}

/** POST /api/session: logs in once with Basic credentials and returns a token standing for them. */
const createSession: Handler = async (req, res, ctx) => {
  const creds = basicCredentials(req);
  if (!creds) throw new HttpError(401, "WEBMAIL_E_AUTH_REQUIRED", "send Authorization: Basic to open a session");
  // Log in now, so a wrong password fails here and not at the first real request.
  await withClient(ctx.server, creds, async () => {});
  const { token, expiresAt } = ctx.sessions.create(creds);
  sendJson(res, 201, { token, expiresAt: expiresAt.toISOString() });
};

/** DELETE /api/session: forgets the token (and with it the password). */
const deleteSession: Handler = async (req, res, ctx) => {
  const token = bearerToken(req);
  if (token === null || !ctx.sessions.delete(token)) {
    throw new HttpError(401, "WEBMAIL_E_SESSION", "the session token is unknown or expired");
  }
  sendEmpty(res);
};

/** GET /api/capabilities: what the server supports (its SIEVE list drives the editor). */
const getCapabilities: Handler = async (req, res, ctx) => {
  const caps = await asUser(req, ctx, async (c) => c.capabilities);
  sendJson(res, 200, {
    implementation: caps.implementation,
    sieve: caps.sieve,
    maxRedirects: caps.maxRedirects,
    notify: caps.notify,
    version: caps.version,
  });
};

/** GET /api/scripts: `{ scripts: [{ name, active }] }` in the server's order. */
const listScripts: Handler = async (req, res, ctx) => {
  const scripts = await asUser(req, ctx, (c) => c.listScripts());
  sendJson(res, 200, { scripts });
};

/** GET /api/scripts/:name: `{ name, active, content }`. */
const getScript: Handler = async (req, res, ctx, name) => {
  const out = await asUser(req, ctx, async (c) => {
    const content = await c.getScript(name!);
    const active = (await c.listScripts()).some((s) => s.active && s.name === name);
    return { name: name!, active, content };
  });
  sendJson(res, 200, out);
};

/**
 * PUT /api/scripts/:name `{ content, activate? }`: validates against the server's extensions
 * (422 with diagnostics, nothing sent), asks the server (CHECKSCRIPT), stores (PUTSCRIPT), and
 * activates when asked. PUTSCRIPT replaces a script only on success (RFC 5804 §2.6).
 */
const saveScript: Handler = async (req, res, ctx, name) => {
  const body = await readJson(req, ctx.maxBodyBytes);
  const content = scriptContent(body, "content", ctx);
  const activate = body.activate === undefined ? false : body.activate;
  if (typeof activate !== "boolean") throw new HttpError(400, "WEBMAIL_E_BAD_REQUEST", "'activate' must be a boolean");
  const out = await asUser(req, ctx, async (c) => {
    const validation = validateFor(content, c.capabilities.sieve);
    if (!validation.valid) throw invalidScript(validation);
    // Pre-RFC servers (no VERSION) have no CHECKSCRIPT; PUTSCRIPT checks the script anyway.
    const checked = c.capabilities.version !== null ? await c.checkScript(content) : { warnings: null };
    const put = await c.putScript(name!, content);
    if (activate) await c.setActive(name!);
    return {
      name: name!,
      activated: activate,
      diagnostics: validation.diagnostics,
      serverWarnings: put.warnings ?? checked.warnings,
    };
  });
  sendJson(res, 200, out);
};

/** POST /api/scripts/:name/activate: SETACTIVE; on failure the previously active script stays active. */
const activateScript: Handler = async (req, res, ctx, name) => {
  await asUser(req, ctx, (c) => c.setActive(name!));
  sendJson(res, 200, { name: name!, active: true });
};

/** POST /api/deactivate: no script runs any more. */
const deactivate: Handler = async (req, res, ctx) => {
  await asUser(req, ctx, (c) => c.setActive(""));
  sendEmpty(res);
};

/** DELETE /api/scripts/:name: the active script is refused by the server (409, `ACTIVE`). */
const deleteScript: Handler = async (req, res, ctx, name) => {
  await asUser(req, ctx, (c) => c.deleteScript(name!));
  sendEmpty(res);
};

/** POST /api/check `{ content }`: diagnostics against the server's extensions, nothing stored. */
const checkScript: Handler = async (req, res, ctx) => {
  const body = await readJson(req, ctx.maxBodyBytes);
  const content = scriptContent(body, "content", ctx);
  const sieve = await asUser(req, ctx, async (c) => c.capabilities.sieve);
  sendJson(res, 200, validateFor(content, sieve));
};

/**
 * POST /api/dry-run `{ script | name, message, envelope?: { from, to }, mailboxes? }`: what the
 * script would do with the message. `name` runs a stored script; nothing is delivered anywhere.
 */
const dryRun: Handler = async (req, res, ctx) => {
  const body = await readJson(req, ctx.maxBodyBytes);
  const inline = body.script === undefined ? undefined : scriptContent(body, "script", ctx);
  const stored = optionalString(body, "name");
  if ((inline === undefined) === (stored === undefined)) {
    throw new HttpError(400, "WEBMAIL_E_BAD_REQUEST", "give exactly one of 'script' and 'name'");
  }
  const message = stringField(body, "message");
  const env = body.envelope ?? {};
  if (typeof env !== "object" || env === null || Array.isArray(env)) {
    throw new HttpError(400, "WEBMAIL_E_BAD_REQUEST", "'envelope' must be an object");
  }
  const envelope = {
    from: optionalString(env as Record<string, unknown>, "from") ?? "",
    to: optionalString(env as Record<string, unknown>, "to") ?? "",
  };
  const mailboxes = body.mailboxes ?? [];
  if (!Array.isArray(mailboxes) || !mailboxes.every((m) => typeof m === "string")) {
    throw new HttpError(400, "WEBMAIL_E_BAD_REQUEST", "'mailboxes' must be an array of strings");
  }
  const { script, sieve } = await asUser(req, ctx, async (c) => ({
    script: inline ?? (await c.getScript(stored!)),
    sieve: c.capabilities.sieve,
  }));
  const result = await dryRunScript(script, sieve, { message, envelope, mailboxes: mailboxes as string[] });
  sendJson(res, 200, result);
};

/** Fixed paths and their handlers by method. */
const ROUTES: Readonly<Record<string, Record<string, Handler>>> = {
  "/api/session": { POST: createSession, DELETE: deleteSession },
  "/api/capabilities": { GET: getCapabilities },
  "/api/scripts": { GET: listScripts },
  "/api/check": { POST: checkScript },
  "/api/dry-run": { POST: dryRun },
  "/api/deactivate": { POST: deactivate },
};
