/**
 * Records Pigeonhole's own verdict (Debian's `sievec`, Pigeonhole 0.5.19) on every `.sieve` file of the
 * Pigeonhole test suite, so that `test/conformance-parse.test.ts` never needs sievec at run time.
 *
 * Usage: node --import tsx scripts/conformance-verdicts.ts   (writes test/conformance-verdicts.json)
 *
 * The suite is read from ../shared/conformance/pigeonhole (relative to the repo root). `.svtest` files are
 * not judged here: sievec does not know `vnd.dovecot.testsuite`; upstream's `make test` is their verdict.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const suite = fileURLToPath(new URL("../../shared/conformance/pigeonhole", import.meta.url));
const tmp = join(root, ".tmp", "sievec");

/** Every extension the Pigeonhole testsuite enables (README §2.1), plus the plugin ones. */
export const SIEVEC_EXTENSIONS = [
  "+editheader",
  "+spamtest",
  "+spamtestplus",
  "+virustest",
  "+vacation-seconds",
  "+mboxmetadata",
  "+servermetadata",
  "+special-use",
  "+extlists",
  "+vnd.dovecot.debug",
  "+vnd.dovecot.environment",
  "+vnd.dovecot.report",
  "+vnd.dovecot.pipe",
  "+vnd.dovecot.filter",
  "+vnd.dovecot.execute",
  "+imapsieve",
].join(" ");

/**
 * Capabilities Pigeonhole 0.5.19 does not implement, though later Pigeonhole (and this toolkit) does:
 * sievec cannot judge a script that uses them.
 */
export const PEER_UNSUPPORTED: Record<string, string> = {
  ereject: "RFC 5429 ereject is not implemented by Pigeonhole (it has reject only)",
  "vnd.dovecot.testsuite": "vnd.dovecot.testsuite exists only in Pigeonhole's in-tree testsuite binary, not in sievec",
  extlists: "RFC 6134 extlists is not implemented by Pigeonhole 0.5.19 (added in Pigeonhole 2.4)",
  "comparator-i;unicode-casemap":
    "comparator i;unicode-casemap (RFC 5051) is not implemented by Pigeonhole 0.5.19 (added in Pigeonhole 2.4)",
};

export interface SievecVerdict {
  verdict: "accept" | "reject" | "unsupported-by-peer" | "crash";
  /** sievec's first error line (without the script-name prefix), or the reason. */
  error?: string;
}

/**
 * A Dovecot config for sievec: the extprograms and imapsieve plugins, and include storages.
 * `personal`/`global` are the directories `include :personal` / `include :global` read.
 */
export function sievecConfig(name: string, personal: string, global: string): string {
  mkdirSync(tmp, { recursive: true });
  const path = join(tmp, `${name}.conf`);
  writeFileSync(
    path,
    [
      "plugin {",
      `  sieve = file:${personal}`,
      `  sieve_global = ${global}`,
      "  sieve_plugins = sieve_extprograms sieve_imapsieve",
      "}",
      "",
    ].join("\n"),
  );
  return path;
}

/** Runs sievec on one file and interprets the result. */
export function runSievec(file: string, config: string): SievecVerdict {
  // Never "/dev/null" as the out-file: sievec replaces its output file, and as root that turns
  // /dev/null into a regular file (seen on this machine; it broke Cyrus and apt afterwards).
  const out = join(dirname(config), "out.svbin");
  const res = spawnSync("sievec", ["-c", config, "-x", SIEVEC_EXTENSIONS, file, out], {
    encoding: "utf8",
  });
  if (res.error) throw res.error;
  const lines = `${res.stdout}${res.stderr}`.split("\n").filter((l) => l !== "" && !l.startsWith("sievec: Warning:"));
  // "name: line 3: error: …" → "line 3: error: …"
  const errors = lines.filter((l) => /: error: /.test(l)).map((l) => l.replace(/^[^:]*: (?=line \d+:|error:)/, ""));
  const first = errors[0];
  if (res.status === 0 && first) {
    // Seen with 0.5.19: an error followed by a warning, and sievec still exits 0. The error stands.
    return { verdict: "reject", error: `${first} (sievec printed this error but exited 0)` };
  }
  if (res.status === 0) return { verdict: "accept" };
  if (res.status !== 89 || res.signal) {
    return {
      verdict: "crash",
      error: `sievec exited with ${res.signal ?? res.status}${first ? ` after: ${first}` : ""}`,
    };
  }
  for (const [cap, why] of Object.entries(PEER_UNSUPPORTED)) {
    const unknownCap = errors.some((e) => e.includes(`unknown Sieve capability \`${cap}'`));
    const unknownCmp =
      cap.startsWith("comparator-") && errors.some((e) => e.includes(`unknown comparator '${cap.slice(11)}'`));
    if (unknownCap || unknownCmp) return { verdict: "unsupported-by-peer", error: `${why}; sievec: ${first}` };
  }
  return { verdict: "reject", error: first ?? lines[0] ?? "(no message)" };
}

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(".sieve")) out.push(p);
  }
  return out;
}

/** The nearest ancestor (up to tests/) with an `included/` directory: where `include :personal` looks. */
function includeBase(file: string): string {
  let dir = dirname(file);
  while (dir.startsWith(join(suite, "tests"))) {
    if (existsSync(join(dir, "included"))) return dir;
    dir = dirname(dir);
  }
  return dirname(file);
}

function main(): void {
  if (!existsSync(suite)) throw new Error(`Pigeonhole suite not found at ${suite}`);
  const files = [...walk(join(suite, "tests"), []), ...walk(join(suite, "examples"), [])];
  const configs = new Map<string, string>();
  const verdicts: Record<string, SievecVerdict> = {};
  for (const file of files) {
    const base = includeBase(file);
    let config = configs.get(base);
    if (!config) {
      config = sievecConfig(`conformance-${configs.size}`, join(base, "included"), join(base, "included-global"));
      configs.set(base, config);
    }
    verdicts[relative(suite, file)] = runSievec(file, config);
  }
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a dpkg-query format, not a template
  const version = spawnSync("dpkg-query", ["-W", "-f", "${Version}", "dovecot-sieve"], { encoding: "utf8" });
  const manifest = {
    comment:
      "Pigeonhole's own verdict on each .sieve file of the Pigeonhole suite. Generated by scripts/conformance-verdicts.ts; do not edit.",
    peer: `sievec from Debian dovecot-sieve ${version.stdout || "?"} (Pigeonhole 0.5.19)`,
    sievecArgs: `-c <config: include dirs = <test dir>/included{,-global}, plugins sieve_extprograms sieve_imapsieve> -x "${SIEVEC_EXTENSIONS}"`,
    files: verdicts,
  };
  const out = join(root, "test", "conformance-verdicts.json");
  writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
  const counts: Record<string, number> = {};
  for (const v of Object.values(verdicts)) counts[v.verdict] = (counts[v.verdict] ?? 0) + 1;
  process.stdout.write(`${relative(root, out)}: ${files.length} files ${JSON.stringify(counts)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
