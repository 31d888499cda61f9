/**
 * AUTHENTICATE (RFC 5804 §2.1): the SASL exchange. Challenges and responses are base64 strings;
 * the server's final data may come as a last challenge (Dovecot) or in `OK (SASL "…")` (Cyrus).
 * Nothing of the exchange reaches the log (ARCHITECTURE.md, rule 6).
 *
 * @module
 */
import { compileCommand, compileStringLine } from "../compiler.ts";
import { ManageSieveError } from "../errors.ts";
import { type StatusLine, statusError } from "../response.ts";
import type { SaslMechanism } from "../sasl/index.ts";
import type { CommandContext } from "./run.ts";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Strict base64 decoding (RFC 4648 §4): Buffer's lenient decoder would accept garbage.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_PROTOCOL`
 */
export function decodeBase64(text: string): Uint8Array {
  if (!BASE64.test(text)) throw new ManageSieveError("MANAGESIEVE_E_PROTOCOL", "server sent invalid base64 SASL data");
  return new Uint8Array(Buffer.from(text, "base64"));
}

function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/**
 * The error for a failed AUTHENTICATE: `MANAGESIEVE_E_ENCRYPT_NEEDED` for the ENCRYPT-NEEDED
 * response code, `MANAGESIEVE_E_BYE` for BYE, else `MANAGESIEVE_E_AUTH`; code and text kept.
 */
export function authFailure(line: StatusLine, mech: SaslMechanism): ManageSieveError {
  if (line.status === "BYE") return statusError(line, `AUTHENTICATE ${mech.name}`);
  const code = line.code?.name === "ENCRYPT-NEEDED" ? "MANAGESIEVE_E_ENCRYPT_NEEDED" : "MANAGESIEVE_E_AUTH";
  const err = statusError(line, `AUTHENTICATE ${mech.name}`, code);
  const detail = mech.failureDetail;
  if (detail) err.message += ` (mechanism reported: ${detail})`;
  return err;
}

/**
 * Runs one SASL exchange with `mech`. Resolves when the server said OK and the mechanism
 * accepted the server's final data.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_AUTH` (NO, or the server failed verification),
 *   `MANAGESIEVE_E_ENCRYPT_NEEDED`, `MANAGESIEVE_E_BYE`, `MANAGESIEVE_E_PROTOCOL`, and the
 *   connection errors; a NO/BYE error keeps the response code (e.g. REFERRAL) and text
 */
export async function authenticate(ctx: CommandContext, mech: SaslMechanism): Promise<void> {
  const { conn } = ctx;
  conn.discardStale();
  conn.beginPhase(ctx.timeout, "AUTHENTICATE");
  conn.redact = true;
  try {
    const initial = mech.initialResponse();
    const args = initial === null ? [mech.name] : [mech.name, encodeBase64(initial)];
    conn.send(compileCommand("AUTHENTICATE", args, { redactFrom: 1 }));
    for (;;) {
      const line = await conn.next();
      if (line.kind === "status") {
        if (line.status === "BYE") conn.close();
        if (line.status !== "OK") throw authFailure(line, mech);
        let serverData: Uint8Array | null = null;
        if (line.code?.name === "SASL") {
          const arg = line.code.args[0];
          if (arg === undefined)
            throw new ManageSieveError("MANAGESIEVE_E_PROTOCOL", "SASL response code without data");
          serverData = decodeBase64(arg);
        }
        try {
          mech.finish(serverData);
        } catch (err) {
          // The server could not prove it knows the password (SCRAM): do not trust this session.
          conn.close();
          throw asAuthError(err);
        }
        return;
      }
      // RFC 5804 §2.1: a challenge is exactly one string.
      const [item, extra] = line.items;
      if (item?.type !== "string" || extra !== undefined) {
        conn.close();
        throw new ManageSieveError("MANAGESIEVE_E_PROTOCOL", "malformed SASL challenge");
      }
      let reply: Uint8Array;
      try {
        reply = mech.respond(decodeBase64(item.value));
      } catch (err) {
        // Cancel the exchange with "*" (RFC 5804 §2.1); the server MUST answer NO.
        conn.send(compileStringLine("*", false));
        const answer = await conn.readResponse().catch(() => null);
        if (answer?.status.status === "BYE") conn.close();
        throw asAuthError(err);
      }
      conn.send(compileStringLine(encodeBase64(reply), true));
    }
  } finally {
    conn.redact = false;
    conn.endPhase();
  }
}

function asAuthError(err: unknown): ManageSieveError {
  return err instanceof ManageSieveError
    ? err
    : new ManageSieveError("MANAGESIEVE_E_AUTH", "SASL mechanism failed", { cause: err });
}
