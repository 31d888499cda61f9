/**
 * Records what Pigeonhole's `sieve-test` (Debian dovecot-sieve, Pigeonhole 0.5.19) does with each
 * script/message pair of packages/interpreter/test/fixtures/differential/, as normalised action
 * lists, into packages/interpreter/test/differential-verdicts.json. The interpreter's
 * differential test compares its own results with that file.
 *
 * Usage: node --import tsx scripts/differential-verdicts.ts   (needs sieve-test; run as root it
 * drops to uid 65534, so the fixtures are copied to a world-readable temporary directory)
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sieveTestEnv } from "./sieve-test-env.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const fixtures = join(root, "packages/interpreter/test/fixtures/differential");

/** One normalised verdict: `status` and the actions as comparable strings, implicit keep last. */
export interface DifferentialVerdict {
  envelope: { from: string; to: string };
  status: "ok" | "runtime-error";
  actions: string[];
}

/** The first address of a header field, or null (the way sieve-test picks the envelope, man sieve-test). */
function firstAddress(msg: string, name: string): string | null {
  const m = new RegExp(`^${name}:(.*(?:\\n[ \\t].*)*)`, "im").exec(msg);
  if (!m) return null;
  const v = ((m[1] as string).split(",")[0] as string).trim();
  if (v === "<>") return null;
  const angle = /<([^>]*)>/.exec(v);
  if (angle) return angle[1] as string;
  const plain = /[^\s,;:<>"]+@[^\s,;:<>"]+/.exec(v);
  return plain ? plain[0] : null;
}

/** The envelope of a fixture: sender from Return-Path/From, recipient from To, else the defaults. */
export function fixtureEnvelope(msg: string): { from: string; to: string } {
  // sieve-test cannot take a null sender (-f "" and -f "<>" are refused, and Return-Path: <> is
  // skipped), so a bounce's envelope sender is its From, as sieve-test itself would pick.
  const from =
    firstAddress(msg, "return-path") ??
    firstAddress(msg, "sender") ??
    firstAddress(msg, "from") ??
    "sender@example.com";
  return { from, to: firstAddress(msg, "to") ?? "recipient@example.com" };
}

/** Normalises one store line and its detail lines. */
function store(mailbox: string, details: string[]): string {
  const copy = details.some((d) => d.includes("preserve implicit keep"));
  const flagLine = details.find((d) => d.includes("add IMAP flags:"));
  const flags = flagLine
    ? flagLine
        .replace(/.*add IMAP flags:/, "")
        .trim()
        .split(/\s+/)
    : [];
  return `store:${mailbox}${
    flags.length
      ? ` flags=${flags
          .map((f) => f.toLowerCase())
          .sort()
          .join(",")}`
      : ""
  }${copy ? " copy" : ""}`;
}

/** Parses sieve-test's printed result. */
export function parseSieveTest(out: string): { status: "ok" | "runtime-error"; actions: string[] } {
  if (/final result: failed/.test(out)) return { status: "runtime-error", actions: ["implicit-keep"] };
  const lines = out.split("\n");
  const actions: string[] = [];
  let section: "performed" | "implicit" | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith("Performed actions:")) section = "performed";
    else if (line.startsWith("Implicit keep:")) section = "implicit";
    const m = /^ \* (.*)$/.exec(line);
    if (!m || section === null) continue;
    const details: string[] = [];
    while (i + 1 < lines.length && /^\s{4,}\S/.test(lines[i + 1] as string)) details.push(lines[++i] as string);
    const text = m[1] as string;
    let norm: string;
    if (text.startsWith("store message in folder: ")) norm = store(text.slice(25), details);
    else if (text.startsWith("redirect message to: ")) {
      norm = `redirect:${text.slice(21).replace(/^<|>$/g, "")}${details.some((d) => d.includes("preserve implicit keep")) ? " copy" : ""}`;
    } else if (text === "discard") norm = "discard";
    else if (text.startsWith("reject message")) norm = "reject";
    else if (text.startsWith("send notification with method")) norm = `notify:${/'([^']*)'/.exec(text)?.[1] ?? ""}`;
    else norm = `other:${text}`;
    actions.push(section === "implicit" ? norm.replace(/^store:INBOX/, "implicit-keep") : norm);
  }
  return { status: "ok", actions };
}

function main(): void {
  const { conf, stage } = sieveTestEnv(
    "sieve-differential",
    "plugin {\n  sieve_plugins = sieve_extprograms sieve_imapsieve\n}\n",
  );
  const verdicts: Record<string, DifferentialVerdict> = {};
  const names = readdirSync(fixtures)
    .filter((n) => n.endsWith(".sieve"))
    .map((n) => n.slice(0, -6))
    .sort();
  for (const name of names) {
    const staged = stage(fixtures, name);
    const msg = readFileSync(join(fixtures, `${name}.eml`), "utf8");
    const envelope = fixtureEnvelope(msg);
    const res = spawnSync(
      "sieve-test",
      ["-c", conf, "-C", "-x", "+editheader", "-f", envelope.from, "-a", envelope.to, staged.script, staged.message],
      { encoding: "utf8" },
    );
    const out = `${res.stdout}${res.stderr}`;
    if (/Fatal/.test(out)) throw new Error(`${name}: sieve-test failed:\n${out}`);
    verdicts[name] = { envelope, ...parseSieveTest(out) };
  }
  const manifest = {
    comment:
      "What Pigeonhole's sieve-test does with each pair of packages/interpreter/test/fixtures/differential. Generated by scripts/differential-verdicts.ts; do not edit.",
    peer: "sieve-test, Pigeonhole 0.5.19 (Debian dovecot-sieve), -x +editheader, envelope -f/-a as recorded",
    cases: verdicts,
  };
  writeFileSync(
    join(root, "packages/interpreter/test/differential-verdicts.json"),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  process.stdout.write(`${names.length} cases recorded\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
