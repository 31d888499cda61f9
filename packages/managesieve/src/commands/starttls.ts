/**
 * STARTTLS (RFC 5804 §2.2): TLS on the same socket, then the capabilities the server MUST
 * re-issue, which MUST NOT include STARTTLS.
 *
 * @module
 */
import { type Capabilities, parseCapabilities } from "../capabilities.ts";
import { compileCommand } from "../compiler.ts";
import { ManageSieveError } from "../errors.ts";
import { statusError } from "../response.ts";
import type { CommandContext } from "./run.ts";

/**
 * Upgrades the connection to TLS and returns the capabilities re-sent over TLS.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_TLS` (refused, handshake or certificate failure, bytes after
 *   the OK, STARTTLS advertised again), `MANAGESIEVE_E_BYE`, `MANAGESIEVE_E_PROTOCOL`,
 *   `MANAGESIEVE_E_TIMEOUT`, `MANAGESIEVE_E_CLOSED`
 */
export async function startTls(ctx: CommandContext): Promise<Capabilities> {
  const { conn } = ctx;
  conn.discardStale();
  conn.beginPhase(ctx.timeout, "STARTTLS");
  try {
    conn.expectStartTls();
    conn.send(compileCommand("STARTTLS"));
    const response = await conn.readResponse();
    if (response.status.status === "BYE") {
      conn.close();
      throw statusError(response.status, "STARTTLS");
    }
    if (response.status.status === "NO") {
      const err = statusError(response.status, "STARTTLS");
      throw new ManageSieveError("MANAGESIEVE_E_TLS", err.message, {
        responseCode: err.responseCode,
        serverText: err.serverText,
      });
    }
    if (response.data.length > 0) {
      conn.close();
      throw new ManageSieveError("MANAGESIEVE_E_PROTOCOL", "STARTTLS: unexpected data before the OK");
    }
    await conn.upgrade();
    // RFC 5804 §2.2: "the server MUST re-issue the capability results, followed by an OK".
    const caps = await conn.readResponse();
    if (caps.status.status !== "OK") {
      conn.close();
      throw statusError(caps.status, "STARTTLS");
    }
    const capabilities = parseCapabilities(caps.data);
    if (capabilities.starttls) {
      conn.close();
      throw new ManageSieveError(
        "MANAGESIEVE_E_TLS",
        "server advertised STARTTLS again after TLS was established (RFC 5804 §2.2 forbids it)",
      );
    }
    return capabilities;
  } finally {
    conn.endPhase();
  }
}
