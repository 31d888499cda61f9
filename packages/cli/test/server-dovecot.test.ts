/**
 * The real `bin/sievectl.mjs` against a real, private Dovecot/Pigeonhole (test/harness/dovecot.ts):
 * every server command end to end, with the password in the environment as a user would give it.
 * Each test works as its own user so tests never see each other's scripts.
 *
 * Without Dovecot the suite is skipped with a message, unless CI is set: then it fails.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { type DovecotServer, dovecotMissing, startDovecot } from "../../../test/harness/dovecot.ts";
import { BIN } from "./helpers.ts";

const USERS = [
  "caps",
  "put",
  "bytes",
  "utf8",
  "moves",
  "delete",
  "bad",
  "quota",
  "wrong",
  "implicit",
  "pin",
  "edit",
  "editbad",
].map((name) => ({ name, password: `${name}-pw` }));

let dc: DovecotServer;
let work: string;

interface Result {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Spawns `sievectl ARGV…` as user `user` over STARTTLS trusting the harness CA (unless `conn` is given). */
function sievectl(
  user: string,
  argv: string[],
  opts: { env?: Record<string, string>; conn?: string[]; cwd?: string } = {},
): Promise<Result> {
  const conn = opts.conn ?? [
    "--server",
    `sieve://${user}@${dc.host}:${dc.port}`,
    "--ca",
    dc.caPath,
    "--servername",
    "localhost",
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv, ...conn], {
      cwd: opts.cwd ?? work,
      // A clean environment: no netrc, no config file, no terminal.
      env: { PATH: process.env.PATH ?? "", HOME: work, SIEVECTL_PASSWORD: `${user}-pw`, NO_COLOR: "1", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => {
      err += b.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: err }));
  });
}

/** The scripts of `user` as `{name: active}`. */
async function scripts(user: string): Promise<Record<string, boolean>> {
  const r = await sievectl(user, ["list", "--json"]);
  assert.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout.toString("utf8")) as { scripts: Array<{ name: string; active: boolean }> };
  return Object.fromEntries(j.scripts.map((s) => [s.name, s.active]));
}

function file(name: string, content: string | Buffer): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

const GOOD = 'require "fileinto";\nif header :contains "subject" "[spam]" {\n  fileinto "Junk";\n}\n';

const missing = dovecotMissing();

if (missing) {
  if (process.env.CI) {
    test("Dovecot ManageSieve is installed", () => {
      assert.unreachable(`${missing} (required when CI is set)`);
    });
  } else {
    process.stdout.write(`sievectl server-dovecot: skipped, ${missing}\n`);
    // A passing placeholder rather than test.skip (see scripts/test.mjs's counting).
    test(`skipped: ${missing}`, () => {});
  }
} else {
  test.before(async () => {
    dc = await startDovecot({ users: USERS });
    work = mkdtempSync(join(tmpdir(), "sievectl-dovecot-"));
  });

  test.after(async () => {
    await dc?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("caps: before login, text and JSON", async () => {
    const r = await sievectl("caps", ["caps"], { env: { SIEVECTL_PASSWORD: "" } });
    assert.is(r.code, 0, r.stderr);
    const text = r.stdout.toString("utf8");
    assert.match(text, /IMPLEMENTATION\s+Dovecot/);
    assert.match(text, /SIEVE\s+.*\bfileinto\b/);
    assert.match(text, /TLS, verified/);
    const j = await sievectl("caps", ["caps", "--json"]);
    const caps = JSON.parse(j.stdout.toString("utf8")) as {
      secure: boolean;
      authenticated: boolean;
      capabilities: { sieve: string[]; version: string };
    };
    assert.ok(caps.secure);
    assert.is(caps.authenticated, false);
    assert.ok(caps.capabilities.sieve.includes("vacation"));
    assert.is(caps.capabilities.version, "1.0");
  });

  test("put, put --activate, list, get", async () => {
    const p = file("spam.sieve", GOOD);
    const r1 = await sievectl("put", ["put", p]);
    assert.is(r1.code, 0, r1.stderr);
    assert.equal(await scripts("put"), { spam: false });
    const r2 = await sievectl("put", ["upload", "--activate", p, "main"]);
    assert.is(r2.code, 0, r2.stderr);
    assert.equal(await scripts("put"), { spam: false, main: true });
    const text = await sievectl("put", ["list"]);
    assert.is(text.stdout.toString("utf8"), "* main\n  spam\n");
    const got = await sievectl("put", ["get", "main"]);
    assert.is(got.code, 0);
    assert.is(got.stdout.toString("utf8"), GOOD);
    // Replacing the active script keeps it active.
    const r3 = await sievectl("put", ["put", file("v2.sieve", `${GOOD}# v2\n`), "main"]);
    assert.is(r3.code, 0, r3.stderr);
    assert.equal(await scripts("put"), { spam: false, main: true });
    assert.match((await sievectl("put", ["get", "main"])).stdout.toString("utf8"), /# v2\n$/);
  });

  test("get is byte-exact: CRLF line ends and 8-bit UTF-8, to stdout and to a file", async () => {
    const body = Buffer.from(
      'require ["fileinto", "vacation"];\r\nif header :contains "subject" "Grüße €" {\r\n  vacation "Bin im Urlaub – bis Montag.";\r\n}\r\n',
      "utf8",
    );
    const r = await sievectl("bytes", ["put", file("crlf.sieve", body)]);
    assert.is(r.code, 0, r.stderr);
    const out = await sievectl("bytes", ["get", "crlf"]);
    assert.is(out.code, 0, out.stderr);
    assert.ok(out.stdout.equals(body), `stdout differs: ${JSON.stringify(out.stdout.toString("latin1"))}`);
    const target = join(work, "downloaded.sieve");
    const toFile = await sievectl("bytes", ["get", "crlf", target]);
    assert.is(toFile.code, 0, toFile.stderr);
    assert.ok(readFileSync(target).equals(body));
    const missingScript = await sievectl("bytes", ["get", "nope"]);
    assert.is(missingScript.code, 1);
    assert.match(missingScript.stderr, /server said NO \(NONEXISTENT\)/);
  });

  test("UTF-8 script names: put, list, get, activate", async () => {
    const name = "Ferien-Grüße ☀";
    const r = await sievectl("utf8", ["put", "--activate", file("ferien.sieve", GOOD), name]);
    assert.is(r.code, 0, r.stderr);
    assert.equal(await scripts("utf8"), { [name]: true });
    const got = await sievectl("utf8", ["get", name]);
    assert.is(got.stdout.toString("utf8"), GOOD);
    assert.match((await sievectl("utf8", ["list"])).stdout.toString("utf8"), /^\* Ferien-Grüße ☀\n$/);
  });

  test("activate, deactivate, rename", async () => {
    await sievectl("moves", ["put", file("a.sieve", GOOD), "a"]);
    await sievectl("moves", ["put", file("b.sieve", "keep;\n"), "b"]);
    assert.is((await sievectl("moves", ["activate", "a"])).code, 0);
    assert.equal(await scripts("moves"), { a: true, b: false });
    assert.is((await sievectl("moves", ["activate", "b"])).code, 0);
    assert.equal(await scripts("moves"), { a: false, b: true });
    const ren = await sievectl("moves", ["rename", "b", "c"]);
    assert.is(ren.code, 0, ren.stderr);
    assert.equal(await scripts("moves"), { a: false, c: true });
    const clash = await sievectl("moves", ["rename", "a", "c"]);
    assert.is(clash.code, 1);
    assert.match(clash.stderr, /ALREADYEXISTS/);
    assert.is((await sievectl("moves", ["deactivate"])).code, 0);
    assert.equal(await scripts("moves"), { a: false, c: false });
    const none = await sievectl("moves", ["activate", "zzz"]);
    assert.is(none.code, 1);
    assert.match(none.stderr, /server said NO/);
  });

  test("delete refuses the active script without --force", async () => {
    await sievectl("delete", ["put", "--activate", file("d.sieve", GOOD), "live"]);
    await sievectl("delete", ["put", file("e.sieve", GOOD), "spare"]);
    const refused = await sievectl("delete", ["delete", "live"]);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /active script/);
    assert.equal(await scripts("delete"), { live: true, spare: false });
    assert.is((await sievectl("delete", ["delete", "spare"])).code, 0);
    const forced = await sievectl("delete", ["delete", "--force", "live"]);
    assert.is(forced.code, 0, forced.stderr);
    assert.equal(await scripts("delete"), {});
  });

  test("a script the server rejects: its text reaches the user, exit 1", async () => {
    const p = file("bad.sieve", "keep;\nfrobnicate;\n");
    // Locally rejected first, nothing sent.
    const local = await sievectl("bad", ["put", p]);
    assert.is(local.code, 1);
    assert.match(local.stderr, /SIEVE_E_UNKNOWN_COMMAND/);
    // Skipping the local check, the server's CHECKSCRIPT text is shown as it was sent.
    const server = await sievectl("bad", ["put", "--no-local-check", p]);
    assert.is(server.code, 1);
    assert.match(server.stderr, /CHECKSCRIPT: server said NO: line 2: error: unknown command 'frobnicate'/);
    assert.match(server.stderr, /error: validation failed\./);
    assert.equal(await scripts("bad"), {});
  });

  test("put --activate failing midway (quota) leaves the old script active", async () => {
    await sievectl("quota", ["put", "--activate", file("old.sieve", GOOD), "old"]);
    // Larger than sieve_max_script_size (8192): Dovecot's CHECKSCRIPT already says QUOTA/MAXSIZE.
    const big = file("big.sieve", `${"# padding padding padding padding padding padding\n".repeat(250)}keep;\n`);
    const tooBig = await sievectl("quota", ["put", "--activate", big, "new"]);
    assert.is(tooBig.code, 1, tooBig.stderr);
    assert.match(tooBig.stderr, /server said NO \(QUOTA\/MAXSIZE\): Script is too large/);
    assert.equal(await scripts("quota"), { old: true });
    // sieve_quota_max_scripts is 5: with five stored, HAVESPACE for a sixth says NO.
    for (const n of ["s2", "s3", "s4", "s5"]) await sievectl("quota", ["put", file(`${n}.sieve`, GOOD), n]);
    const sixth = await sievectl("quota", ["put", "--activate", file("six.sieve", GOOD), "six"]);
    assert.is(sixth.code, 1, sixth.stderr);
    assert.match(sixth.stderr, /HAVESPACE: server said NO \(QUOTA\/MAXSCRIPTS\)/);
    assert.equal(await scripts("quota"), { old: true, s2: false, s3: false, s4: false, s5: false });
  });

  test("wrong password: exit 2", async () => {
    const r = await sievectl("wrong", ["list"], { env: { SIEVECTL_PASSWORD: "not-it" } });
    assert.is(r.code, 2);
    assert.match(r.stderr, /authentication failed/);
    assert.ok(!r.stderr.includes("not-it"));
  });

  test("--tls implicit", async () => {
    const conn = ["--host", "localhost", "--port", String(dc.tlsPort), "--user", "implicit", "--tls", "implicit"];
    const r = await sievectl("implicit", ["list"], { conn: [...conn, "--ca", dc.caPath] });
    assert.is(r.code, 0, r.stderr);
    // The STARTTLS port does not speak TLS first: a TLS failure, exit 2.
    const wrong = await sievectl("implicit", ["list"], {
      conn: [
        "--host",
        "localhost",
        "--port",
        String(dc.port),
        "--user",
        "implicit",
        "--tls",
        "implicit",
        "--ca",
        dc.caPath,
      ],
    });
    assert.is(wrong.code, 2);
  });

  test("--fingerprint instead of a CA; an untrusted certificate is exit 2", async () => {
    const base = ["--server", `sieve://pin@${dc.host}:${dc.port}`];
    const r = await sievectl("pin", ["put", "--activate", file("pin.sieve", GOOD), "pinned"], {
      conn: [...base, "--fingerprint", dc.fingerprint],
    });
    assert.is(r.code, 0, r.stderr);
    const untrusted = await sievectl("pin", ["list"], { conn: base });
    assert.is(untrusted.code, 2);
    assert.match(untrusted.stderr, /certificate/);
    const debug = await sievectl("pin", ["list", "--debug"], { conn: [...base, "--fingerprint", dc.fingerprint] });
    assert.is(debug.code, 0);
    assert.match(debug.stderr, /^C: AUTHENTICATE "SCRAM-SHA-256" \[redacted\]$/m);
    assert.ok(!debug.stderr.includes("pin-pw"));
  });

  test("edit: EDITOR rewrites the file, the script is validated and uploaded", async () => {
    await sievectl("edit", ["put", "--activate", file("ed.sieve", GOOD), "main"]);
    const editor = file("editor.sh", '#!/bin/sh\nprintf \'require "fileinto";\\nfileinto "Edited";\\n\' > "$1"\n');
    const r = await sievectl("edit", ["edit", "main"], { env: { EDITOR: `sh ${editor}` } });
    assert.is(r.code, 0, r.stderr);
    const got = await sievectl("edit", ["get", "main"]);
    assert.is(got.stdout.toString("utf8"), 'require "fileinto";\nfileinto "Edited";\n');
    assert.equal(await scripts("edit"), { main: true });
    // An editor that leaves the file as it was: nothing uploaded.
    const same = await sievectl("edit", ["edit", "main"], { env: { EDITOR: "true" } });
    assert.is(same.code, 0, same.stderr);
    assert.match(same.stderr, /no changes/);
  });

  test("edit: an invalid result is not uploaded; the copy is kept and its path printed", async () => {
    await sievectl("editbad", ["put", file("eb.sieve", GOOD), "main"]);
    const editor = file("editor-bad.sh", "#!/bin/sh\nprintf 'frobnicate;\\n' >> \"$1\"\n");
    const r = await sievectl("editbad", ["edit", "main"], { env: { EDITOR: `sh ${editor}` } });
    assert.is(r.code, 1, r.stderr);
    const kept = /edited copy is kept in (\S+)/.exec(r.stderr)?.[1];
    assert.ok(kept && existsSync(kept), r.stderr);
    assert.match(readFileSync(kept as string, "utf8"), /frobnicate;\n$/);
    rmSync(join(kept as string, ".."), { recursive: true, force: true });
    assert.is((await sievectl("editbad", ["get", "main"])).stdout.toString("utf8"), GOOD);
    // A failing editor: nothing uploaded, exit 2.
    const failed = await sievectl("editbad", ["edit", "main"], { env: { EDITOR: "false" } });
    assert.is(failed.code, 2);
    const kept2 = /edited copy is kept in (\S+)/.exec(failed.stderr)?.[1];
    if (kept2) rmSync(join(kept2, ".."), { recursive: true, force: true });
  });
}

test.run();
