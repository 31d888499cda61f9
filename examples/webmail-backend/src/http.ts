/**
 * The HTTP plumbing of the webmail backend: a JSON error type with a stable `code`, bounded
 * JSON bodies, and JSON responses. Nothing here knows about Sieve.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Codes of the errors the backend itself raises (server errors keep the client's `MANAGESIEVE_E_…`). */
export type WebmailErrorCode =
  | "WEBMAIL_E_AUTH_REQUIRED"
  | "WEBMAIL_E_SESSION"
  | "WEBMAIL_E_BAD_REQUEST"
  | "WEBMAIL_E_BODY_TOO_LARGE"
  | "WEBMAIL_E_MEDIA_TYPE"
  | "WEBMAIL_E_NOT_FOUND"
  | "WEBMAIL_E_METHOD"
  | "WEBMAIL_E_INVALID_SCRIPT"
  | "WEBMAIL_E_INTERNAL";

/** The JSON body of every error response: `{ "error": ErrorBody }`. */
export interface ErrorBody {
  /** Stable, machine-readable: a `WEBMAIL_E_…`, `MANAGESIEVE_E_…` or `SIEVE_E_…` code. */
  code: string;
  /** A sentence for a person (for server errors: the server's text when it sent one). */
  message: string;
  /** The ManageSieve response code (`NONEXISTENT`, `QUOTA/MAXSCRIPTS`, …) when the server sent one. */
  responseCode?: { name: string; args: string[] } | null;
  /** The server's text, verbatim, when the error came from a server response. */
  serverText?: string | null;
  /** Diagnostics with positions, when a script was refused. */
  diagnostics?: unknown[];
}

/** An error that becomes an HTTP response with `status` and an {@link ErrorBody}. */
export class HttpError extends Error {
  /** HTTP status to answer with. */
  readonly status: number;
  /** The JSON body's `error` object. */
  readonly body: ErrorBody;

  /**
   * @param status - HTTP status
   * @param code - stable error code
   * @param message - what went wrong
   * @param extra - further fields of the body (server text, diagnostics)
   */
  constructor(status: number, code: string, message: string, extra: Omit<ErrorBody, "code" | "message"> = {}) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.body = { code, message, ...extra };
  }
}

/** Writes `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    // Responses carry users' scripts: never cache them anywhere.
    "cache-control": "no-store",
  });
  res.end(text);
}

/** Answers 204 No Content. */
export function sendEmpty(res: ServerResponse): void {
  res.writeHead(204, { "cache-control": "no-store" });
  res.end();
}

/**
 * Reads a JSON object body of at most `maxBytes` bytes. The declared length is checked before
 * reading and the running total while reading, so a large upload is refused without buffering it.
 *
 * @throws HttpError 413 `WEBMAIL_E_BODY_TOO_LARGE`, 415 `WEBMAIL_E_MEDIA_TYPE`, 400 `WEBMAIL_E_BAD_REQUEST`
 */
export async function readJson(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new HttpError(415, "WEBMAIL_E_MEDIA_TYPE", "the body must be application/json");
  }
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "WEBMAIL_E_BAD_REQUEST", "the body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "WEBMAIL_E_BAD_REQUEST", "the body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** The 413 for a body over `maxBytes`. */
function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, "WEBMAIL_E_BODY_TOO_LARGE", `the body is larger than ${maxBytes} bytes`);
}

/** The string field `name` of a body, or a 400 that names it. */
export function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== "string") {
    throw new HttpError(400, "WEBMAIL_E_BAD_REQUEST", `'${name}' must be a string`);
  }
  return value;
}

/** An optional string field: undefined when absent, a 400 when of another type. */
export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  return body[name] === undefined ? undefined : stringField(body, name);
}
