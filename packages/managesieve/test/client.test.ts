/**
 * Normal flows of every command against a scripted fake server (STARTTLS with a self-signed
 * certificate trusted through `ca`).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { type ConnectOptions, type LogEvent, ManageSieveClient } from "../src/index.ts";
import { DOVECOT_CAPS, DOVECOT_CAPS_TLS, type Session, loginFlow, startServer } from "./fake-server.ts";
import { CREDS, cert, opts, rejects } from "./client-support.ts";

/** Runs `script` after login on a fresh server, and `client` against it. */
async function withLoggedIn(
  script: (s: Session) => Promise<void>,
  body: (c: ManageSieveClient) => Promise<void>,
  extra: Partial<ConnectOptions> = {},
): Promise<void> {
  const server = await startServer(
    async (s) => {
      await loginFlow(s);
      await script(s);
    },
    { cert },
  );
  try {
    const c = await ManageSieveClient.connect(opts(server.port, extra));
    await c.authenticate(CREDS);
    try {
      await body(c);
    } finally {
      c.close();
    }
    assert.equal(server.errors, []);
  } finally {
    await server.close();
  }
}

test("connect: STARTTLS, capabilities re-read, PLAIN over verified TLS, capabilities after login", async () => {
  const events: LogEvent[] = [];
  await withLoggedIn(
    async (s) => {
      await s.expect("LOGOUT");
      s.write('OK "Logout completed."\r\n');
      s.end();
    },
    async (c) => {
      assert.ok(c.secure);
      assert.ok(c.authenticated);
      assert.is(c.capabilities.implementation, "Dovecot (Debian) Pigeonhole");
      assert.is(c.capabilities.starttls, false);
      assert.is(c.capabilities.maxRedirects, 4);
      assert.equal(c.capabilities.sasl, ["PLAIN", "LOGIN", "SCRAM-SHA-1", "SCRAM-SHA-256"]);
      assert.equal(c.capabilities.sieve, ["fileinto", "reject", "envelope", "vacation"]);
      assert.is(c.capabilities.version, "1.0");
      await c.logout();
      assert.is(c.authenticated, false);
      await c.logout(); // idempotent
    },
    { logger: (e) => events.push(e) },
  );
  const text = events.map((e) => e.text).join("\n");
  assert.ok(text.includes('AUTHENTICATE "PLAIN" [redacted]'), text);
  assert.not.ok(text.includes("AGFsaWNl"), "PLAIN payload must never be logged");
  assert.ok(events.some((e) => e.direction === "recv" && e.text === 'OK "Logged in."'));
});

test("listScripts, getScript (literal), putScript (literal, warnings), checkScript", async () => {
  const body = 'require "fileinto";\r\nif header :contains "subject" "Grüße" { fileinto "Ärger"; }\r\n';
  const bytes = Buffer.byteLength(body);
  await withLoggedIn(
    async (s) => {
      await s.expect("LISTSCRIPTS");
      s.write('"sync-literal"\r\n"good2" ACTIVE\r\n{7}\r\nGrüße\r\nOK "Listscripts completed."\r\n');
      await s.expect("GETSCRIPT {7+}\r\nGrüße");
      s.write(`{${bytes}}\r\n${body}\r\nOK "Getscript completed."\r\n`);
      await s.expect(`PUTSCRIPT "warn" {${bytes}+}\r\n${body}`);
      s.write("OK (WARNINGS) {21}\r\nline 1: warning: x.\r\n\r\nOK\r\n".replace("\r\nOK\r\n", "\r\n"));
      await s.expect(`CHECKSCRIPT {${bytes}+}\r\n${body}`);
      s.write("NO {22}\r\nline 4: syntax error\r\n\r\n");
      await s.expect(`PUTSCRIPT "q\\"uote\\\\" {5+}\r\nkeep;`);
      s.write('OK "PUTSCRIPT completed."\r\n');
    },
    async (c) => {
      assert.equal(await c.listScripts(), [
        { name: "sync-literal", active: false },
        { name: "good2", active: true },
        { name: "Grüße", active: false },
      ]);
      assert.is(await c.getScript("Grüße"), body);
      assert.equal(await c.putScript("warn", body), { warnings: "line 1: warning: x.\r\n" });
      const err = await rejects(c.checkScript(body), "MANAGESIEVE_E_NO");
      assert.is(err.serverText, "line 4: syntax error\r\n");
      assert.is(err.responseCode, null);
      assert.equal(await c.putScript('q"uote\\', "keep;"), { warnings: null });
    },
  );
});

test("setActive, deleteScript, haveSpace, renameScript, noop (quoted and literal TAG) with response codes", async () => {
  await withLoggedIn(
    async (s) => {
      await s.expect('SETACTIVE "good"');
      s.write('OK "Setactive completed."\r\n');
      await s.expect('SETACTIVE ""');
      s.write('OK "Active script is now deactivated."\r\n');
      await s.expect('SETACTIVE "nonexistent"');
      s.write('NO (NONEXISTENT) "Sieve script `nonexistent\' not found"\r\n');
      await s.expect('DELETESCRIPT "good2"');
      s.write('NO (ACTIVE) "Cannot delete the active Sieve script."\r\n');
      await s.expect('DELETESCRIPT "old"');
      s.write('OK "Deletescript completed."\r\n');
      await s.expect('HAVESPACE "good" 100');
      s.write('OK "Putscript would succeed."\r\n');
      await s.expect('HAVESPACE "good" 9000');
      s.write('NO (QUOTA/MAXSIZE) "Script is too large (max 8192 bytes)."\r\n');
      await s.expect('HAVESPACE "d" 5');
      s.write('NO (quota/maxscripts) "Script count quota exceeded (max 5 scripts)."\r\n');
      await s.expect('RENAMESCRIPT "good" "good2"');
      s.write('OK "Renamescript completed."\r\n');
      await s.expect('RENAMESCRIPT "good2" "warn"');
      s.write('NO (ALREADYEXISTS) "A sieve script with that name already exists."\r\n');
      await s.expect("NOOP");
      s.write('OK "NOOP Completed"\r\n');
      await s.expect('NOOP "tag-123"');
      s.write('OK (TAG {7}\r\ntag-123) "Done"\r\n');
      await s.expect('NOOP "x"');
      s.write('OK (TAG "x") "Done"\r\n');
    },
    async (c) => {
      await c.setActive("good");
      await c.setActive("");
      let err = await rejects(c.setActive("nonexistent"), "MANAGESIEVE_E_NO");
      assert.equal(err.responseCode, { name: "NONEXISTENT", args: [] });
      assert.is(err.serverText, "Sieve script `nonexistent' not found");
      err = await rejects(c.deleteScript("good2"), "MANAGESIEVE_E_NO");
      assert.is(err.responseCode?.name, "ACTIVE");
      await c.deleteScript("old");
      await c.haveSpace("good", 100);
      err = await rejects(c.haveSpace("good", 9000), "MANAGESIEVE_E_NO");
      assert.is(err.responseCode?.name, "QUOTA/MAXSIZE");
      err = await rejects(c.haveSpace("d", 5), "MANAGESIEVE_E_NO");
      assert.is(err.responseCode?.name, "QUOTA/MAXSCRIPTS");
      await c.renameScript("good", "good2");
      err = await rejects(c.renameScript("good2", "warn"), "MANAGESIEVE_E_NO");
      assert.is(err.responseCode?.name, "ALREADYEXISTS");
      assert.is(await c.noop(), null);
      assert.is(await c.noop("tag-123"), "tag-123");
      assert.is(await c.noop("x"), "x");
    },
  );
});

test("renameScript is emulated without VERSION and never overwrites", async () => {
  const noVersion = DOVECOT_CAPS_TLS.replace('"VERSION" "1.0"\r\n', "");
  const server = await startServer(
    async (s) => {
      s.write(`${DOVECOT_CAPS.replace('"VERSION" "1.0"\r\n', "")}OK\r\n`);
      await s.expect("STARTTLS");
      s.write("OK\r\n");
      await s.startTls();
      s.write(`${noVersion}OK\r\n`);
      await s.expect(/^AUTHENTICATE "PLAIN" /);
      s.write("OK\r\n");
      await s.expect("CAPABILITY");
      s.write(`${noVersion}OK\r\n`);
      await s.expect("LISTSCRIPTS");
      s.write('"a" ACTIVE\r\n"b"\r\nOK\r\n');
      await s.expect('GETSCRIPT "a"');
      s.write("{5}\r\nkeep;\r\nOK\r\n");
      await s.expect('PUTSCRIPT "c" {5+}\r\nkeep;');
      s.write("OK\r\n");
      await s.expect('SETACTIVE "c"');
      s.write("OK\r\n");
      await s.expect('DELETESCRIPT "a"');
      s.write("OK\r\n");
      await s.expect("LISTSCRIPTS");
      s.write('"c" ACTIVE\r\n"b"\r\nOK\r\n');
      await s.expect("LISTSCRIPTS");
      s.write('"c" ACTIVE\r\n"b"\r\nOK\r\n');
    },
    { cert },
  );
  try {
    const c = await ManageSieveClient.connect(opts(server.port));
    await c.authenticate(CREDS);
    assert.is(c.capabilities.version, null);
    await c.renameScript("a", "c");
    const exists = await rejects(c.renameScript("c", "b"), "MANAGESIEVE_E_NO");
    assert.is(exists.responseCode?.name, "ALREADYEXISTS");
    const missing = await rejects(c.renameScript("zzz", "y"), "MANAGESIEVE_E_NO");
    assert.is(missing.responseCode?.name, "NONEXISTENT");
    c.close();
    assert.equal(server.errors, []);
  } finally {
    await server.close();
  }
});

test("unauthenticate: only when advertised; re-reads capabilities", async () => {
  const caps = `${DOVECOT_CAPS_TLS}"UNAUTHENTICATE"\r\n`;
  const server = await startServer(
    async (s, i) => {
      await loginFlow(s, i === 0 ? caps : DOVECOT_CAPS_TLS);
      if (i === 0) {
        await s.expect("UNAUTHENTICATE");
        s.write("OK\r\n");
        await s.expect("CAPABILITY");
        s.write(`${caps}OK\r\n`);
      }
      await s.readCommand().catch(() => "");
    },
    { cert },
  );
  try {
    const c = await ManageSieveClient.connect(opts(server.port));
    await c.authenticate(CREDS);
    await c.unauthenticate();
    assert.is(c.authenticated, false);
    await rejects(c.listScripts(), "MANAGESIEVE_E_STATE");
    c.close();
    const d = await ManageSieveClient.connect(opts(server.port));
    await d.authenticate(CREDS);
    await rejects(d.unauthenticate(), "MANAGESIEVE_E_STATE");
    d.close();
    assert.equal(server.errors, []);
  } finally {
    await server.close();
  }
});

test("state and argument errors are raised before anything is sent", async () => {
  const server = await startServer(
    async (s) => {
      s.write(`${DOVECOT_CAPS}OK\r\n`);
      await s.expect("STARTTLS");
      s.write("OK\r\n");
      await s.startTls();
      s.write(`${DOVECOT_CAPS_TLS}OK\r\n`);
      await s.expect(/^AUTHENTICATE /);
      s.write("OK\r\n");
      await s.expect("CAPABILITY");
      s.write(`${DOVECOT_CAPS_TLS}OK\r\n`);
      await s.expect("NOOP");
      s.write("OK\r\n");
    },
    { cert },
  );
  try {
    const c = await ManageSieveClient.connect(opts(server.port));
    await rejects(c.listScripts(), "MANAGESIEVE_E_STATE");
    await rejects(c.putScript("a", "keep;"), "MANAGESIEVE_E_STATE");
    await c.authenticate(CREDS);
    await rejects(c.authenticate(CREDS), "MANAGESIEVE_E_STATE");
    await rejects(c.putScript('a\r\nDELETESCRIPT "x"', "keep;"), "MANAGESIEVE_E_ARGUMENT");
    await rejects(c.getScript("nul\u0000"), "MANAGESIEVE_E_ARGUMENT");
    await rejects(c.deleteScript(""), "MANAGESIEVE_E_ARGUMENT");
    await rejects(c.setActive("line\u2028sep"), "MANAGESIEVE_E_ARGUMENT");
    await rejects(c.putScript("ok", "bad \ud800 surrogate"), "MANAGESIEVE_E_ARGUMENT");
    await rejects(c.haveSpace("x", -1), "MANAGESIEVE_E_ARGUMENT");
    await rejects(c.haveSpace("x", 2 ** 32), "MANAGESIEVE_E_ARGUMENT");
    assert.is(await c.noop(), null);
    c.close();
    await rejects(c.noop(), "MANAGESIEVE_E_CLOSED");
    assert.equal(server.errors, []);
  } finally {
    await server.close();
  }
});

test("invalid options throw TypeError", async () => {
  const bad: unknown[] = [
    {},
    { host: "" },
    { host: "h", port: 0 },
    { host: "h", port: 70000 },
    { host: "h", tls: "maybe" },
    { host: "h", fingerprint: "zz" },
    { host: "h", timeouts: { command: -1 } },
    { host: "h", timeouts: { connect: Number.NaN } },
    { host: "h", limits: { maxLineLength: 1.5 } },
    { host: "h", maxReferrals: -1 },
    { host: "h", rejectUnauthorized: "yes" },
  ];
  for (const o of bad) {
    try {
      await ManageSieveClient.connect(o as ConnectOptions);
      assert.unreachable(JSON.stringify(o));
    } catch (err) {
      assert.instance(err, TypeError, JSON.stringify(o));
    }
  }
});

test("names are NFC-normalised and non-ASCII names go as literals", async () => {
  await withLoggedIn(
    async (s) => {
      await s.expect("DELETESCRIPT {7+}\r\nGrüße");
      s.write("OK\r\n");
    },
    async (c) => {
      await c.deleteScript("Gru\u0308ße"); // decomposed ü
    },
  );
});

test.run();
