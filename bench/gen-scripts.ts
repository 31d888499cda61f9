/**
 * Seeded generator of realistic, valid Sieve scripts for the benchmarks.
 *
 *   node --import tsx bench/gen-scripts.ts [--count 1000] [--seed 5228] [--out bench/.data/scripts] [--verify]
 *
 * Each script is about 0.5 KB: a comment header, a `require` of exactly what it uses, then rules
 * mixing fileinto, variables, vacation, relational, imap4flags, envelope, body, subaddress and date,
 * the way mail users write them. The same seed always gives the same files. `--verify` checks every
 * script with `check()` and, when it is installed, with Pigeonhole's `sievec` (Debian
 * `dovecot-sieve`), and exits 1 on any rejection.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../packages/parser/src/index.ts";

/** Where the benchmark corpus lives (git-ignored). */
export const DATA_DIR = fileURLToPath(new URL("./.data/", import.meta.url));
export const SCRIPTS_DIR = join(DATA_DIR, "scripts");

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const some = <T>(r: Rand, xs: readonly T[], n: number): T[] => {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(r() * pool.length), 1)[0] as T);
  return out;
};
const q = (s: string): string => `"${s.replace(/["\\]/g, "\\$&")}"`;
const list = (xs: string[]): string => (xs.length === 1 ? q(xs[0] as string) : `[${xs.map(q).join(", ")}]`);
/** `${name}` without writing a template placeholder in a plain string. */
const v = (name: string): string => `$${"{"}${name}}`;

const LISTS = ["linux-kernel", "debian-devel", "postgres-hackers", "rust-users", "ietf-sieve", "nanog", "lwn"];
const DOMAINS = ["example.com", "example.org", "lists.example.net", "corp.example", "mail.example.co.uk"];
const PEOPLE = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"];
const WORDS = ["invoice", "meeting", "urgent", "newsletter", "receipt", "report", "offer", "unsubscribe", "build"];
const FOLDERS = ["Archive", "Lists", "Work", "Family", "Receipts", "Travel", "Social", "Notifications", "Junk"];
const FLAGS = ["\\Seen", "\\Flagged", "\\Answered", "$Label1", "$Important", "$Junk", "$NotJunk"];
const HEADERS = ["subject", "from", "to", "cc", "list-id", "x-mailer", "reply-to", "sender"];

/** One rule: its text (indented two spaces per level) and the capabilities it needs. */
interface Rule {
  text: string;
  needs: string[];
}

const RULES: ((r: Rand) => Rule)[] = [
  // Mailing lists by List-Id, into per-list folders.
  (r) => {
    const l = pick(r, LISTS);
    return {
      text: `if header :contains "list-id" ${q(`<${l}.${pick(r, DOMAINS)}>`)} {\n  fileinto ${q(`Lists/${l}`)};\n  stop;\n}`,
      needs: ["fileinto"],
    };
  },
  // Subject keywords with any/all-of.
  (r) => {
    const words = some(r, WORDS, int(r, 1, 3));
    const folder = pick(r, FOLDERS);
    return {
      text: `if anyof (header :contains "subject" ${list(words)},\n          header :contains "x-category" ${q(pick(r, WORDS))}) {\n  fileinto ${q(`${folder}/${words[0]}`)};\n}`,
      needs: ["fileinto"],
    };
  },
  // Envelope sender domain.
  (r) => ({
    text: `if envelope :domain :is "from" ${list(some(r, DOMAINS, int(r, 1, 2)))} {\n  fileinto ${q(pick(r, FOLDERS))};\n}`,
    needs: ["envelope", "fileinto"],
  }),
  // Plus-addressing: file by detail, with variables.
  (r) => ({
    text: `if envelope :matches :detail "to" "*" {\n  set :lower "box" ${q(v("1"))};\n  fileinto ${q(`${pick(r, FOLDERS)}/${v("box")}`)};\n}`,
    needs: ["envelope", "subaddress", "variables", "fileinto"],
  }),
  // Subaddress :user on the header.
  (r) => ({
    text: `if address :user :is ["to", "cc"] ${list(some(r, PEOPLE, 2))} {\n  addflag ${q(pick(r, FLAGS))};\n}`,
    needs: ["subaddress", "imap4flags"],
  }),
  // Tag extraction with :matches and match variables.
  (r) => ({
    text: `if header :matches "subject" "[*] *" {\n  set "tag" ${q(v("1"))};\n  set :upperfirst "rest" ${q(v("2"))};\n  fileinto ${q(`${pick(r, ["Tags", "Lists", "Projects"])}/${v("tag")}`)};\n}`,
    needs: ["variables", "fileinto"],
  }),
  // Spam score with relational :value on a header.
  (r) => ({
    text: `if header :value "ge" "x-spam-level" ${q("*".repeat(int(r, 3, 8)))} {\n  setflag "$Junk";\n  fileinto :flags "\\\\Seen" "Junk";\n  stop;\n}`,
    needs: ["relational", "imap4flags", "fileinto"],
  }),
  // Relational :count of Received headers.
  (r) => ({
    text: `if header :count "gt" "received" ${q(String(int(r, 8, 30)))} {\n  addflag "$Suspicious";\n}`,
    needs: ["relational", "imap4flags"],
  }),
  // Size and flags.
  (r) => ({
    text: `if size :over ${int(r, 1, 20)}M {\n  addflag "\\\\Flagged";\n  fileinto :flags ${list(some(r, FLAGS, 2))} "Large";\n}`,
    needs: ["imap4flags", "fileinto"],
  }),
  // Body search.
  (r) => ({
    text: `if body :text :contains ${list(some(r, ["unsubscribe", "opt out", "view in browser", "manage preferences"], int(r, 1, 3)))} {\n  fileinto "Newsletters";\n}`,
    needs: ["body", "fileinto"],
  }),
  // Date: the hour the message was sent.
  (r) => ({
    text: `if allof (date :value "ge" :originalzone "date" "hour" ${q(String(int(r, 18, 23)).padStart(2, "0"))},\n          header :contains "from" ${q(`@${pick(r, DOMAINS)}`)}) {\n  fileinto "After-hours";\n}`,
    needs: ["date", "relational", "fileinto"],
  }),
  // Date: weekend by current date.
  (r) => ({
    text: `if currentdate :is "weekday" ["0", "6"] {\n  addflag ${q(pick(r, ["$Weekend", "$Later"]))};\n}`,
    needs: ["date", "imap4flags"],
  }),
  // Save the date into a variable and file by month.
  (r) => ({
    text: `if date :matches "received" "year" "*" { set "year" ${q(v("1"))}; }\nif date :matches "received" "month" "*" { set "month" ${q(v("1"))}; }\nif header :contains "subject" ${q(pick(r, WORDS))} {\n  fileinto ${q(`Archive/${v("year")}-${v("month")}`)};\n}`,
    needs: ["date", "variables", "fileinto"],
  }),
  // Sender address with :localpart, elsif/else.
  (r) => ({
    text: `if address :localpart :is "from" ["noreply", "no-reply", "mailer-daemon"] {\n  fileinto "Notifications";\n} elsif address :domain :is "from" ${q(pick(r, DOMAINS))} {\n  keep;\n} else {\n  addflag "$Other";\n}`,
    needs: ["fileinto", "imap4flags"],
  }),
  // Exists / not.
  (r) => ({
    text: `if allof (exists ["list-unsubscribe", ${q(pick(r, HEADERS))}], not header :contains "from" ${q(`${pick(r, PEOPLE)}@${pick(r, DOMAINS)}`)}) {\n  fileinto "Bulk";\n}`,
    needs: ["fileinto"],
  }),
  // Redirect a copy to a colleague.
  (r) => ({
    text: `if header :is "x-ticket-queue" ${q(pick(r, ["support", "billing", "ops"]))} {\n  redirect ${q(`${pick(r, PEOPLE)}@${pick(r, DOMAINS)}`)};\n  keep;\n}`,
    needs: [],
  }),
];

/** The vacation rule; at most one per script, last. */
function vacationRule(r: Rand): Rule {
  const who = pick(r, PEOPLE);
  const dom = pick(r, DOMAINS);
  const days = int(r, 1, 14);
  return {
    text: `if not header :contains "precedence" ["bulk", "list", "junk"] {\n  vacation :days ${days} :subject "Out of office" :from ${q(`${who}@${dom}`)}\n    :addresses [${q(`${who}@${dom}`)}, ${q(`${who}.work@${dom}`)}]\ntext:\nHello,\n\nI am away until the ${int(r, 1, 28)}th with limited access to mail.\nFor urgent matters please write to ${pick(r, PEOPLE)}@${dom}.\n\n.. ${who}\n.\n;\n}`,
    needs: ["vacation"],
  };
}

/** One script of roughly `target` bytes. */
export function generateScript(r: Rand, index: number, target = 500): string {
  const rules: Rule[] = [];
  const wantsVacation = r() < 0.25;
  const vacation = wantsVacation ? vacationRule(r) : undefined;
  let size = vacation?.text.length ?? 0;
  while (size < target - 120) {
    const rule = pick(r, RULES)(r);
    rules.push(rule);
    size += rule.text.length + 1;
  }
  if (vacation !== undefined) rules.push(vacation);
  const needs = [...new Set(rules.flatMap((x) => x.needs))].sort();
  const head = `# Filter ${index}: generated by bench/gen-scripts.ts\n`;
  const req = needs.length === 0 ? "" : `require ${list(needs)};\n\n`;
  return `${head}${req}${rules.map((x) => x.text).join("\n")}\n`;
}

/** Writes `count` scripts into `dir` (emptied first) and returns their paths. */
export function generateCorpus(dir: string, count: number, seed: number): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `s${String(i).padStart(4, "0")}.sieve`);
    writeFileSync(path, generateScript(r, i));
    files.push(path);
  }
  return files;
}

/** Path of `sievec`, or undefined when Pigeonhole is not installed. */
export function findSievec(): string | undefined {
  try {
    return execFileSync("sh", ["-c", "command -v sievec"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Checks every script with check() and, if present, sievec. Returns the number of rejections. */
export function verifyCorpus(files: string[], sources: string[]): number {
  let bad = 0;
  for (const [i, src] of sources.entries()) {
    const res = check(src);
    if (!res.valid) {
      bad++;
      if (bad <= 5)
        console.error(
          `check() rejects ${files[i]}:\n${res.diagnostics.map((d) => `  ${d.line}:${d.column} ${d.message}`).join("\n")}`,
        );
    }
  }
  const sievec = findSievec();
  if (sievec === undefined) {
    console.log("verify: sievec not found (Debian package dovecot-sieve); skipped the Pigeonhole check");
    return bad;
  }
  // sievec DIR stops at the first script it cannot compile, so compile each file (into a scratch dir).
  const out = mkdtempSync(join(tmpdir(), "sieve-bench-"));
  try {
    for (const f of files) {
      try {
        execFileSync(sievec, [f, join(out, "x.svbin")], { stdio: ["ignore", "pipe", "pipe"] });
      } catch (e) {
        bad++;
        const err = e as { stderr?: Buffer; stdout?: Buffer };
        if (bad <= 5) console.error(`sievec rejects ${f}:\n${String(err.stderr ?? "")}${String(err.stdout ?? "")}`);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return bad;
}

const isEntry = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntry) {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string): string => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : dflt;
  };
  const count = Number(opt("--count", "1000"));
  const seed = Number(opt("--seed", "5228"));
  const dir = opt("--out", SCRIPTS_DIR);
  const files = generateCorpus(dir, count, seed);
  const sources = files.map((f) => readFileSync(f, "utf8"));
  const bytes = sources.reduce((n, s) => n + Buffer.byteLength(s), 0);
  console.log(
    `wrote ${files.length} scripts to ${dir} (${bytes} bytes, mean ${(bytes / files.length).toFixed(0)} B, seed ${seed})`,
  );
  if (args.includes("--verify")) {
    const bad = verifyCorpus(files, sources);
    console.log(bad === 0 ? "verify: every script passes check() and sievec" : `verify: ${bad} rejection(s)`);
    if (bad > 0) process.exit(1);
  }
}
