/**
 * The client against hostile and broken fake servers: limits, timeouts, BYE, malformed and
 * truncated responses, STARTTLS injection and downgrade, certificates and pinning, referrals,
 * cleartext refusal, AbortSignal, and the SASL exchange shapes of Dovecot and Cyrus.
 */
import net from "node:net";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ManageSieveClient, ManageSieveError, type SaslMechanism, type SaslProvider } from "../src/index.ts";
import {
  DOVECOT_CAPS,
  DOVECOT_CAPS_TLS,
  greetAndStartTls,
  loginFlow,
  type Session,
  startServer,
} from "./fake-server.ts";
import { CREDS, cert, opts, rejects } from "./client-support.ts";

/** Starts a server, runs `body`, closes; fails on handler errors. */
async function scenario(
  handler: (s: Session, i: number) => Promise<void>,
  body: (port: number) => Promise<void>,
  implicit = false,
): Promise<void> {
  const server = await startServer(handler, { cert, implicit });
  try {
    await body(server.port);
    assert.equal(server.errors, [], String(server.errors[0]));
  } finally {
    await server.close();
  }
}

const hang = (s: Session): Promise<void> => s.readCommand().then(() => hang(s));

test("a literal announced larger than maxLiteralSize is rejected before its bytes arrive", async () => {
  await scenario(
    async (s) => {
      await loginFlow(s);
      await s.expect('GETSCRIPT "big"');
      s.write("{104857600}\r\nabc"); // 100 MiB announced, 3 bytes sent, then silence
      await hang(s);
    },
    async (port) => {
      const c = await ManageSieveClient.connect(opts(port, { limits: { maxLiteralSize: 1024 } }));
      await c.authenticate(CREDS);
      const err = await rejects(c.getScript("big"), "MANAGESIEVE_E_LIMIT");
      assert.match(err.message, /104857600/);
      await rejects(c.noop(), "MANAGESIEVE_E_CLOSED");
    },
  );
});

test("over-long lines and responses hit their limits", async () => {
  await scenario(
    async (s, i) => {
      await loginFlow(s);
      await s.expect("LISTSCRIPTS");
      if (i === 0) s.write(`"${"a".repeat(5000)}`);
      else for (let k = 0; k < 100; k++) s.write(`"script-${k}"\r\n`);
      await hang(s);
    },
    async (port) => {
      const c = await ManageSieveClient.connect(opts(port, { limits: { maxLineLength: 1000 } }));
      await c.authenticate(CREDS);
      await rejects(c.listScripts(), "MANAGESIEVE_E_LIMIT");
      const d = await ManageSieveClient.connect(opts(port, { limits: { maxResponseSize: 500 } }));
      await d.authenticate(CREDS);
      await rejects(d.listScripts(), "MANAGESIEVE_E_LIMIT");
    },
  );
});

test("a server that never answers a command: MANAGESIEVE_E_TIMEOUT", async () => {
  await scenario(
    async (s) => {
      await loginFlow(s);
      await hang(s);
    },
    async (port) => {
      const c = await ManageSieveClient.connect(opts(port));
      await c.authenticate(CREDS);
      const slow = await ManageSieveClient.connect(opts(port, { timeouts: { command: 150 } }));
      await slow.authenticate(CREDS).catch(() => {});
      c.close();
      await rejects(slow.listScripts(), slow.authenticated ? "MANAGESIEVE_E_TIMEOUT" : "MANAGESIEVE_E_CLOSED");
    },
  );
});

test("a server that never greets: MANAGESIEVE_E_TIMEOUT", async () => {
  await scenario(hang, async (port) => {
    await rejects(ManageSieveClient.connect(opts(port, { timeouts: { greeting: 150 } })), "MANAGESIEVE_E_TIMEOUT");
  });
});

test("BYE in the middle of a command: MANAGESIEVE_E_BYE with the server's text; then CLOSED", async () => {
  await scenario(
    async (s) => {
      await loginFlow(s);
      await s.expect("LISTSCRIPTS");
      s.write('"a"\r\nBYE (TRYLATER) "Server shutting down: maintenance."\r\n');
      s.end();
    },
    async (port) => {
      const c = await ManageSieveClient.connect(opts(port));
      await c.authenticate(CREDS);
      const err = await rejects(c.listScripts(), "MANAGESIEVE_E_BYE");
      assert.is(err.serverText, "Server shutting down: maintenance.");
      assert.equal(err.responseCode, { name: "TRYLATER", args: [] });
      await rejects(c.noop(), "MANAGESIEVE_E_CLOSED");
    },
  );
});

test("malformed and truncated responses", async () => {
  const bad = [
    ["OK garbage(\r\n", "MANAGESIEVE_E_PROTOCOL"],
    ['OK "unterminated\r\n', "MANAGESIEVE_E_PROTOCOL"],
    ['OK "x" "y"\r\n', "MANAGESIEVE_E_PROTOCOL"],
    ["OK (TAG\r\n", "MANAGESIEVE_E_PROTOCOL"],
    ["bare\nLF\r\n", "MANAGESIEVE_E_PROTOCOL"],
    ['"a" ACTIVE\r\n"b" ACTIVE\r\nOK\r\n', "MANAGESIEVE_E_PROTOCOL"],
    ['"a" FOO\r\nOK\r\n', "MANAGESIEVE_E_PROTOCOL"],
    ['"a"\r\n"b', "MANAGESIEVE_E_CLOSED"],
    ["{10}\r\nabc", "MANAGESIEVE_E_CLOSED"],
  ] as const;
  await scenario(
    async (s, i) => {
      await loginFlow(s);
      await s.expect("LISTSCRIPTS");
      s.write(bad[i]![0]);
      s.end();
    },
    async (port) => {
      for (const [, code] of bad) {
        const c = await ManageSieveClient.connect(opts(port));
        await c.authenticate(CREDS);
        await rejects(c.listScripts(), code);
        c.close();
      }
    },
  );
});

test("unsolicited lines between commands are discarded (Cyrus's extra NO)", async () => {
  await scenario(
    async (s) => {
      await loginFlow(s);
      await s.expect('HAVESPACE "good" 1');
      s.write('NO "Expected Number"\r\nNO "Expected a command. Got something else."\r\n');
      await s.expect("NOOP");
      s.write('OK "Done"\r\n');
    },
    async (port) => {
      const c = await ManageSieveClient.connect(opts(port));
      await c.authenticate(CREDS);
      const err = await rejects(c.haveSpace("good", 1), "MANAGESIEVE_E_NO");
      assert.is(err.serverText, "Expected Number");
      await new Promise((r) => setTimeout(r, 50));
      assert.is(await c.noop(), null);
      c.close();
    },
  );
});

test("bytes injected after the STARTTLS OK: MANAGESIEVE_E_TLS (same and separate segments)", async () => {
  await scenario(
    async (s, i) => {
      s.write(`${DOVECOT_CAPS}OK\r\n`);
      await s.expect("STARTTLS");
      if (i === 0) s.write('OK "Begin TLS"\r\n"SASL" "PLAIN"\r\nOK\r\n');
      else {
        s.write('OK "Begin TLS"\r\n');
        await new Promise((r) => setTimeout(r, 30));
        s.write('"SASL" "PLAIN"\r\nOK\r\n');
      }
      await hang(s);
    },
    async (port) => {
      const err = await rejects(ManageSieveClient.connect(opts(port)), "MANAGESIEVE_E_TLS");
      assert.match(err.message, /after the STARTTLS OK/);
      await rejects(ManageSieveClient.connect(opts(port)), "MANAGESIEVE_E_TLS");
    },
  );
});

test("STARTTLS not offered with default options: fails, never authenticates in clear", async () => {
  let commands = 0;
  await scenario(
    async (s) => {
      s.write(`${DOVECOT_CAPS.replace('"STARTTLS"\r\n', "")}OK\r\n`);
      await s.readCommand();
      commands++;
    },
    async (port) => {
      const err = await rejects(ManageSieveClient.connect(opts(port)), "MANAGESIEVE_E_TLS");
      assert.match(err.message, /STARTTLS/);
      await new Promise((r) => setTimeout(r, 30));
      assert.is(commands, 0);
    },
  );
});

test("STARTTLS advertised again after TLS is refused; a NO to STARTTLS is MANAGESIEVE_E_TLS", async () => {
  await scenario(
    async (s, i) => {
      s.write(`${DOVECOT_CAPS}OK\r\n`);
      await s.expect("STARTTLS");
      if (i === 1) {
        s.write('NO "TLS is already active."\r\n');
        return hang(s);
      }
      s.write("OK\r\n");
      await s.startTls();
      s.write(`${DOVECOT_CAPS}OK\r\n`);
      await hang(s);
    },
    async (port) => {
      await rejects(ManageSieveClient.connect(opts(port)), "MANAGESIEVE_E_TLS");
      const err = await rejects(ManageSieveClient.connect(opts(port)), "MANAGESIEVE_E_TLS");
      assert.is(err.serverText, "TLS is already active.");
    },
  );
});

test('"SASL" "" before TLS: mechanisms come from the capabilities re-sent after STARTTLS', async () => {
  await scenario(
    async (s) => {
      s.write('"IMPLEMENTATION" "x"\r\n"SASL" ""\r\n"STARTTLS"\r\n"VERSION" "1.0"\r\nOK\r\n');
      await s.expect("STARTTLS");
      s.write("OK\r\n");
      await s.startTls();
      s.write('"IMPLEMENTATION" "x"\r\n"SASL" "PLAIN"\r\n"VERSION" "1.0"\r\nOK\r\n');
      await s.expect('AUTHENTICATE "PLAIN" "AGFsaWNlAGFsaWNlLXBhc3M="');
      s.write("OK\r\n");
      await s.expect("CAPABILITY");
      s.write('"IMPLEMENTATION" "x"\r\n"VERSION" "1.0"\r\n"OWNER" "alice"\r\nOK\r\n');
    },
    async (port) => {
      const c = await ManageSieveClient.connect(opts(port));
      assert.equal(c.capabilities.sasl, ["PLAIN"]);
      await c.authenticate({ username: "alice", password: "alice-pass" });
      assert.is(c.capabilities.owner, "alice");
      c.close();
    },
  );
});

test("cleartext: PLAIN refused without TLS (ENCRYPT_NEEDED), no mechanism (AUTH), allowed on request", async () => {
  const seen: string[] = [];
  await scenario(
    async (s, i) => {
      s.write(i === 1 ? '"SASL" ""\r\nOK\r\n' : '"SASL" "PLAIN LOGIN"\r\nOK\r\n');
      const cmd = await s.readCommand();
      seen.push(cmd);
      if (i === 2) {
        s.write("OK\r\n");
        await s.expect("CAPABILITY");
        s.write('"SASL" "PLAIN"\r\nOK\r\n');
      }
      await hang(s);
    },
    async (port) => {
      const a = await ManageSieveClient.connect(opts(port, { tls: "none" }));
      assert.is(a.secure, false);
      await rejects(a.authenticate({ username: "u", password: "p" }), "MANAGESIEVE_E_ENCRYPT_NEEDED");
      await rejects(
        a.authenticate({ username: "u", password: "p", mechanism: "PLAIN" }),
        "MANAGESIEVE_E_ENCRYPT_NEEDED",
      );
      a.close();
      const b = await ManageSieveClient.connect(opts(port, { tls: "none" }));
      await rejects(b.authenticate({ username: "u", password: "p" }), "MANAGESIEVE_E_AUTH");
      b.close();
      const c = await ManageSieveClient.connect(opts(port, { tls: "none", allowCleartextSecrets: true }));
      await c.authenticate({ username: "u", password: "p" });
      assert.ok(c.authenticated);
      c.close();
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(seen, ['AUTHENTICATE "PLAIN" "AHUAcA=="']);
    },
  );
});

test("server NO to AUTHENTICATE: MANAGESIEVE_E_AUTH, or ENCRYPT_NEEDED with that code; text kept", async () => {
  await scenario(
    async (s) => {
      await greetAndStartTls(s);
      await s.expect(/^AUTHENTICATE "PLAIN" /);
      s.write('NO "Authentication failed."\r\n');
      await s.expect(/^AUTHENTICATE "PLAIN" /);
      s.write('NO (ENCRYPT-NEEDED) "Plaintext authentication disabled."\r\n');
      await hang(s);
    },
    async (port) => {
      const c = await ManageSieveClient.connect(opts(port));
      const a = await rejects(c.authenticate(CREDS), "MANAGESIEVE_E_AUTH");
      assert.is(a.serverText, "Authentication failed.");
      const b = await rejects(c.authenticate(CREDS), "MANAGESIEVE_E_ENCRYPT_NEEDED");
      assert.is(b.serverText, "Plaintext authentication disabled.");
      c.close();
    },
  );
});

test("certificates: untrusted rejected by default; fingerprint pin match and mismatch", async () => {
  await scenario(
    async (s) => {
      s.write(`${DOVECOT_CAPS}OK\r\n`);
      await s.expect("STARTTLS");
      s.write("OK\r\n");
      await s.startTls();
      s.write(`${DOVECOT_CAPS_TLS}OK\r\n`);
      await hang(s);
    },
    async (port) => {
      const base = { host: "127.0.0.1", port };
      await rejects(ManageSieveClient.connect(base), "MANAGESIEVE_E_TLS");
      await rejects(ManageSieveClient.connect({ ...base, ca: cert.cert }), "MANAGESIEVE_E_TLS"); // IP not in cert
      const pinned = await ManageSieveClient.connect({ ...base, fingerprint: cert.fingerprint.toLowerCase() });
      assert.ok(pinned.secure);
      pinned.close();
      const noColons = await ManageSieveClient.connect({ ...base, fingerprint: cert.fingerprint.replace(/:/g, "") });
      noColons.close();
      const wrong = `${"00:".repeat(31)}00`;
      const err = await rejects(ManageSieveClient.connect({ ...base, fingerprint: wrong }), "MANAGESIEVE_E_TLS");
      assert.match(err.message, /fingerprint/);
      const unverified = await ManageSieveClient.connect({ ...base, rejectUnauthorized: false });
      assert.is(unverified.secure, false); // RFC 5804 §2.1.1: encrypted but unverified is not secure
      await rejects(unverified.authenticate(CREDS), "MANAGESIEVE_E_ENCRYPT_NEEDED");
      unverified.close();
    },
  );
});

test("implicit TLS", async () => {
  await scenario(
    async (s) => {
      s.write(`${DOVECOT_CAPS_TLS}OK "Dovecot ready."\r\n`);
      await s.expect("LOGOUT");
      s.write('OK "Logout completed."\r\n');
      s.end();
    },
    async (port) => {
      const c = await ManageSieveClient.connect(opts(port, { tls: "implicit" }));
      assert.ok(c.secure);
      await c.logout();
    },
    true,
  );
});

test("connection refused: MANAGESIEVE_E_CONNECT", async () => {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  await rejects(ManageSieveClient.connect({ host: "127.0.0.1", port }), "MANAGESIEVE_E_CONNECT");
});

test("referrals: greeting BYE (REFERRAL) followed; loops and maxReferrals stop", async () => {
  const a = await startServer(async (s) => {
    s.write(`BYE (REFERRAL "sieve://localhost:${b.port}") "Try the other server"\r\n`);
    s.end();
  });
  const b = await startServer(
    async (s) => {
      await greetAndStartTls(s);
      await hang(s);
    },
    { cert },
  );
  const loopA: { port: number } = { port: 0 };
  const loop = await startServer(async (s) => {
    s.write(`BYE (REFERRAL "sieve://127.0.0.1:${loopA.port}")\r\n`);
    s.end();
  });
  loopA.port = loop.port;
  try {
    const c = await ManageSieveClient.connect(opts(a.port));
    assert.equal(c.server, { host: "localhost", port: b.port });
    c.close();
    const l = await rejects(ManageSieveClient.connect(opts(loop.port)), "MANAGESIEVE_E_REFERRAL");
    assert.is(l.responseCode?.name, "REFERRAL");
    await rejects(ManageSieveClient.connect(opts(a.port, { maxReferrals: 0 })), "MANAGESIEVE_E_REFERRAL");
  } finally {
    await Promise.all([a.close(), b.close(), loop.close()]);
  }
});

test("referrals: NO (REFERRAL) to AUTHENTICATE reconnects, redoes STARTTLS and authenticates there", async () => {
  const b = await startServer(
    async (s) => {
      await loginFlow(s);
      await s.expect("LISTSCRIPTS");
      s.write('"on-b"\r\nOK\r\n');
    },
    { cert },
  );
  const a = await startServer(
    async (s) => {
      await greetAndStartTls(s);
      await s.expect(/^AUTHENTICATE "PLAIN" /);
      s.write(`NO (REFERRAL "sieve://localhost:${b.port}/") "Go away"\r\n`);
      await hang(s);
    },
    { cert },
  );
  try {
    const c = await ManageSieveClient.connect(opts(a.port));
    await c.authenticate(CREDS);
    assert.equal(c.server, { host: "localhost", port: b.port });
    assert.equal(await c.listScripts(), [{ name: "on-b", active: false }]);
    c.close();
    assert.equal([...a.errors, ...b.errors], []);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test("AbortSignal: already aborted, and aborted during a command", async () => {
  await rejects(
    ManageSieveClient.connect({ host: "127.0.0.1", port: 1, signal: AbortSignal.abort() }),
    "MANAGESIEVE_E_ABORTED",
  );
  await scenario(
    async (s) => {
      await loginFlow(s);
      await hang(s);
    },
    async (port) => {
      const ac = new AbortController();
      const c = await ManageSieveClient.connect(opts(port, { signal: ac.signal }));
      await c.authenticate(CREDS);
      const p = c.listScripts();
      setTimeout(() => ac.abort(new Error("user pressed ^C")), 20);
      const err = await rejects(p, "MANAGESIEVE_E_ABORTED");
      assert.is((err.cause as Error).message, "user pressed ^C");
      await rejects(c.noop(), "MANAGESIEVE_E_CLOSED");
    },
  );
});

/** A scripted mechanism: records what it was given, answers fixed bytes. */
function doubleProvider(log: string[], failOn?: string): SaslProvider {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  return {
    chooseMechanism: (offered) => (offered.includes("X-TEST") ? "X-TEST" : null),
    createMechanism: (name): SaslMechanism => ({
      name,
      sendsSecretInClear: false,
      initialResponse: () => enc.encode("first"),
      respond(challenge) {
        const c = dec.decode(challenge);
        log.push(`challenge:${c}`);
        if (c === failOn) throw new ManageSieveError("MANAGESIEVE_E_AUTH", "bad server signature");
        return c.startsWith("v=") ? new Uint8Array(0) : enc.encode(`re:${c}`);
      },
      finish(data) {
        log.push(`finish:${data === null ? "null" : dec.decode(data)}`);
      },
    }),
  };
}

test("SASL exchange: Dovecot (final as challenge), Cyrus (literal challenges, OK (SASL)), cancel with *", async () => {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const caps = DOVECOT_CAPS_TLS.replace("PLAIN LOGIN", "X-TEST");
  const commands: string[] = [];
  await scenario(
    async (s, i) => {
      s.write(`${caps}OK\r\n`);
      const cmd = await s.readCommand();
      commands.push(cmd);
      if (i === 0) {
        s.write(`"${b64("server-first")}"\r\n`);
        commands.push(await s.readCommand());
        s.write(`"${b64("v=sig")}"\r\n`);
        commands.push(await s.readCommand());
        s.write('OK "Logged in."\r\n');
      } else if (i === 1) {
        const ch = b64("server-first");
        s.write(`{${ch.length}}\r\n${ch}\r\n`);
        commands.push(await s.readCommand());
        s.write(`OK (SASL "${b64("v=final")}")\r\n`);
      } else {
        s.write(`"${b64("evil")}"\r\n`);
        commands.push(await s.readCommand());
        s.write('NO "Authentication aborted by client."\r\n');
        return hang(s);
      }
      await s.expect("CAPABILITY");
      s.write(`${caps}OK\r\n`);
    },
    async (port) => {
      const log: string[] = [];
      const o = opts(port, { tls: "none", sasl: doubleProvider(log, "evil") });
      const d = await ManageSieveClient.connect(o);
      await d.authenticate({ username: "u" });
      d.close();
      const c = await ManageSieveClient.connect(o);
      await c.authenticate({ username: "u" });
      c.close();
      const e = await ManageSieveClient.connect(o);
      const err = await rejects(e.authenticate({ username: "u" }), "MANAGESIEVE_E_AUTH");
      assert.is(err.message, "bad server signature");
      e.close();
      assert.equal(log, [
        "challenge:server-first",
        "challenge:v=sig",
        "finish:null",
        "challenge:server-first",
        "finish:v=final",
        "challenge:evil",
      ]);
      assert.equal(commands, [
        `AUTHENTICATE "X-TEST" "${b64("first")}"`,
        `"${b64("re:server-first")}"`,
        '""',
        `AUTHENTICATE "X-TEST" "${b64("first")}"`,
        `"${b64("re:server-first")}"`,
        `AUTHENTICATE "X-TEST" "${b64("first")}"`,
        '"*"',
      ]);
    },
  );
});

test.run();
