/**
 * Runs the documentation: every fenced block of README.md, packages/*\/README.md, docs/*.md and
 * examples/**\/README.md that can run, runs, exactly as written, and must exit as it says.
 *
 * The convention (info string = language, then flags; see test/docs/code-blocks.ts):
 *
 * - ```ts / ```js blocks run with tsx (`@sieve-toolkit/*` and `sievectl` resolve in the workspace);
 * - ```sh / ```console blocks run with bash when they contain `sievectl` (`console`: the `$ `
 *   lines); `sievectl` is on PATH; the working directory starts at the repository root and a
 *   `cd` carries over to the next block of the same file;
 * - `exit=N`: the block must exit with N (default 0), e.g. `sievectl check` on a broken script;
 * - `dovecot`: the block talks to a private Dovecot started for it; SIEVE_HOST (localhost),
 *   SIEVE_PORT, SIEVE_USER, SIEVE_PASSWORD, and SIEVECTL_SERVER / SIEVECTL_PASSWORD for
 *   sievectl, are set, and NODE_EXTRA_CA_CERTS trusts its certificate;
 * - `no-run`: not run (it installs software, needs a real server or a terminal): keep them few;
 * - a ```output block right after a block that runs is what it must print on stdout (trailing
 *   spaces and blank lines at the end ignored).
 *
 * Blocks run in a scratch folder that links the repository's top-level entries, so files a block
 * writes at the top (`> sieve.sarif`) land there; the test fails if the repository changed.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { type CodeBlock, codeBlocks, flagValue, hasFlag } from "./docs/code-blocks.ts";
import { type DovecotServer, dovecotMissing, startDovecot } from "./harness/dovecot.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const KNOWN_FLAGS = new Set(["no-run", "exit", "dovecot", "walkthrough", "background"]);
const SCRIPT_LANGS = new Set(["ts", "typescript", "js", "javascript", "mjs"]);
const SHELL_LANGS = new Set(["sh", "bash", "shell", "console"]);

/** Text compared loosely: no trailing spaces on lines, no blank lines at the end. */
const normalize = (text: string) => text.replace(/[ \t]+$/gm, "").replace(/\n+$/, "");
const BLOCK_TIMEOUT_MS = 120_000;

/** The documentation files, relative to the root, sorted. */
function docFiles(): string[] {
  const files = ["README.md"];
  const md = (dir: string) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith(".md"))
      .sort()
      .map((f) => `${dir}/${f}`);
  for (const p of readdirSync(join(ROOT, "packages")).sort()) {
    if (readdirSync(join(ROOT, "packages", p)).includes("README.md")) files.push(`packages/${p}/README.md`);
  }
  files.push(...md("docs"));
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
      else if (e.name === "README.md") files.push(`${dir}/${e.name}`);
    }
  };
  walk("examples");
  return files;
}

/** Whether the docs test runs this block. */
function runnable(b: CodeBlock): boolean {
  if (hasFlag(b, "no-run")) return false;
  if (SCRIPT_LANGS.has(b.lang)) return true;
  return SHELL_LANGS.has(b.lang) && /\bsievectl\b/.test(b.code);
}

/** The commands of a ```console block: `$ ` lines, with their `\` continuations. */
function consoleCommands(code: string): string {
  const out: string[] = [];
  let continuing = false;
  for (const line of code.split("\n")) {
    if (continuing || line.startsWith("$ ")) {
      out.push(continuing ? line : line.slice(2));
      continuing = line.endsWith("\\");
    }
  }
  return `${out.join("\n")}\n`;
}

const blocks = docFiles().flatMap((f) => codeBlocks(join(ROOT, f)).map((b) => ({ ...b, file: f })));
const toRun = blocks.filter(runnable);

// A scratch root: links to the repository's top-level entries (not .git).
const scratch = mkdtempSync(join(tmpdir(), "docs-blocks-"));
for (const entry of readdirSync(ROOT)) {
  if (entry !== ".git") symlinkSync(join(ROOT, entry), join(scratch, entry));
}
const home = join(scratch, ".home");
mkdirSync(home);
const gitStatus = () => spawnSync("git", ["status", "--porcelain"], { cwd: ROOT, encoding: "utf8" }).stdout;
const statusBefore = gitStatus();

let dovecot: DovecotServer | null = null;
const needsDovecot = toRun.some((b) => hasFlag(b, "dovecot"));
const dovecotWhy = needsDovecot ? dovecotMissing() : null;

test.before(async () => {
  if (needsDovecot && !dovecotWhy) dovecot = await startDovecot();
});

test.after(async () => {
  await dovecot?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test("the convention: known flags only, and something to run", () => {
  for (const b of blocks) {
    for (const f of b.flags) {
      assert.ok(KNOWN_FLAGS.has(f.split("=")[0]!), `${b.file}:${b.line}: unknown flag '${f}' in the info string`);
    }
    const exit = flagValue(b, "exit");
    if (exit !== undefined) assert.match(exit, /^\d+$/, `${b.file}:${b.line}: exit=${exit}`);
  }
  assert.ok(
    toRun.some((b) => SCRIPT_LANGS.has(b.lang)),
    "some ts/js block runs",
  );
  assert.ok(
    toRun.some((b) => SHELL_LANGS.has(b.lang)),
    "some sievectl block runs",
  );
  const skipped = blocks.filter((b) => hasFlag(b, "no-run")).map((b) => `${b.file}:${b.line}`);
  process.stdout.write(`docs: ${toRun.length} blocks run, ${skipped.length} marked no-run\n`);
});

/** Where each file's shell blocks are (a `cd` carries over). */
const cwdOf = new Map<string, string>();

/** The environment of every block: no user config, no colour; a Dovecot's settings when asked. */
function blockEnv(b: CodeBlock): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("SIEVE")) env[k] = v;
  Object.assign(env, {
    PATH: `${join(ROOT, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    NETRC: join(home, ".netrc"),
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  });
  if (hasFlag(b, "dovecot") && dovecot) {
    const user = dovecot.users.alice!;
    Object.assign(env, {
      SIEVE_HOST: "localhost",
      SIEVE_PORT: String(dovecot.port),
      SIEVE_USER: user.name,
      SIEVE_PASSWORD: user.password,
      SIEVECTL_SERVER: `sieve://${user.name}@localhost:${dovecot.port}`,
      SIEVECTL_PASSWORD: user.password,
      NODE_EXTRA_CA_CERTS: dovecot.caPath,
    });
  }
  return env;
}

for (const [i, b] of toRun.entries()) {
  test(`${b.file}:${b.line} (${b.lang}${b.flags.length ? ` ${b.flags.join(" ")}` : ""})`, () => {
    if (hasFlag(b, "dovecot") && !dovecot) {
      if (process.env.CI) assert.unreachable(`${dovecotWhy} (required when CI is set)`);
      process.stdout.write(`${b.file}:${b.line}: skipped, ${dovecotWhy}\n`);
      return;
    }
    const expected = Number(flagValue(b, "exit") ?? 0);
    let res: ReturnType<typeof spawnSync>;
    if (SCRIPT_LANGS.has(b.lang)) {
      // In the scratch root, so that node_modules and package.json ("type": "module") apply.
      const ext = b.lang === "ts" || b.lang === "typescript" ? "ts" : "mjs";
      const file = join(scratch, `.block-${i}.${ext}`);
      writeFileSync(file, b.code);
      res = spawnSync(process.execPath, ["--import", "tsx", file], {
        cwd: scratch,
        env: blockEnv(b),
        encoding: "utf8",
        timeout: BLOCK_TIMEOUT_MS,
      });
    } else {
      const cwd = cwdOf.get(b.file) ?? scratch;
      const cwdFile = join(scratch, `.cwd-${i}`);
      const code = b.lang === "console" ? consoleCommands(b.code) : b.code;
      // The EXIT trap records where the block ended up, even when it exits non-zero on purpose.
      const script = `trap 'pwd > "${cwdFile}"' EXIT\nset -eo pipefail\n${code}`;
      res = spawnSync("bash", ["-c", script], {
        cwd,
        env: blockEnv(b),
        encoding: "utf8",
        timeout: BLOCK_TIMEOUT_MS,
      });
      try {
        cwdOf.set(b.file, readFileSync(cwdFile, "utf8").trim());
      } catch {
        // killed before the trap ran: the status check below reports it
      }
    }
    const output = `--- stdout ---\n${res.stdout}\n--- stderr ---\n${res.stderr}`;
    assert.is(
      res.status,
      expected,
      `${b.file}:${b.line} exited ${res.status ?? res.signal}, documented ${expected}\n${b.code}${output}`,
    );
    const next = blocks[blocks.indexOf(b) + 1];
    if (next?.file === b.file && next.lang === "output") {
      assert.fixture(normalize(String(res.stdout)), normalize(next.code), `${b.file}:${next.line}: documented output`);
    }
  });
}

test("no block changed the repository", () => {
  assert.is(gitStatus(), statusBefore, `files in ${relative(process.cwd(), ROOT) || "."} changed`);
});

test.run();
