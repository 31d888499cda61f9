/**
 * What the fake-server client tests share: the test certificate, credentials, connect options
 * for a fake server on 127.0.0.1, and an assertion on a typed rejection.
 */
import * as assert from "uvu/assert";
import { type ConnectOptions, ManageSieveError } from "../src/index.ts";
import { testCert } from "./fake-server.ts";

/** The self-signed certificate the fake servers present. */
export const cert = testCert();

/** Credentials the fake servers' login flows accept. */
export const CREDS = { username: "alice", password: "alice-pass", mechanism: "PLAIN" };

/** Connect options for a fake server on `port`, trusting {@link cert}; 5 s per command. */
export function opts(port: number, extra: Partial<ConnectOptions> = {}): ConnectOptions {
  return { host: "127.0.0.1", port, ca: cert.cert, servername: "localhost", timeouts: { command: 5000 }, ...extra };
}

/** Asserts that `p` rejects with a ManageSieveError of `code`, and returns it. */
export async function rejects(p: Promise<unknown>, code: string): Promise<ManageSieveError> {
  try {
    await p;
  } catch (err) {
    assert.instance(err, ManageSieveError, String(err));
    assert.is((err as ManageSieveError).code, code, (err as Error).message);
    return err as ManageSieveError;
  }
  throw new Error(`expected rejection with ${code}`);
}
