/**
 * Server commands against the scripted fake server of the managesieve package: failure paths
 * that a real server cannot easily be made to produce (NO at a chosen step, no STARTTLS, a
 * refused STARTTLS), and the account resolution (config file, netrc, password sources).
 * Runs `main()` in-process; every session's commands are recorded and asserted.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { type FakeServer, type Session, startServer, testCert } from "../../managesieve/test/fake-server.ts";
import { type NetrcEntry, netrcLookup, parseNetrc } from "../src/account.ts";
import { escapeControls } from "../src/debug.ts";
import { type Run, run } from "./helpers.ts";

const CAPS = (extra: string) => `"IMPLEMENTATION" "Fake"\r\n"SIEVE" "fileinto vacation"\r\n"VERSION" "1.0"\r\n${extra}`;

/** What the fake server should do. */
interface Script {
  /** Offer STARTTLS (default true). */
  starttls?: boolean;
  /** Answer STARTTLS with NO. */
  refuseStarttls?: boolean;
  /** SASL list after TLS (default PLAIN). */
  sasl?: string;
  /** Replies by command verb (upper-case); default `OK`. */
  replies?: Record<string, string>;
}

interface Fake {
  server: FakeServer;
  /** Every command received, per connection. */
  log: string[];
  close(): Promise<void>;
}

/** Starts a fake server that runs `script` on every connection and records the commands. */
async function fake(script: Script = {}): Promise<Fake> {
  const log: string[] = [];
  const sasl = `"SASL" "${script.sasl ?? "PLAIN"}"\r\n`;
  const handler = async (s: Session) => {
    s.write(`${CAPS(script.starttls === false ? sasl : '"SASL" ""\r\n"STARTTLS"\r\n')}OK "ready"\r\n`);
    for (;;) {
      const cmd = await s.readCommand();
      log.push(cmd);
      const verb = (/^\S+/.exec(cmd)?.[0] ?? "").toUpperCase();
      if (verb === "STARTTLS") {
        if (script.refuseStarttls) {
          s.write('NO "TLS is broken today"\r\n');
          continue;
        }
        s.write('OK "go"\r\n');
        await s.startTls();
        s.write(`${CAPS(sasl)}OK "TLS done"\r\n`);
      } else if (verb === "LOGOUT") {
        s.write('OK "bye"\r\n');
        s.end();
        return;
      } else if (script.replies?.[verb] !== undefined) {
        s.write(script.replies[verb] as string);
      } else if (verb === "CAPABILITY") {
        s.write(`${CAPS(sasl)}OK "caps"\r\n`);
      } else if (verb === "LISTSCRIPTS") {
        s.write('"main" ACTIVE\r\n"other"\r\nOK "listed"\r\n');
      } else {
        s.write('OK "done"\r\n');
      }
    }
  };
  const server = await startServer(handler, { cert: testCert() });
  return { server, log, close: () => server.close() };
}

/** Runs sievectl against the fake server, trusting its certificate by fingerprint. */
function sievectl(f: Fake, argv: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<Run> {
  const conn = ["--server", `sieve://alice@127.0.0.1:${f.server.port}`, "--fingerprint", testCert().fingerprint];
  return run([...argv, ...conn], {
    env: { SIEVECTL_PASSWORD: "s3cret-pw", HOME: "/nonexistent", ...env },
    ...(cwd ? { cwd } : {}),
  });
}

const verbs = (log: string[]) => log.map((c) => (/^\S+/.exec(c)?.[0] ?? "").toUpperCase());

function tempDir(): { dir: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), "sievectl-srv-"));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The PLAIN payload (authzid, user, password) of the AUTHENTICATE in `log`. */
function plainPayload(log: string[]): string[] {
  const auth = log.find((c) => c.startsWith("AUTHENTICATE"));
  const b64 = /"PLAIN" "([^"]+)"/.exec(auth ?? "")?.[1];
  assert.ok(b64, `no AUTHENTICATE PLAIN in ${JSON.stringify(log)}`);
  return Buffer.from(b64 as string, "base64")
    .toString("utf8")
    .split("\0");
}

const TEXT = "line 2: error: unknown command 'frob'.\r\nerror: validation failed.\r\n";

test("put: CHECKSCRIPT NO prints the server's text unchanged, exits 1, uploads nothing", async () => {
  const f = await fake({
    // A multi-line text comes as a literal (RFC 5804 §4: a quoted string holds no CRLF).
    replies: { CHECKSCRIPT: `NO {${TEXT.length}}\r\n${TEXT}\r\n` },
  });
  const t = tempDir();
  try {
    writeFileSync(join(t.dir, "x.sieve"), "keep;\n");
    const r = await sievectl(f, ["put", "x.sieve"], {}, t.dir);
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, /server said NO: line 2: error: unknown command 'frob'\.\nerror: validation failed\./);
    assert.equal(verbs(f.log), ["STARTTLS", "AUTHENTICATE", "CAPABILITY", "CHECKSCRIPT", "LOGOUT"]);
  } finally {
    t.done();
    await f.close();
  }
});

test("put: a quota NO on HAVESPACE shows the response code, exits 1, no PUTSCRIPT", async () => {
  const f = await fake({ replies: { HAVESPACE: 'NO (QUOTA/MAXSIZE) "Script is too large (max 8192 bytes)."\r\n' } });
  const t = tempDir();
  try {
    writeFileSync(join(t.dir, "big.sieve"), "keep;\n");
    const r = await sievectl(f, ["put", "--activate", "big.sieve"], {}, t.dir);
    assert.is(r.code, 1);
    assert.match(r.stderr, /\(QUOTA\/MAXSIZE\): Script is too large \(max 8192 bytes\)\./);
    assert.ok(!verbs(f.log).includes("PUTSCRIPT"));
    assert.ok(!verbs(f.log).includes("SETACTIVE"));
    assert.match(f.log.find((c) => c.startsWith("HAVESPACE")) ?? "", /^HAVESPACE "big" 6$/);
  } finally {
    t.done();
    await f.close();
  }
});

test("put --activate: a failing PUTSCRIPT never touches the active script", async () => {
  const f = await fake({ replies: { PUTSCRIPT: 'NO (TRYLATER) "Disk trouble."\r\n' } });
  const t = tempDir();
  try {
    writeFileSync(join(t.dir, "new.sieve"), "keep;\n");
    const r = await sievectl(f, ["put", "--activate", "new.sieve"], {}, t.dir);
    assert.is(r.code, 1);
    assert.match(r.stderr, /\(TRYLATER\): Disk trouble\./);
    assert.equal(verbs(f.log), [
      "STARTTLS",
      "AUTHENTICATE",
      "CAPABILITY",
      "CHECKSCRIPT",
      "HAVESPACE",
      "PUTSCRIPT",
      "LOGOUT",
    ]);
  } finally {
    t.done();
    await f.close();
  }
});

test("put --activate: a failing SETACTIVE leaves the old active script (no deactivate, no delete)", async () => {
  const f = await fake({ replies: { SETACTIVE: 'NO "Cannot activate now."\r\n' } });
  const t = tempDir();
  try {
    writeFileSync(join(t.dir, "new.sieve"), 'require "fileinto";\nfileinto "x";\n');
    const r = await sievectl(f, ["put", "--activate", "new.sieve", "vacation"], {}, t.dir);
    assert.is(r.code, 1);
    assert.match(r.stderr, /Cannot activate now\./);
    const sent = verbs(f.log);
    assert.equal(sent.slice(3), ["CHECKSCRIPT", "HAVESPACE", "PUTSCRIPT", "SETACTIVE", "LOGOUT"]);
    // The upload went to the final name, and nothing ever deactivated or deleted a script.
    assert.match(f.log[5] ?? "", /^PUTSCRIPT "vacation" \{\d+\+\}/);
    assert.is(f.log[6], 'SETACTIVE "vacation"');
    assert.ok(!f.log.includes('SETACTIVE ""'));
    assert.ok(!sent.includes("DELETESCRIPT") && !sent.includes("RENAMESCRIPT"));
  } finally {
    t.done();
    await f.close();
  }
});

test("put: a locally invalid script is not sent at all", async () => {
  const f = await fake();
  const t = tempDir();
  try {
    // vacation is on the fake server's SIEVE list, imap4flags is not.
    writeFileSync(join(t.dir, "flags.sieve"), 'require "imap4flags";\naddflag "\\\\Seen";\n');
    const r = await sievectl(f, ["put", "flags.sieve"], {}, t.dir);
    assert.is(r.code, 1);
    assert.match(r.stderr, /SIEVE_E_UNSUPPORTED_EXTENSION/);
    assert.match(r.stderr, /nothing was uploaded/);
    assert.equal(verbs(f.log), ["STARTTLS", "AUTHENTICATE", "CAPABILITY", "LOGOUT"]);
  } finally {
    t.done();
    await f.close();
  }
});

test("no STARTTLS offered: exit 2 and no credentials sent", async () => {
  const f = await fake({ starttls: false });
  try {
    const r = await sievectl(f, ["list"]);
    assert.is(r.code, 2);
    assert.match(r.stderr, /STARTTLS/);
    assert.match(r.stderr, /--tls implicit/);
    assert.ok(!verbs(f.log).includes("AUTHENTICATE"), JSON.stringify(f.log));
    assert.ok(!f.log.join("\n").includes(Buffer.from("s3cret-pw").toString("base64").slice(0, 8)));
  } finally {
    await f.close();
  }
});

test("STARTTLS refused: exit 2 with the server's words, no credentials sent", async () => {
  const f = await fake({ refuseStarttls: true });
  try {
    const r = await sievectl(f, ["list"]);
    assert.is(r.code, 2);
    assert.match(r.stderr, /TLS is broken today/);
    assert.equal(verbs(f.log), ["STARTTLS"]);
  } finally {
    await f.close();
  }
});

test("a wrong certificate fingerprint: exit 2, no credentials sent", async () => {
  const f = await fake();
  try {
    const r = await run(
      ["list", "--server", `sieve://alice@127.0.0.1:${f.server.port}`, "--fingerprint", "00".repeat(32)],
      { env: { SIEVECTL_PASSWORD: "pw", HOME: "/nonexistent" } },
    );
    assert.is(r.code, 2);
    assert.match(r.stderr, /fingerprint/i);
    assert.ok(!verbs(f.log).includes("AUTHENTICATE"));
  } finally {
    await f.close();
  }
});

test("--insecure-plaintext logs in without TLS (and warns); without it PLAIN is refused", async () => {
  const f = await fake({ starttls: false });
  try {
    const port = String(f.server.port);
    const env = { SIEVECTL_PASSWORD: "pw", HOME: "/nonexistent" };
    const refused = await run(["list", "--host", "127.0.0.1", "--port", port, "--user", "a", "--tls", "none"], { env });
    assert.is(refused.code, 2);
    assert.ok(!verbs(f.log).includes("AUTHENTICATE"));
    const ok = await run(["list", "--host", "127.0.0.1", "--port", port, "--user", "a", "--insecure-plaintext"], {
      env,
    });
    assert.is(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /warning: --insecure-plaintext/);
    assert.is(ok.stdout, "* main\n  other\n");
  } finally {
    await f.close();
  }
});

test("--insecure-skip-verify prints a loud warning", async () => {
  const f = await fake();
  try {
    const r = await run(["caps", "--server", `sieve://127.0.0.1:${f.server.port}`, "--insecure-skip-verify"], {
      env: { HOME: "/nonexistent" },
    });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /WARNING: --insecure-skip-verify/);
    assert.match(r.stdout, /SIEVE\s+fileinto vacation/);
  } finally {
    await f.close();
  }
});

test("caps works before login: no AUTHENTICATE, no password needed", async () => {
  const f = await fake();
  try {
    const r = await run(
      ["caps", "--json", "--server", `sieve://127.0.0.1:${f.server.port}`, "--fingerprint", testCert().fingerprint],
      { env: { HOME: "/nonexistent" } },
    );
    assert.is(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { authenticated: boolean; capabilities: { sieve: string[] } };
    assert.is(j.authenticated, false);
    assert.equal(j.capabilities.sieve, ["fileinto", "vacation"]);
    assert.ok(!verbs(f.log).includes("AUTHENTICATE"));
  } finally {
    await f.close();
  }
});

test("check --against-server validates with the server's SIEVE list", async () => {
  const f = await fake();
  const t = tempDir();
  try {
    writeFileSync(join(t.dir, "ok.sieve"), 'require "vacation";\nvacation "away";\n');
    writeFileSync(join(t.dir, "no.sieve"), 'require "imap4flags";\naddflag "x";\n');
    const conn = ["--server", `sieve://127.0.0.1:${f.server.port}`, "--fingerprint", testCert().fingerprint];
    const good = await run(["check", "--against-server", ...conn, "ok.sieve"], { cwd: t.dir, env: {} });
    assert.is(good.code, 0, good.stderr + good.stdout);
    const bad = await run(["check", "--against-server", ...conn, "no.sieve"], { cwd: t.dir, env: {} });
    assert.is(bad.code, 1);
    assert.match(bad.stdout, /SIEVE_E_UNSUPPORTED_EXTENSION/);
    const both = await run(["check", "--against-server", "--profile", "cyrus", ...conn, "ok.sieve"], {
      cwd: t.dir,
      env: {},
    });
    assert.is(both.code, 2);
    const down = await run(["check", "--against-server", "--server", "sieve://127.0.0.1:1", "ok.sieve"], {
      cwd: t.dir,
      env: {},
    });
    assert.is(down.code, 2);
  } finally {
    t.done();
    await f.close();
  }
});

test("delete: the active script is refused without --force; --force deactivates first", async () => {
  const f = await fake();
  try {
    const refused = await sievectl(f, ["delete", "main"]);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /active script/);
    assert.ok(!verbs(f.log).includes("DELETESCRIPT"));
    f.log.length = 0;
    const forced = await sievectl(f, ["delete", "--force", "main"]);
    assert.is(forced.code, 0, forced.stderr);
    assert.equal(f.log.slice(3), ["LISTSCRIPTS", 'SETACTIVE ""', 'DELETESCRIPT "main"', "LOGOUT"]);
    f.log.length = 0;
    const plain = await sievectl(f, ["delete", "other"]);
    assert.is(plain.code, 0);
    assert.equal(f.log.slice(3), ["LISTSCRIPTS", 'DELETESCRIPT "other"', "LOGOUT"]);
  } finally {
    await f.close();
  }
});

test("NO (NONEXISTENT) from get/activate/rename exits 1 with the server's text", async () => {
  const f = await fake({
    replies: {
      GETSCRIPT: 'NO (NONEXISTENT) "Script does not exist."\r\n',
      SETACTIVE: 'NO (NONEXISTENT) "Script does not exist."\r\n',
      RENAMESCRIPT: 'NO (ALREADYEXISTS) "A script with that name already exists."\r\n',
    },
  });
  try {
    for (const argv of [
      ["get", "nope"],
      ["activate", "nope"],
      ["rename", "a", "b"],
    ]) {
      const r = await sievectl(f, argv);
      assert.is(r.code, 1, argv.join(" "));
      assert.match(r.stderr, /server said NO \((NONEXISTENT|ALREADYEXISTS)\): /);
    }
  } finally {
    await f.close();
  }
});

test("--debug: wire trace on stderr, secrets redacted, control characters escaped", async () => {
  const f = await fake({ replies: { LISTSCRIPTS: '"ev\x1b[31mil"\r\nOK "listed"\r\n' } });
  try {
    const r = await sievectl(f, ["list", "--debug"]);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /^C: LISTSCRIPTS$/m);
    assert.match(r.stderr, /AUTHENTICATE "PLAIN" \[redacted\]/);
    assert.ok(!r.stderr.includes("s3cret-pw"));
    assert.ok(!r.stderr.includes(Buffer.from("\0alice\0s3cret-pw").toString("base64")));
    assert.ok(!r.stderr.includes("\x1b"), "no raw escape reaches the terminal");
    assert.match(r.stderr, /ev\\x1b\[31mil/);
    assert.ok(!r.stdout.includes("\x1b"));
  } finally {
    await f.close();
  }
});

test("passwords are never taken from argv", async () => {
  const r = await run(["list", "--server", "sieve://a@h", "--password", "x"], { env: {} });
  assert.is(r.code, 2);
  assert.match(r.stderr, /never taken from the command line/);
  const url = await run(["list", "--server", "sieve://a:pw@h"], { env: {} });
  assert.is(url.code, 2);
  assert.match(url.stderr, /holds a password/);
});

test("no password source and no terminal: exit 2, nothing sent", async () => {
  const f = await fake();
  try {
    const r = await sievectl(f, ["list"], { SIEVECTL_PASSWORD: undefined });
    assert.is(r.code, 2);
    assert.match(r.stderr, /no password/);
    assert.ok(!verbs(f.log).includes("AUTHENTICATE"));
  } finally {
    await f.close();
  }
});

test("password sources: --password-file, --password-command, ~/.netrc, the prompt", async () => {
  const f = await fake();
  const t = tempDir();
  try {
    const base = ["list", "--server", `sieve://127.0.0.1:${f.server.port}`, "--fingerprint", testCert().fingerprint];
    writeFileSync(join(t.dir, "pw"), "from-file\nsecond line\n");
    const a = await run([...base, "--user", "u1", "--password-file", "pw"], { cwd: t.dir, env: { HOME: t.dir } });
    assert.is(a.code, 0, a.stderr);
    assert.equal(plainPayload(f.log), ["", "u1", "from-file"]);
    f.log.length = 0;

    // An explicit flag beats the environment.
    const b = await run([...base, "--user", "u2", "--password-command", "printf 'from-cmd\\n'"], {
      cwd: t.dir,
      env: { HOME: t.dir, PATH: process.env.PATH, SIEVECTL_PASSWORD: "from-env" },
    });
    assert.is(b.code, 0, b.stderr);
    assert.equal(plainPayload(f.log), ["", "u2", "from-cmd"]);
    f.log.length = 0;

    const failing = await run([...base, "--user", "u2", "--password-command", "exit 3"], {
      cwd: t.dir,
      env: { HOME: t.dir, PATH: process.env.PATH },
    });
    assert.is(failing.code, 2);
    assert.match(failing.stderr, /--password-command failed/);
    f.log.length = 0;

    // netrc supplies the login and the password for the host.
    writeFileSync(
      join(t.dir, ".netrc"),
      'machine other.example login x password y\nmachine 127.0.0.1 login "net user" password "p w"\n',
    );
    chmodSync(join(t.dir, ".netrc"), 0o600);
    const c = await run(base, { cwd: t.dir, env: { HOME: t.dir } });
    assert.is(c.code, 0, c.stderr);
    assert.equal(plainPayload(f.log), ["", "net user", "p w"]);
    assert.is(c.stderr, "");
    f.log.length = 0;

    // The prompt, when on a terminal and nothing else gives a password.
    const prompts: string[] = [];
    let stderr = "";
    const { main } = await import("../src/main.ts");
    const code = await main([...base, "--user", "u3"], {
      stdout: { write: () => true },
      stderr: { write: (s: string | Uint8Array) => (stderr += String(s)) },
      stdin: (async function* () {})(),
      env: {},
      cwd: t.dir,
      tty: {
        readLine: async (prompt, opts) => {
          prompts.push(`${prompt}|${opts.echo}`);
          return "typed";
        },
      },
    });
    assert.is(code, 0, stderr);
    assert.equal(prompts, ["Password for u3@127.0.0.1: |false"]);
    assert.equal(plainPayload(f.log), ["", "u3", "typed"]);
  } finally {
    t.done();
    await f.close();
  }
});

test("config file accounts: --account, default, flags win, bad files exit 2", async () => {
  const f = await fake();
  const t = tempDir();
  try {
    const cfg = join(t.dir, "sievectl", "config.json");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(t.dir, "sievectl"));
    writeFileSync(join(t.dir, "pw"), "acct-pw\n");
    writeFileSync(
      cfg,
      JSON.stringify({
        default: "work",
        accounts: {
          work: {
            server: `sieve://worker@127.0.0.1:${f.server.port}`,
            fingerprint: testCert().fingerprint,
            passwordFile: join(t.dir, "pw"),
          },
          broken: { host: "127.0.0.1", port: 1 },
        },
      }),
    );
    const env = { XDG_CONFIG_HOME: t.dir, HOME: t.dir };
    const dflt = await run(["list"], { env });
    assert.is(dflt.code, 0, dflt.stderr);
    assert.equal(plainPayload(f.log), ["", "worker", "acct-pw"]);
    f.log.length = 0;
    const named = await run(["list", "--account", "work", "--user", "boss"], { env });
    assert.is(named.code, 0, named.stderr);
    assert.equal(plainPayload(f.log), ["", "boss", "acct-pw"]);
    const down = await run(["list", "--account", "broken"], { env });
    assert.is(down.code, 2);
    const unknown = await run(["list", "--account", "nope"], { env });
    assert.is(unknown.code, 2);
    assert.match(unknown.stderr, /no account "nope".*accounts: work, broken/);
    writeFileSync(cfg, '{"accounts": {"x": {"password": "no"}}}');
    const literal = await run(["list", "--account", "x"], { env });
    assert.is(literal.code, 2);
    assert.match(literal.stderr, /literal "password" is not supported/);
  } finally {
    t.done();
    await f.close();
  }
});

test("netrc parsing: machine, default, quotes, macdef, comments", () => {
  const entries: NetrcEntry[] = parseNetrc(
    '# comment\nmachine a.example login al password "p w\\"x"\nmacdef init\ncd /\nmachine b login bo password bp\n\nmachine c.example login cl password cp account z\ndefault login dl password dp\n',
  );
  assert.equal(entries, [
    { machine: "a.example", login: "al", password: 'p w"x' },
    { machine: "c.example", login: "cl", password: "cp" },
    { machine: null, login: "dl", password: "dp" },
  ]);
  assert.is(netrcLookup(entries, "A.EXAMPLE", null)?.password, 'p w"x');
  assert.is(netrcLookup(entries, "a.example", "someone"), null);
  assert.is(netrcLookup(entries, "a.example", "dl")?.password, "dp");
  assert.is(netrcLookup(entries, "z", null)?.password, "dp");
});

test("debug escaping", () => {
  assert.is(escapeControls("a\tb\\c\x00\x7f\x85"), "a\\tb\\\\c\\x00\\x7f\\u{85}");
});

test.run();
