/**
 * The ManageSieve client against a real, private Dovecot/Pigeonhole (test/harness/dovecot.ts).
 *
 * Two instances: `dc` (plaintext auth allowed, 127.0.0.1) and `strict` (`disable_plaintext_auth =
 * yes` on 127.0.0.2, where the connection is not "secured" in Dovecot's eyes). Each test works as
 * its own user so that tests do not see each other's scripts.
 *
 * The first tests use raw sockets only: they prove the harness even when the client is broken or
 * missing. The client is imported dynamically for the same reason.
 *
 * Without Dovecot the suite is skipped with a message, unless CI is set: then it fails.
 */
import type { TLSSocket } from "node:tls";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type {
  ConnectOptions,
  ManageSieveClient,
  ManageSieveError,
  SaslCredentials,
} from "../packages/managesieve/src/index.ts";
import { type DovecotServer, dovecotMissing, startDovecot } from "./harness/dovecot.ts";
import { RawSession } from "./harness/raw.ts";

type ClientModule = typeof import("../packages/managesieve/src/index.ts");

let dc: DovecotServer;
let strict: DovecotServer;
let lib: ClientModule | null = null;
let libError: unknown = null;

/** The client module, or a failure that says why it could not be loaded. */
function client(): ClientModule {
  if (!lib) throw new Error(`client library failed to load: ${String(libError)}`);
  return lib;
}

/** Connect options for the `dc` instance: STARTTLS trusting the harness certificate. */
function opts(server: DovecotServer, extra: Partial<ConnectOptions> = {}): ConnectOptions {
  return { host: server.host, port: server.port, ca: server.ca, servername: "localhost", ...extra };
}

/** A connected (STARTTLS) and authenticated client for `user` on `dc`. */
async function login(user: string, extra: Partial<ConnectOptions> = {}): Promise<ManageSieveClient> {
  const c = await client().ManageSieveClient.connect(opts(dc, extra));
  await c.authenticate({ username: user, password: dc.users[user]!.password });
  return c;
}

/** Awaits `p`, which must reject with a ManageSieveError of `code`; returns the error. */
async function rejects(p: Promise<unknown>, code: string, what: string): Promise<ManageSieveError> {
  try {
    await p;
  } catch (err) {
    const { ManageSieveError } = client();
    if (!(err instanceof ManageSieveError)) {
      throw new Error(`${what}: expected ManageSieveError ${code}, got ${String(err)}`);
    }
    assert.is(err.code, code, `${what}: ${err.message}`);
    return err;
  }
  throw new Error(`${what}: expected rejection with ${code}, but it resolved`);
}

/** Reads the first literal the server sends for `command` (after logging in raw as `user`). */
async function rawResponse(
  user: string,
  command: Buffer,
): Promise<{ status: string; literal: Buffer | null; literals: Buffer[] }> {
  const raw = await RawSession.open(dc.host, dc.port);
  try {
    await raw.read();
    const auth = await raw.loginPlain(user, dc.users[user]!.password);
    assert.is(auth.status, "OK", auth.text);
    const r = await raw.command(command);
    await raw.command("LOGOUT");
    return { status: r.status, literal: r.literal, literals: r.literals };
  } finally {
    raw.close();
  }
}

/** `CMD {n+}\r\nbody` as bytes. */
function withLiteral(prefix: string, body: string): Buffer {
  const bytes = Buffer.from(body, "utf8");
  return Buffer.concat([Buffer.from(`${prefix} {${bytes.length}+}\r\n`), bytes]);
}

/** A syntactically valid script of exactly `size` bytes (padding in a comment). */
function scriptOfSize(size: number): string {
  const head = "keep;\n#";
  return `${head}${"x".repeat(size - head.length - 1)}\n`;
}

const BAD_SCRIPT = 'require ["fileinto"];\nif header :contains "subject" "x" {\n  fileinto "Junk"\n}\n';
const WARN_SCRIPT =
  'require ["spamtest", "spamtestplus", "relational", "comparator-i;ascii-numeric"];\n' +
  'if spamtest :percent :value "ge" :comparator "i;ascii-numeric" "50" {\n  discard;\n}\n';
const GOOD_SCRIPT = 'require ["fileinto"];\nif header :contains "subject" "[spam]" {\n  fileinto "Junk";\n}\n';

const missing = dovecotMissing();

if (missing) {
  if (process.env.CI) {
    test("Dovecot ManageSieve is installed", () => {
      assert.unreachable(`${missing} (required when CI is set: .ci/run installs it)`);
    });
  } else {
    process.stdout.write(`managesieve-dovecot: skipped, ${missing}\n`);
    // A passing placeholder, not test.skip: scripts/test.mjs computes failures as
    // total - passed - skipped, and uvu leaves skipped tests out of the total, so a skip
    // would count as -1 failure and could hide a real one in another file.
    test(`skipped: ${missing}`, () => {});
  }
} else {
  test.before(async () => {
    dc = await startDovecot();
    strict = await startDovecot({ disablePlaintextAuth: true });
    try {
      lib = await import("../packages/managesieve/src/index.ts");
      if (typeof lib.ManageSieveClient?.connect !== "function") {
        libError = "packages/managesieve/src/index.ts does not export ManageSieveClient";
        lib = null;
      }
    } catch (err) {
      libError = err;
    }
  });

  test.after(async () => {
    await dc?.stop();
    await strict?.stop();
  });

  // ---- the harness alone (raw sockets, no client) ----

  test("harness: STARTTLS port greets with SIEVE, SASL and STARTTLS; LOGOUT", async () => {
    const raw = await RawSession.open(dc.host, dc.port);
    try {
      const greeting = await raw.read();
      assert.is(greeting.status, "OK", greeting.text);
      assert.match(greeting.text, /^"IMPLEMENTATION" "Dovecot/m);
      assert.match(greeting.text, /^"SIEVE" "[^"]*\bfileinto\b/m);
      assert.match(greeting.text, /^"SASL" "PLAIN LOGIN SCRAM-SHA-1 SCRAM-SHA-256"\r$/m);
      assert.match(greeting.text, /^"STARTTLS"\r$/m);
      const bye = await raw.command("LOGOUT");
      assert.is(bye.status, "OK", bye.text);
    } finally {
      raw.close();
    }
  });

  test("harness: implicit TLS port presents the harness certificate and greets without STARTTLS", async () => {
    const raw = await RawSession.open(dc.host, dc.tlsPort, { ca: dc.ca });
    try {
      const greeting = await raw.read();
      assert.is(greeting.status, "OK", greeting.text);
      assert.not.match(greeting.text, /"STARTTLS"/);
      const peer = (raw.socket as TLSSocket).getPeerCertificate();
      assert.is(peer.fingerprint256, dc.fingerprint);
      assert.is((await raw.command("LOGOUT")).status, "OK");
    } finally {
      raw.close();
    }
  });

  test("harness: users can log in and store scripts (homes, quotas in place)", async () => {
    const raw = await RawSession.open(dc.host, dc.port);
    try {
      await raw.read();
      const auth = await raw.loginPlain("carol", dc.users.carol!.password);
      assert.is(auth.status, "OK", `${auth.text}\n${dc.log()}`);
      assert.is((await raw.command('PUTSCRIPT "harness" "keep;"')).status, "OK");
      assert.match((await raw.command("LISTSCRIPTS")).text, /^"harness"\r$/m);
      const big = await raw.command(`HAVESPACE "big" ${dc.limits.maxScriptSize + 1}`);
      assert.match(big.text, /^NO \(QUOTA\/MAXSIZE\)/m);
      assert.is((await raw.command('DELETESCRIPT "harness"')).status, "OK");
      assert.is((await raw.command("LOGOUT")).status, "OK");
    } finally {
      raw.close();
    }
  });

  test("harness: the plaintext-disabled instance offers only SCRAM before TLS", async () => {
    assert.is(strict.host, "127.0.0.2");
    const raw = await RawSession.open(strict.host, strict.port);
    try {
      const greeting = await raw.read();
      assert.match(greeting.text, /^"SASL" "SCRAM-SHA-1 SCRAM-SHA-256"\r$/m);
      const plain = await raw.loginPlain("alice", strict.users.alice!.password);
      assert.is(plain.status, "NO", plain.text);
    } finally {
      raw.close();
    }
  });

  // ---- the client: connecting, TLS ----

  test("CAPABILITY and STARTTLS: capabilities re-read after TLS; after login MAXREDIRECTS appears", async () => {
    const c = await client().ManageSieveClient.connect(opts(dc));
    try {
      assert.ok(c.secure, "secure after STARTTLS");
      assert.not.ok(c.authenticated);
      const caps = c.capabilities;
      assert.match(caps.implementation ?? "", /Dovecot/);
      assert.is(caps.version, "1.0");
      assert.ok(caps.sieve.includes("fileinto") && caps.sieve.includes("vacation"), caps.sieve.join(" "));
      assert.equal(caps.notify, ["mailto"]);
      for (const m of ["PLAIN", "LOGIN", "SCRAM-SHA-1", "SCRAM-SHA-256"]) assert.ok(caps.sasl.includes(m), m);
      // RFC 5804 §2.2: the list re-sent after TLS has no STARTTLS.
      assert.is(caps.starttls, false);
      assert.is(caps.unauthenticate, false);
      const again = await c.capability();
      assert.is(again.implementation, caps.implementation);
      await c.authenticate({ username: "carol", password: dc.users.carol!.password });
      assert.ok(c.authenticated);
      const after = await c.capability();
      assert.is(after.maxRedirects, 4);
      assert.equal(after.sasl, []);
      await c.logout();
    } finally {
      c.close();
    }
  });

  test("tls: 'none' sees STARTTLS offered and is not secure", async () => {
    const c = await client().ManageSieveClient.connect(opts(dc, { tls: "none" }));
    try {
      assert.is(c.secure, false);
      assert.is(c.capabilities.starttls, true);
      await c.logout();
    } finally {
      c.close();
    }
  });

  test("implicit TLS with the harness CA; SCRAM-SHA-256 and a command", async () => {
    const wire: string[] = [];
    const c = await client().ManageSieveClient.connect(
      opts(dc, { tls: "implicit", port: dc.tlsPort, logger: (e) => wire.push(`${e.direction}: ${e.text}`) }),
    );
    try {
      assert.ok(c.secure);
      assert.is(c.capabilities.starttls, false);
      await c.authenticate({ username: "carol", password: dc.users.carol!.password, mechanism: "SCRAM-SHA-256" });
      assert.ok(Array.isArray(await c.listScripts()));
      await c.logout();
    } catch (err) {
      // Once seen in CI (AUTHENTICATE timed out, not reproduced in 7 local runs): keep what both
      // sides saw, so the next failure explains itself.
      throw new Error(
        `${(err as Error).message}\n--- wire (redacted) ---\n${wire.join("\n")}\n--- dovecot log ---\n${dc.log().slice(-4000)}`,
      );
    } finally {
      c.close();
    }
  });

  test("default options reject the untrusted self-signed certificate (STARTTLS and implicit)", async () => {
    const { ManageSieveClient } = client();
    await rejects(ManageSieveClient.connect({ host: dc.host, port: dc.port }), "MANAGESIEVE_E_TLS", "STARTTLS");
    await rejects(
      ManageSieveClient.connect({ host: dc.host, port: dc.tlsPort, tls: "implicit" }),
      "MANAGESIEVE_E_TLS",
      "implicit",
    );
  });

  test("fingerprint pinning: the right SHA-256 is accepted in any spelling, a wrong one is refused", async () => {
    const { ManageSieveClient } = client();
    const hex = dc.fingerprint.replaceAll(":", "").toLowerCase();
    for (const fingerprint of [dc.fingerprint, hex]) {
      const c = await ManageSieveClient.connect({ host: dc.host, port: dc.port, fingerprint, servername: "localhost" });
      assert.ok(c.secure, fingerprint);
      await c.logout();
      c.close();
    }
    const implicit = await ManageSieveClient.connect({
      host: dc.host,
      port: dc.tlsPort,
      tls: "implicit",
      fingerprint: hex,
    });
    assert.ok(implicit.secure);
    implicit.close();
    const wrong = `${hex.slice(0, -2)}${hex.endsWith("00") ? "01" : "00"}`;
    // Pinning is checked even when the CA would accept the certificate.
    await rejects(ManageSieveClient.connect(opts(dc, { fingerprint: wrong })), "MANAGESIEVE_E_TLS", "wrong pin");
    await rejects(
      ManageSieveClient.connect({ host: dc.host, port: dc.tlsPort, tls: "implicit", fingerprint: wrong }),
      "MANAGESIEVE_E_TLS",
      "wrong pin, implicit",
    );
  });

  // ---- the client: authentication ----

  for (const mechanism of ["PLAIN", "LOGIN", "SCRAM-SHA-1", "SCRAM-SHA-256"]) {
    test(`AUTHENTICATE ${mechanism} (ASCII and UTF-8 passwords)`, async () => {
      for (const user of ["alice", "dora"]) {
        const c = await client().ManageSieveClient.connect(opts(dc));
        try {
          await c.authenticate({ username: user, password: dc.users[user]!.password, mechanism });
          assert.ok(c.authenticated, `${mechanism} ${user}`);
          assert.ok(Array.isArray(await c.listScripts()));
          await c.logout();
        } finally {
          c.close();
        }
      }
    });
  }

  test("AUTHENTICATE without a mechanism chooses SCRAM-SHA-256; the logger never sees secrets", async () => {
    const events: string[] = [];
    const c = await client().ManageSieveClient.connect(
      opts(dc, { logger: (e) => events.push(`${e.direction} ${e.text}`) }),
    );
    try {
      await c.authenticate({ username: "dora", password: dc.users.dora!.password });
      await c.logout();
    } finally {
      c.close();
    }
    const wire = events.join("\n");
    assert.match(wire, /AUTHENTICATE "?SCRAM-SHA-256/i);
    assert.not.ok(wire.includes(dc.users.dora!.password), "password in log");
    const plainToken = Buffer.from(`\0dora\0${dc.users.dora!.password}`).toString("base64");
    assert.not.ok(wire.includes(plainToken), "PLAIN token in log");
  });

  test("cleartext: no secrets over an unencrypted connection unless allowed; SCRAM is fine", async () => {
    const { ManageSieveClient } = client();
    const creds: SaslCredentials = { username: "alice", password: dc.users.alice!.password };
    const c1 = await ManageSieveClient.connect(opts(dc, { tls: "none" }));
    try {
      await rejects(c1.authenticate({ ...creds, mechanism: "PLAIN" }), "MANAGESIEVE_E_ENCRYPT_NEEDED", "PLAIN");
      await rejects(c1.authenticate({ ...creds, mechanism: "LOGIN" }), "MANAGESIEVE_E_ENCRYPT_NEEDED", "LOGIN");
    } finally {
      c1.close();
    }
    const c2 = await ManageSieveClient.connect(opts(dc, { tls: "none" }));
    try {
      await c2.authenticate(creds); // SCRAM reveals nothing to an eavesdropper
      assert.ok(c2.authenticated);
      await c2.logout();
    } finally {
      c2.close();
    }
    const c3 = await ManageSieveClient.connect(opts(dc, { tls: "none", allowCleartextSecrets: true }));
    try {
      await c3.authenticate({ ...creds, mechanism: "PLAIN" });
      assert.ok(c3.authenticated);
      await c3.logout();
    } finally {
      c3.close();
    }
  });

  test("plaintext-disabled server: only SCRAM before TLS; PLAIN after STARTTLS", async () => {
    const { ManageSieveClient } = client();
    const creds = { username: "alice", password: strict.users.alice!.password };
    const plain = await ManageSieveClient.connect(opts(strict, { tls: "none", allowCleartextSecrets: true }));
    try {
      assert.equal(plain.capabilities.sasl, ["SCRAM-SHA-1", "SCRAM-SHA-256"]);
      await plain.authenticate(creds);
      assert.ok(plain.authenticated);
      await plain.logout();
    } finally {
      plain.close();
    }
    const tls = await ManageSieveClient.connect(opts(strict));
    try {
      assert.ok(tls.capabilities.sasl.includes("PLAIN"), tls.capabilities.sasl.join(" "));
      await tls.authenticate({ ...creds, mechanism: "PLAIN" });
      assert.ok(tls.authenticated);
      await tls.logout();
    } finally {
      tls.close();
    }
  });

  test("LOGOUT closes the connection: later commands fail with MANAGESIEVE_E_CLOSED", async () => {
    const c = await login("carol");
    await c.logout();
    await rejects(c.listScripts(), "MANAGESIEVE_E_CLOSED", "LISTSCRIPTS after LOGOUT");
    c.close();
  });

  test("commands before AUTHENTICATE are refused locally with MANAGESIEVE_E_STATE", async () => {
    const c = await client().ManageSieveClient.connect(opts(dc));
    try {
      await rejects(c.listScripts(), "MANAGESIEVE_E_STATE", "LISTSCRIPTS before AUTHENTICATE");
      await c.logout();
    } finally {
      c.close();
    }
  });

  // ---- the client: script commands ----

  test("PUTSCRIPT, LISTSCRIPTS, GETSCRIPT, SETACTIVE (and deactivate), DELETESCRIPT, RENAMESCRIPT", async () => {
    const c = await login("alice");
    try {
      assert.equal(await c.listScripts(), []);
      assert.equal(await c.putScript("good", GOOD_SCRIPT), { warnings: null });
      assert.equal(await c.putScript("other", "keep;\n"), { warnings: null });
      assert.is(await c.getScript("good"), GOOD_SCRIPT);
      await c.setActive("good");
      const byName = (l: Array<{ name: string; active: boolean }>) => [...l].sort((a, b) => (a.name < b.name ? -1 : 1));
      assert.equal(byName(await c.listScripts()), [
        { name: "good", active: true },
        { name: "other", active: false },
      ]);

      // DELETESCRIPT of the active script: NO (ACTIVE), text verbatim.
      const active = await rejects(c.deleteScript("good"), "MANAGESIEVE_E_NO", "delete active");
      assert.is(active.responseCode?.name, "ACTIVE");
      assert.is(active.serverText, "Cannot delete the active Sieve script.");

      // RENAMESCRIPT keeps the active flag; onto an existing name: ALREADYEXISTS.
      await c.renameScript("good", "good2");
      assert.equal(byName(await c.listScripts()), [
        { name: "good2", active: true },
        { name: "other", active: false },
      ]);
      const exists = await rejects(c.renameScript("good2", "other"), "MANAGESIEVE_E_NO", "rename onto existing");
      assert.is(exists.responseCode?.name, "ALREADYEXISTS");
      const gone = await rejects(c.renameScript("nonexistent", "x"), "MANAGESIEVE_E_NO", "rename nonexistent");
      assert.is(gone.responseCode?.name, "NONEXISTENT");

      // PUTSCRIPT replaces.
      await c.putScript("other", "discard;\n");
      assert.is(await c.getScript("other"), "discard;\n");

      // SETACTIVE "" deactivates.
      await c.setActive("");
      assert.ok((await c.listScripts()).every((s) => !s.active));
      const noSuch = await rejects(c.setActive("nonexistent"), "MANAGESIEVE_E_NO", "setactive nonexistent");
      assert.is(noSuch.responseCode?.name, "NONEXISTENT");
      assert.is(noSuch.serverText, "Sieve script `nonexistent' not found");

      const noGet = await rejects(c.getScript("nonexistent"), "MANAGESIEVE_E_NO", "getscript nonexistent");
      assert.is(noGet.responseCode?.name, "NONEXISTENT");

      await c.deleteScript("good2");
      await c.deleteScript("other");
      const noDel = await rejects(c.deleteScript("good2"), "MANAGESIEVE_E_NO", "delete nonexistent");
      assert.is(noDel.responseCode?.name, "NONEXISTENT");
      assert.equal(await c.listScripts(), []);

      // An invalid name is the server's to refuse; its text arrives verbatim.
      const bad = await rejects(c.putScript("a/b", "keep;"), "MANAGESIEVE_E_NO", "name with /");
      assert.is(bad.serverText, "Invalid Sieve script name `a/b'.");
      // A NUL can never be sent: the client refuses it itself.
      await rejects(c.putScript("a\0b", "keep;"), "MANAGESIEVE_E_ARGUMENT", "name with NUL");
      await c.logout();
    } finally {
      c.close();
    }
  });

  test("CHECKSCRIPT / PUTSCRIPT of a bad script: the server's text reaches serverText unchanged", async () => {
    const expectedCheck = await rawResponse("carol", withLiteral("CHECKSCRIPT", BAD_SCRIPT));
    const expectedPut = await rawResponse("carol", withLiteral('PUTSCRIPT "bad"', BAD_SCRIPT));
    assert.is(expectedCheck.status, "NO");
    assert.ok(expectedCheck.literal, "Dovecot sends compile errors as a literal");
    const c = await login("carol");
    try {
      const check = await rejects(c.checkScript(BAD_SCRIPT), "MANAGESIEVE_E_NO", "CHECKSCRIPT bad");
      assert.is(check.serverText, expectedCheck.literal!.toString("utf8"));
      assert.match(check.serverText ?? "", /^line 4: error: expected end of command ';'/);
      const put = await rejects(c.putScript("bad", BAD_SCRIPT), "MANAGESIEVE_E_NO", "PUTSCRIPT bad");
      assert.is(put.serverText, expectedPut.literal!.toString("utf8"));
      assert.is(put.responseCode, null);
      assert.ok(!(await c.listScripts()).some((s) => s.name === "bad"), "bad script not stored");

      assert.equal(await c.checkScript(GOOD_SCRIPT), { warnings: null });
      const ext = await rejects(
        c.checkScript('require "vnd.acme.nonexistent";\nkeep;\n'),
        "MANAGESIEVE_E_NO",
        "unknown extension",
      );
      assert.match(ext.serverText ?? "", /unknown Sieve capability `vnd\.acme\.nonexistent'/);
      await c.logout();
    } finally {
      c.close();
    }
  });

  test("warnings (OK (WARNINGS) {n}) come back verbatim from CHECKSCRIPT and PUTSCRIPT", async () => {
    const expected = await rawResponse("carol", withLiteral("CHECKSCRIPT", WARN_SCRIPT));
    assert.is(expected.status, "OK");
    const c = await login("carol");
    try {
      const checked = await c.checkScript(WARN_SCRIPT);
      assert.is(checked.warnings, expected.literal!.toString("utf8"));
      const put = await c.putScript("warn", WARN_SCRIPT);
      assert.match(put.warnings ?? "", /^warn: line 1: warning: the spamtest and spamtestplus extensions/);
      await c.deleteScript("warn");
      await c.logout();
    } finally {
      c.close();
    }
  });

  test("HAVESPACE and quota errors: QUOTA/MAXSIZE, QUOTA/MAXSTORAGE, QUOTA/MAXSCRIPTS", async () => {
    const c = await login("bob");
    const { maxScriptSize, maxStorage, maxScripts } = dc.limits;
    try {
      await c.haveSpace("x", 100);
      const tooBig = await rejects(c.haveSpace("x", maxScriptSize + 1), "MANAGESIEVE_E_NO", "HAVESPACE too big");
      assert.is(tooBig.responseCode?.name, "QUOTA/MAXSIZE");
      assert.is(tooBig.serverText, `Script is too large (max ${maxScriptSize} bytes).`);
      const putBig = await rejects(
        c.putScript("big", scriptOfSize(maxScriptSize + 1)),
        "MANAGESIEVE_E_NO",
        "PUTSCRIPT too big",
      );
      assert.is(putBig.responseCode?.name, "QUOTA/MAXSIZE");

      // Fill storage with scripts just under the size limit until HAVESPACE says MAXSTORAGE.
      const size = maxScriptSize - 100;
      const fit = Math.floor(maxStorage / size);
      for (let i = 0; i < fit; i++) await c.putScript(`s${i}`, scriptOfSize(size));
      const full = await rejects(c.haveSpace("one-more", size), "MANAGESIEVE_E_NO", "HAVESPACE storage");
      assert.is(full.responseCode?.name, "QUOTA/MAXSTORAGE");
      const putFull = await rejects(c.putScript("one-more", scriptOfSize(size)), "MANAGESIEVE_E_NO", "PUT storage");
      assert.is(putFull.responseCode?.name, "QUOTA/MAXSTORAGE");
      // Replacing an existing script counts only the difference.
      await c.haveSpace("s0", size);

      // Script count: fill up to maxScripts with tiny scripts.
      const have = (await c.listScripts()).length;
      for (let i = have; i < maxScripts; i++) await c.putScript(`t${i}`, "keep;");
      const count = await rejects(c.putScript("too-many", "keep;"), "MANAGESIEVE_E_NO", "PUT count");
      assert.is(count.responseCode?.name, "QUOTA/MAXSCRIPTS");
      assert.is(count.serverText, `Script count quota exceeded (max ${maxScripts} scripts).`);
      const countSpace = await rejects(c.haveSpace("too-many", 5), "MANAGESIEVE_E_NO", "HAVESPACE count");
      assert.is(countSpace.responseCode?.name, "QUOTA/MAXSCRIPTS");
      await c.logout();
    } finally {
      c.close();
    }
  });

  test("NOOP with and without a tag", async () => {
    const c = await login("carol");
    try {
      assert.is(await c.noop("tag-123"), "tag-123");
      assert.is(await c.noop(), null);
      assert.is(await c.noop('quote " and \\ backslash'), 'quote " and \\ backslash');
      await c.logout();
    } finally {
      c.close();
    }
  });

  test("UNAUTHENTICATE is not offered by Dovecot: MANAGESIEVE_E_STATE, session unharmed", async () => {
    const c = await login("carol");
    try {
      await rejects(c.unauthenticate(), "MANAGESIEVE_E_STATE", "UNAUTHENTICATE");
      assert.ok(c.authenticated);
      assert.ok(Array.isArray(await c.listScripts()), "still usable");
      await c.logout();
    } finally {
      c.close();
    }
  });

  test("UTF-8 script names (NFC-normalised), quotes and backslashes in names", async () => {
    const c = await login("dave");
    try {
      await c.putScript("Grüße", "keep;\n");
      // The same name in NFD must address the same script (RFC 5804 §1.6: names are NFC).
      await c.putScript("Gru\u0308ße", "discard;\n");
      await c.putScript('q"uo\\te', "keep;\n");
      await c.putScript("📬 Filter – Ärger", "keep;\n");
      const names = (await c.listScripts()).map((s) => s.name).sort();
      assert.equal(names, ['q"uo\\te', "Grüße", "📬 Filter – Ärger"].sort());
      assert.is(await c.getScript("Grüße"), "discard;\n");
      assert.is(await c.getScript('q"uo\\te'), "keep;\n");
      await c.setActive("📬 Filter – Ärger");
      assert.ok((await c.listScripts()).find((s) => s.name === "📬 Filter – Ärger")?.active);
      await c.setActive("");
      await c.renameScript("Grüße", "Grüße 2");
      for (const n of ["Grüße 2", 'q"uo\\te', "📬 Filter – Ärger"]) await c.deleteScript(n);
      assert.equal(await c.listScripts(), []);
      await c.logout();
    } finally {
      c.close();
    }
  });

  test("CRLF and 8-bit script bodies round-trip byte for byte", async () => {
    const bodies: Record<string, string> = {
      crlf: '# CRLF line ends\r\nrequire "fileinto";\r\nif header :contains "subject" "x" { fileinto "X"; }\r\n',
      mixed: "# LF\nkeep;\r\n# CRLF above, no newline at the end\n# last",
      utf8: '# Ünïcödé comment – 8-bit content 📬\nrequire "fileinto";\nif header :contains "subject" "Grüße" { fileinto "Ärger"; }\n',
      literalish: '# looks like a literal {5+}\r\nkeep;\r\n# "quoted" \\ backslash\r\n',
    };
    const c = await login("dave");
    try {
      for (const [name, body] of Object.entries(bodies)) {
        await c.putScript(name, body);
        const back = await c.getScript(name);
        assert.is(Buffer.from(back, "utf8").toString("hex"), Buffer.from(body, "utf8").toString("hex"), name);
      }
      await c.logout();
    } finally {
      c.close();
    }
    // What the server stored, seen without the client: the same bytes.
    for (const [name, body] of Object.entries(bodies)) {
      const raw = await rawResponse("dave", Buffer.from(`GETSCRIPT "${name}"`));
      assert.is(raw.status, "OK");
      assert.ok(raw.literals[0]?.equals(Buffer.from(body, "utf8")), `${name} stored verbatim`);
    }
  });

  // Last: Dovecot delays every failed login (auth_failure_delay 2 s, plus a growing penalty per
  // address), which would slow every test that follows.
  test("wrong passwords: MANAGESIEVE_E_AUTH for PLAIN and SCRAM, after Dovecot's delay", async () => {
    for (const mechanism of ["PLAIN", "SCRAM-SHA-256"]) {
      const c = await client().ManageSieveClient.connect(opts(dc));
      try {
        const started = Date.now();
        const err = await rejects(
          c.authenticate({ username: "alice", password: "wrong-pass", mechanism }),
          "MANAGESIEVE_E_AUTH",
          mechanism,
        );
        assert.ok(Date.now() - started >= 1000, "the server's failure delay was waited out");
        assert.is(err.serverText, "Authentication failed.");
        assert.not.ok(c.authenticated);
        // The connection stays usable: try again with the right password.
        await c.authenticate({ username: "alice", password: dc.users.alice!.password, mechanism });
        assert.ok(c.authenticated);
        await c.logout();
      } finally {
        c.close();
      }
    }
  });
}

test.run();
