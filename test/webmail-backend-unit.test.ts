/**
 * The webmail backend's parts that need no mail server: session expiry, Basic credentials,
 * and what reaches the frontend when the ManageSieve server cannot be reached (502 with the
 * client's code). The endpoints against a real Dovecot are in webmail-backend.test.ts.
 */
import { once } from "node:events";
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { basicCredentials, SessionStore } from "../examples/webmail-backend/src/auth.ts";
import { HttpError } from "../examples/webmail-backend/src/http.ts";
import { createWebmailServer } from "../examples/webmail-backend/src/server.ts";
import { freePort } from "./harness/common.ts";

/** A request with only an Authorization header, which is all basicCredentials reads. */
function withAuthorization(value: string): IncomingMessage {
  return { headers: { authorization: value } } as unknown as IncomingMessage;
}

test("sessions expire after their lifetime and can be closed once", () => {
  let now = 1_000_000;
  const store = new SessionStore(60_000, () => now);
  const { token, expiresAt } = store.create({ username: "u", password: "p" });
  assert.is(expiresAt.getTime(), 1_060_000);
  assert.equal(store.get(token), { username: "u", password: "p" });
  now += 59_999;
  assert.ok(store.get(token));
  now += 1;
  assert.is(store.get(token), null, "expired");
  assert.is(store.size, 0);
  const other = store.create({ username: "v", password: "q" }).token;
  assert.is.not(other, token);
  assert.ok(store.delete(other));
  assert.not.ok(store.delete(other));
});

test("Basic credentials: UTF-8, a colon in the password; malformed ones are a 401", () => {
  const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
  assert.equal(basicCredentials(withAuthorization(`Basic ${b64("dora:pä:ss")}`)), {
    username: "dora",
    password: "pä:ss",
  });
  assert.is(basicCredentials(withAuthorization("Bearer abc")), null);
  for (const bad of [b64("no-colon"), b64(":nouser"), b64(`u:${"x".repeat(2000)}`)]) {
    try {
      basicCredentials(withAuthorization(`Basic ${bad}`));
      assert.unreachable("should throw");
    } catch (err) {
      assert.instance(err, HttpError);
      assert.is((err as HttpError).status, 401);
      assert.is((err as HttpError).body.code, "WEBMAIL_E_AUTH_REQUIRED");
    }
  }
});

test("an unreachable ManageSieve server is a 502 with the client's code; huge headers are refused", async () => {
  const deadPort = await freePort("127.0.0.1"); // nothing listens there
  const http = createWebmailServer({ managesieve: { host: "127.0.0.1", port: deadPort } });
  http.listen(0, "127.0.0.1");
  await once(http, "listening");
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  try {
    const auth = `Basic ${Buffer.from("u:p").toString("base64")}`;
    const res = await fetch(`${base}/api/scripts`, { headers: { authorization: auth } });
    assert.is(res.status, 502);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.is(body.error.code, "MANAGESIEVE_E_CONNECT");
    assert.not.match(body.error.message, /u:p|dTpw/);

    const big = await fetch(`${base}/api/scripts`, { headers: { authorization: auth, "x-pad": "x".repeat(20_000) } });
    assert.is(big.status, 431);
  } finally {
    http.close();
  }
});

test.run();
