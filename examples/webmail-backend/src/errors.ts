/**
 * How a failure reaches the frontend: every thrown error becomes an {@link HttpError}. A
 * ManageSieve error keeps its `code`, the server's response code and the server's text verbatim,
 * so the frontend can show what the server said and branch on the code.
 *
 * @module
 */
import { isManageSieveError, type ManageSieveError } from "@sieve-toolkit/managesieve";
import { HttpError } from "./http.ts";

/** The HTTP status for a server `NO`, by its response code (RFC 5804 §1.3). */
function statusOfNo(err: ManageSieveError): number {
  const name = err.responseCode?.name ?? "";
  if (name === "NONEXISTENT") return 404;
  if (name === "ACTIVE" || name === "ALREADYEXISTS") return 409;
  if (name.startsWith("QUOTA")) return 507;
  if (name === "TRYLATER") return 503;
  // Anything else the server refused is about the request's content (e.g. CHECKSCRIPT errors).
  return 422;
}

/** The HTTP status for each client error code other than `NO`. */
const STATUS: Readonly<Record<string, number>> = {
  MANAGESIEVE_E_AUTH: 401,
  MANAGESIEVE_E_ARGUMENT: 400,
  MANAGESIEVE_E_TIMEOUT: 504,
  // The frontend closed the request (see server.ts): nobody reads this answer, but it is no bug.
  MANAGESIEVE_E_ABORTED: 503,
  // The rest are the mail server's or the link's fault, not the frontend's: a bad gateway.
  MANAGESIEVE_E_CONNECT: 502,
  MANAGESIEVE_E_TLS: 502,
  MANAGESIEVE_E_ENCRYPT_NEEDED: 502,
  MANAGESIEVE_E_BYE: 502,
  MANAGESIEVE_E_PROTOCOL: 502,
  MANAGESIEVE_E_LIMIT: 502,
  MANAGESIEVE_E_REFERRAL: 502,
  MANAGESIEVE_E_CLOSED: 502,
};

/**
 * Converts anything thrown by a handler into an {@link HttpError}. Unknown errors become a 500
 * whose message says nothing about internals; the caller logs the original.
 */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (isManageSieveError(err)) {
    const status = err.code === "MANAGESIEVE_E_NO" ? statusOfNo(err) : (STATUS[err.code] ?? 500);
    // For an authentication failure the server's text is generic; our message adds no detail
    // (never the user name or password).
    const message = err.serverText ?? err.message;
    return new HttpError(status, err.code, message, { responseCode: err.responseCode, serverText: err.serverText });
  }
  return new HttpError(500, "WEBMAIL_E_INTERNAL", "internal error");
}
