/**
 * Fuzzing `parse()` and `check()` (ARCHITECTURE.md, rule 3: bad input is a diagnostic, never a
 * crash or a hang).
 *
 * fast-check feeds random strings, token soups, random bytes (mostly invalid UTF-8) and
 * mutations of the Pigeonhole test scripts into both functions; every result must be a tree plus
 * diagnostics whose positions point into the decoded text. Deep nesting and a 2 MiB script must
 * end in diagnostics, not a stack overflow or a hang.
 *
 * About 2,000 cases run here; `node --import tsx bench/fuzz.ts [N]` runs the same properties at
 * 100,000 and more. `FUZZ_SEED=<n>` replays a run.
 *
 * The properties are exported for bench/fuzz.ts; the suite only runs when this file is the entry.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { type CheckResult, check, type Diagnostic, type ParseLimits, parse, type Range } from "../src/index.ts";

/** The Pigeonhole test suite beside the project (../shared), read at run time. */
export const CORPUS_URL = new URL("../../../../shared/conformance/pigeonhole", import.meta.url);

/** Longest time one parse or check of a fuzz case may take before it counts as a hang. */
// Tests never assert wall-clock time (ARCHITECTURE.md rule 8); bench/fuzz.ts sets this env var
// to flag hangs in its long runs.
export const CASE_TIME_LIMIT_MS = Number(process.env.FUZZ_CASE_TIME_LIMIT_MS ?? Number.POSITIVE_INFINITY);

/**
 * Every `.sieve` and `.svtest` file of the Pigeonhole corpus, as text. Empty when the corpus is
 * absent, except under CI, where a missing corpus is an error rather than a silent skip.
 */
export function loadCorpus(): string[] {
  const dir = fileURLToPath(CORPUS_URL);
  let exists = false;
  try {
    exists = statSync(dir).isDirectory();
  } catch {
    exists = false;
  }
  if (!exists) {
    if (process.env.CI) throw new Error(`fuzz corpus missing: ${dir} (../shared/conformance/pigeonhole)`);
    return [];
  }
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (/\.(sieve|svtest|svtest\.in)$/.test(name)) out.push(readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  if (out.length === 0 && process.env.CI) throw new Error(`fuzz corpus empty: ${dir}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checking one result

/** 1-based line and column of a UTF-16 offset, computed independently of the parser's LineIndex. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function positionOf(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
}

const isInt = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);

function fail(what: string, detail: unknown): never {
  throw new Error(`${what}: ${JSON.stringify(detail)?.slice(0, 500)}`);
}

function checkDiagnostic(d: Diagnostic, text: string, starts: number[]): void {
  if (d.severity !== "error" && d.severity !== "warning") fail("bad severity", d);
  if (typeof d.code !== "string" || !/^SIEVE_[EW]_[A-Z0-9_]+$/.test(d.code)) fail("bad code", d);
  if (typeof d.message !== "string" || d.message.length === 0) fail("empty message", d);
  for (const k of ["line", "column", "endLine", "endColumn", "offset", "endOffset"] as const) {
    if (!isInt(d[k])) fail(`diagnostic ${k} is not an integer`, d);
  }
  if (d.line < 1 || d.column < 1 || d.endLine < 1 || d.endColumn < 1) fail("diagnostic position below 1", d);
  if (d.offset < 0 || d.offset > d.endOffset || d.endOffset > text.length) {
    fail(`diagnostic offsets outside 0..${text.length} or reversed`, d);
  }
  if (d.endLine < d.line || (d.endLine === d.line && d.endColumn < d.column)) fail("diagnostic end before start", d);
  const s = positionOf(starts, d.offset);
  const e = positionOf(starts, d.endOffset);
  if (s.line !== d.line || s.column !== d.column) fail(`diagnostic start is not at offset (${s.line}:${s.column})`, d);
  if (e.line !== d.endLine || e.column !== d.endColumn) {
    fail(`diagnostic end is not at endOffset (${e.line}:${e.column})`, d);
  }
}

function checkRange(r: Range | undefined, text: string, starts: number[], node: string): void {
  if (r === undefined || r === null || typeof r !== "object") fail(`${node} without range`, r);
  for (const p of [r.start, r.end]) {
    if (!isInt(p?.line) || !isInt(p.column) || !isInt(p.offset)) fail(`${node} range not integers`, r);
    if (p.line < 1 || p.column < 1 || p.offset < 0 || p.offset > text.length) fail(`${node} range outside text`, r);
    const q = positionOf(starts, p.offset);
    if (q.line !== p.line || q.column !== p.column) fail(`${node} position is not at its offset`, r);
  }
  if (r.start.offset > r.end.offset) fail(`${node} range reversed`, r);
}

/** Walks the tree without recursion (trees may be deep) and checks every node's range. */
function checkTree(ast: CheckResult["ast"], text: string, starts: number[]): void {
  if (ast === null || typeof ast !== "object" || ast.type !== "Script") fail("no Script tree", ast);
  if (!Array.isArray(ast.commands) || !Array.isArray(ast.comments)) fail("Script without lists", Object.keys(ast));
  checkRange(ast.range, text, starts, "Script");
  for (const c of ast.comments) checkRange(c.range, text, starts, "Comment");
  // biome-ignore lint/suspicious/noExplicitAny: a plain walk over the JSON-shaped tree
  const stack: any[] = [...ast.commands];
  let seen = 0;
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || typeof n !== "object" || typeof n.type !== "string") fail("tree holds a non-node", n);
    if (++seen > 10_000_000) fail("tree too large (cycle?)", seen);
    checkRange(n.range, text, starts, n.type);
    if (n.nameRange !== undefined) checkRange(n.nameRange, text, starts, `${n.type} name`);
    if (Array.isArray(n.arguments)) stack.push(...n.arguments);
    if (n.test) stack.push(n.test);
    if (Array.isArray(n.tests)) stack.push(...n.tests);
    if (n.block) stack.push(n.block);
    if (n.type === "Block" && Array.isArray(n.commands)) stack.push(...n.commands);
    if (n.type === "StringList" && Array.isArray(n.items)) stack.push(...n.items);
  }
}

function checkDiagnostics(list: Diagnostic[], text: string, starts: number[], cap: number): void {
  if (!Array.isArray(list)) fail("diagnostics is not an array", list);
  if (list.length > cap) fail(`more than ${cap} diagnostics`, list.length);
  for (const d of list) checkDiagnostic(d, text, starts);
}

/** What one fuzz case feeds in. */
export type FuzzInput = string | Uint8Array;

/**
 * Runs `parse()` and `check()` on one input and checks everything a caller relies on. Throws an
 * Error describing the first broken promise. `tighter` says every limit given is below its default.
 */
export function runCase(input: FuzzInput, limits?: Partial<ParseLimits>, tighter = false): void {
  const options = limits === undefined ? {} : { limits };
  const maxDiagnostics = limits?.maxDiagnostics ?? 100;
  const t0 = performance.now();
  const p = parse(input, options);
  const t1 = performance.now();
  const c = check(input, options);
  const t2 = performance.now();
  if (t1 - t0 > CASE_TIME_LIMIT_MS || t2 - t1 > CASE_TIME_LIMIT_MS) {
    fail("too slow (hang?)", { parseMs: Math.round(t1 - t0), checkMs: Math.round(t2 - t1) });
  }
  for (const [name, r] of [
    ["parse", p],
    ["check", c],
  ] as const) {
    if (r === null || typeof r !== "object") fail(`${name} returned no result`, r);
    if (typeof r.text !== "string") fail(`${name}: text is not a string`, typeof r.text);
    const text = r.text;
    if (typeof input === "string") {
      const expected = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
      if (text !== expected) fail(`${name}: text is not the input (BOM removed)`, text.length);
    }
    const starts = lineStarts(text);
    checkTree(r.ast, text, starts);
    // Both cap at maxDiagnostics plus one "N more" line (check() caps its merged list once).
    checkDiagnostics(r.diagnostics, text, starts, maxDiagnostics + 1);
    if (text.includes("\0") && !r.diagnostics.some((d) => d.severity === "error")) fail(`${name}: NUL accepted`, "");
  }
  if (typeof c.valid !== "boolean") fail("check: valid is not a boolean", c.valid);
  if (c.valid !== !c.diagnostics.some((d) => d.severity === "error")) fail("check: valid disagrees with errors", c);
  if (!Array.isArray(c.requires) || c.requires.some((r) => typeof r !== "string")) fail("check: bad requires", c);
  // Every syntax error of parse() is also reported by check(), unless check() capped its merged
  // list (then its last line counts what was left out).
  const key = (d: Diagnostic) => `${d.code}@${d.offset}-${d.endOffset}:${d.message}`;
  const all = new Set(c.diagnostics.map(key));
  const capped = c.diagnostics.some((d) => /^\d+ more diagnostics not shown$/.test(d.message));
  const summary = (d: Diagnostic) => /^\d+ more diagnostics not shown$/.test(d.message);
  if (!capped)
    for (const d of p.diagnostics) if (!summary(d) && !all.has(key(d))) fail("check lost a parse diagnostic", d);
  if (p.diagnostics.some((d) => d.severity === "error") && c.valid) fail("check: valid despite syntax errors", c);
  // Tighter limits never make an invalid script valid, nor hide every syntax error.
  if (limits !== undefined && tighter) {
    const free = check(input);
    if (!free.valid && c.valid) fail("a script with errors is valid under tighter limits", limits);
    if (free.diagnostics.length > 0 && p.diagnostics.length === 0 && parse(input).diagnostics.length > 0) {
      fail("tighter limits hid every syntax error", limits);
    }
  }
  // Bytes that are not UTF-8 never make a valid script.
  if (typeof input !== "string" && !isUtf8(input) && c.valid) fail("invalid UTF-8 accepted", "");
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The same input twice gives the same answer: the shared grammar keeps no state between runs. */
export function runDeterminism(input: FuzzInput): void {
  const a = JSON.stringify(check(input).diagnostics);
  const b = JSON.stringify(check(input).diagnostics);
  if (a !== b) fail("check is not deterministic", { a: a.slice(0, 200), b: b.slice(0, 200) });
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const IDENTIFIERS = [
  "require",
  "if",
  "elsif",
  "else",
  "stop",
  "keep",
  "discard",
  "redirect",
  "fileinto",
  "reject",
  "ereject",
  "vacation",
  "set",
  "setflag",
  "addflag",
  "removeflag",
  "hasflag",
  "header",
  "address",
  "envelope",
  "exists",
  "size",
  "allof",
  "anyof",
  "not",
  "true",
  "false",
  "body",
  "date",
  "currentdate",
  "string",
  "include",
  "return",
  "global",
  "foreverypart",
  "break",
  "notify",
  "valid_notify_method",
  "duplicate",
  "ihave",
  "error",
  "addheader",
  "deleteheader",
  "mailboxexists",
  "metadata",
  "environment",
  "spamtest",
  "virustest",
  "test",
  "test_set",
  "_",
  "IF",
  "Require",
];
const TAGS = [
  "is",
  "contains",
  "matches",
  "regex",
  "value",
  "count",
  "comparator",
  "over",
  "under",
  "all",
  "localpart",
  "domain",
  "user",
  "detail",
  "days",
  "seconds",
  "subject",
  "from",
  "addresses",
  "mime",
  "handle",
  "flags",
  "copy",
  "create",
  "zone",
  "originalzone",
  "raw",
  "text",
  "content",
  "lower",
  "upper",
  "lowerfirst",
  "upperfirst",
  "quotewildcard",
  "quoteregex",
  "encodeurl",
  "length",
  "once",
  "optional",
  "personal",
  "global",
  "index",
  "last",
  "percent",
  "list",
];
const EXTENSIONS = [
  "fileinto",
  "envelope",
  "variables",
  "vacation",
  "relational",
  "imap4flags",
  "body",
  "subaddress",
  "date",
  "comparator-i;ascii-numeric",
  "copy",
  "reject",
  "include",
  "encoded-character",
  "regex",
  "mailbox",
  "editheader",
  "foreverypart",
  "mime",
  "duplicate",
  "enotify",
  "ihave",
  "vnd.dovecot.testsuite",
  "nonsense",
];

/** Characters that stress the lexer and the position code. */
const NASTY = [
  "\0",
  "\r",
  "\r\n",
  "\n",
  "\t",
  "\v",
  "\f",
  "\u00a0",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\ufffd",
  "\ud800",
  "\udfff",
  "\udc00\ud800",
  "😀",
  "\u{10ffff}",
  "é",
  "ß",
  "İ",
  "\\",
  '"',
  "'",
  "$",
  "$",
  "}",
  ".",
  "..",
  "*",
  "?",
  "/",
  "/*",
  "*/",
  "#",
  ":",
  "text:",
  "TEXT:",
];

const anyChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  // Any UTF-16 unit, lone surrogates included.
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) },
);

const text = (maxLength: number) => fc.array(anyChar, { maxLength }).map((a) => a.join(""));

const identifier = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...IDENTIFIERS) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,40}$/) },
);
const tag = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TAGS).map((t) => `:${t}`) },
  { weight: 1, arbitrary: fc.stringMatching(/^:[A-Za-z_]?[A-Za-z0-9_]{0,40}$/) },
);
const REFS = [
  "{",
  "{a}",
  "{1}",
  "{0}",
  "{hex:41}",
  "{hex: 4 1 }",
  "{unicode:1F600}",
  "{unicode:D800}",
  "{hex:zz}",
  "{unicode:110000}",
  "{hex:}",
  "{HEX:",
  "{unicode",
];
const stringBody = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.stringMatching(/^[a-zA-Z0-9 *?@.\-_<>]{0,12}$/) },
      { weight: 1, arbitrary: fc.constantFrom('\\"', "\\\\", "\\n", "\\", "$", "}") },
      // Variable references and encoded characters, well-formed or not (written "$" + "{…" for the linter).
      { weight: 2, arbitrary: fc.constantFrom(...REFS).map((r) => `$${r}`) },
      { weight: 1, arbitrary: fc.constantFrom(...EXTENSIONS) },
      { weight: 1, arbitrary: anyChar.filter((c) => c !== '"' && c !== "\\") },
    ),
    { maxLength: 8 },
  )
  .map((a) => a.join(""));
const quoted = fc.oneof(
  { weight: 8, arbitrary: stringBody.map((s) => `"${s}"`) },
  { weight: 1, arbitrary: stringBody.map((s) => `"${s}`) },
);
const multiline = fc
  .tuple(
    fc.constantFrom("text:", "TEXT:", "text: ", "text:\t# c", "text: x", "text:"),
    fc.constantFrom("\n", "\r\n", ""),
    fc.array(fc.oneof(stringBody, fc.constantFrom(".", "..", "...x", ".x", " .", "")), { maxLength: 5 }),
    fc.constantFrom(".\n", ".\r\n", ".", "", "..\n", "\n.\n"),
  )
  .map(([head, nl, lines, end]) => `${head}${nl}${lines.map((l) => `${l}\n`).join("")}${end}`);
const number = fc
  .tuple(
    fc.oneof(
      fc.nat({ max: 1000 }).map(String),
      fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String),
      fc.constantFrom("0", "00", "4294967295", "4294967296", "9007199254740993", "18446744073709551616"),
    ),
    fc.constantFrom("", "", "K", "M", "G", "k", "m", "g", "T", "KK"),
  )
  .map(([n, q]) => n + q);
const comment = fc.oneof(
  text(20).map((t) => `#${t.replace(/[\r\n]/g, "")}\n`),
  text(20).map((t) => `/*${t.replace(/\*\//g, "")}*/`),
  text(10).map((t) => `/*${t}`),
  fc.constantFrom("#", "/**/", "/*/", "/* /* */ */", "#\r"),
);
const punct = fc.constantFrom("[", "]", "(", ")", "{", "}", ",", ";", ";", ";", "{", "}");
const separator = fc.constantFrom(" ", " ", " ", "", "\n", "\r\n", "\t", "\r", " \n ");

/** One token of a soup: mostly real Sieve tokens, some junk. */
export const token: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: identifier },
  { weight: 4, arbitrary: tag },
  { weight: 5, arbitrary: quoted },
  { weight: 1, arbitrary: multiline },
  { weight: 3, arbitrary: number },
  { weight: 2, arbitrary: comment },
  { weight: 8, arbitrary: punct },
  { weight: 1, arbitrary: fc.constantFrom(...EXTENSIONS).map((e) => `require "${e}";`) },
  { weight: 1, arbitrary: fc.constantFrom(...EXTENSIONS).map((e) => `require ["${e}", "variables"];`) },
  { weight: 1, arbitrary: anyChar },
);

/** A sequence of tokens joined by random white space. */
export const tokenSoup: fc.Arbitrary<string> = fc
  .array(fc.tuple(token, separator), { maxLength: 80 })
  .map((parts) => parts.map(([t, s]) => t + s).join(""));

/** Random text of any characters, lone surrogates and NUL included. */
export const randomString: fc.Arbitrary<string> = fc.oneof(
  text(200),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ maxLength: 200 }),
);

/** Random bytes: mostly invalid UTF-8, sometimes a valid prefix with a broken tail. */
export const randomBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.tuple(tokenSoup, fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.nat()).map(([soup, junk, at]) => {
    const b = new TextEncoder().encode(soup);
    const i = b.length === 0 ? 0 : at % (b.length + 1);
    const out = new Uint8Array(b.length + junk.length);
    out.set(b.subarray(0, i), 0);
    out.set(junk, i);
    out.set(b.subarray(i), i + junk.length);
    return out;
  }),
  fc.constantFrom(
    Uint8Array.of(0xef, 0xbb, 0xbf), // a BOM alone
    Uint8Array.of(0xef, 0xbb, 0xbf, 0xff),
    Uint8Array.of(0xc0, 0x80), // overlong NUL
    Uint8Array.of(0xed, 0xa0, 0x80), // encoded surrogate
    Uint8Array.of(0xf4, 0x90, 0x80, 0x80), // past U+10FFFF
    Uint8Array.of(0xe2, 0x82), // truncated
    Uint8Array.of(0x22, 0xff, 0x22, 0x3b),
  ),
);

/** One edit of a real script. Positions are taken modulo the current length. */
type Mutation =
  | { kind: "delete"; at: number; len: number }
  | { kind: "insert"; at: number; what: string }
  | { kind: "duplicate"; at: number; len: number }
  | { kind: "move"; at: number; len: number; to: number }
  | { kind: "truncate"; at: number }
  | { kind: "replace"; at: number; what: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), what: token }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant("move" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 80 }), to: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), what: anyChar }),
);

/** Applies mutations in order. */
export function mutate(source: string, mutations: Mutation[]): string {
  let s = source;
  for (const m of mutations) {
    const n = s.length;
    const at = n === 0 ? 0 : m.at % (n + 1);
    switch (m.kind) {
      case "delete":
        s = s.slice(0, at) + s.slice(at + m.len);
        break;
      case "insert":
        s = s.slice(0, at) + m.what + s.slice(at);
        break;
      case "duplicate":
        s = s.slice(0, at + m.len) + s.slice(at, at + m.len) + s.slice(at + m.len);
        break;
      case "move": {
        const piece = s.slice(at, at + m.len);
        const rest = s.slice(0, at) + s.slice(at + m.len);
        const to = rest.length === 0 ? 0 : m.to % (rest.length + 1);
        s = rest.slice(0, to) + piece + rest.slice(to);
        break;
      }
      case "truncate":
        s = s.slice(0, at);
        break;
      case "replace":
        s = s.slice(0, at) + m.what + s.slice(at + 1);
        break;
    }
  }
  return s;
}

/** A script of the corpus with one to six edits. */
export function mutatedScript(corpus: string[]): fc.Arbitrary<string> {
  if (corpus.length === 0) return tokenSoup;
  return fc
    .tuple(fc.nat({ max: corpus.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }))
    .map(([i, ms]) => mutate(corpus[i] as string, ms));
}

/** A script of the corpus as UTF-8 bytes with some bytes overwritten. */
export function corruptedBytes(corpus: string[]): fc.Arbitrary<Uint8Array> {
  if (corpus.length === 0) return randomBytes;
  return fc
    .tuple(
      fc.nat({ max: corpus.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
    )
    .map(([i, edits]) => {
      const b = new TextEncoder().encode(corpus[i] as string);
      for (const [at, v] of edits) if (b.length > 0) b[at % b.length] = v;
      return b;
    });
}

/** Small limits, to drive every bound's diagnostic path (0 included). */
export const smallLimits: fc.Arbitrary<Partial<ParseLimits>> = fc.record(
  {
    maxScriptSize: fc.integer({ min: 0, max: 4000 }),
    maxBlockNesting: fc.integer({ min: 0, max: 4 }),
    maxTestNesting: fc.integer({ min: 0, max: 4 }),
    maxArguments: fc.integer({ min: 0, max: 4 }),
    maxIdentifierLength: fc.integer({ min: 0, max: 8 }),
    maxStringLength: fc.integer({ min: 0, max: 16 }),
    maxStringListLength: fc.integer({ min: 0, max: 4 }),
    // 0 is covered by its own regression test below; here it would mask every other finding.
    maxDiagnostics: fc.integer({ min: 1, max: 5 }),
  },
  { requiredKeys: [] },
);

/** One named property and its share of the cases. */
export interface FuzzProperty {
  name: string;
  /** Fraction of the total number of cases. */
  share: number;
  property: fc.IProperty<[unknown]> | fc.IProperty<[unknown, unknown]>;
}

/** Every fuzz property, over the given corpus. */
export function fuzzProperties(corpus: string[]): FuzzProperty[] {
  return [
    { name: "random strings", share: 0.15, property: fc.property(randomString, (s) => runCase(s)) },
    {
      name: "token soups",
      share: 0.25,
      property: fc.property(tokenSoup, (s) => {
        runCase(s);
        runDeterminism(s);
      }),
    },
    { name: "random bytes", share: 0.1, property: fc.property(randomBytes, (b) => runCase(b)) },
    { name: "mutated corpus scripts", share: 0.3, property: fc.property(mutatedScript(corpus), (s) => runCase(s)) },
    { name: "corrupted corpus bytes", share: 0.1, property: fc.property(corruptedBytes(corpus), (b) => runCase(b)) },
    {
      name: "small limits",
      share: 0.1,
      property: fc.property(fc.oneof(tokenSoup, mutatedScript(corpus)), smallLimits, (s, l) => runCase(s, l, true)),
    },
  ] as FuzzProperty[];
}

/** Deep nesting and huge inputs: each must end in diagnostics. `expect` is a code that must appear. */
export const HOSTILE: { name: string; make: () => string; expect: string }[] = [
  { name: "10,000 '{'", make: () => "{".repeat(10_000), expect: "SIEVE_E_NESTING" },
  { name: "10,000 'if true {'", make: () => "if true {".repeat(10_000), expect: "SIEVE_E_NESTING" },
  {
    name: "10,000 closed 'if true { … }'",
    make: () => `${"if true {".repeat(10_000)}${"}".repeat(10_000)}`,
    expect: "SIEVE_E_NESTING",
  },
  { name: "10,000 'not'", make: () => `if ${"not ".repeat(10_000)}true {}`, expect: "SIEVE_E_NESTING" },
  { name: "10,000 '('", make: () => `if anyof${"(".repeat(10_000)}`, expect: "SIEVE_E_NESTING" },
  {
    name: "10,000 'anyof('",
    make: () => `if ${"anyof(".repeat(10_000)}true${")".repeat(10_000)} {}`,
    expect: "SIEVE_E_NESTING",
  },
  { name: "10,000 '['", make: () => `x ${"[".repeat(10_000)}`, expect: "SIEVE_E_SYNTAX" },
  {
    name: "2 MiB script",
    make: () => 'if header :contains "subject" "hello" { keep; }\n'.repeat(Math.ceil((2 << 20) / 48)),
    expect: "SIEVE_E_LIMIT",
  },
];

// ---------------------------------------------------------------------------------------------
// The suite

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;

if (isEntry) {
  let corpus: string[] = [];
  let corpusError: unknown;
  try {
    corpus = loadCorpus();
  } catch (e) {
    corpusError = e;
  }
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  const TOTAL = 2000;

  test("the Pigeonhole corpus is there (required under CI)", () => {
    if (corpusError !== undefined) throw corpusError;
    if (corpus.length === 0)
      console.warn("fuzz: ../shared/conformance/pigeonhole not found; mutations use token soups");
    if (process.env.CI) assert.ok(corpus.length > 100, `only ${corpus.length} corpus scripts`);
  });

  test("every corpus script passes the checks unmodified", () => {
    for (const s of corpus) runCase(s);
  });

  for (const p of fuzzProperties(corpus)) {
    test(`fuzz: ${p.name}`, () => {
      fc.assert(p.property as fc.IProperty<[unknown]>, {
        numRuns: Math.round(TOTAL * p.share),
        ...(seed === undefined ? {} : { seed }),
      });
    });
  }

  test("maxDiagnostics: 0 does not make a broken script valid", () => {
    for (const src of ["if true {", '"abc', "keep keep", "/* open"]) {
      const r = check(src, { limits: { maxDiagnostics: 0 } });
      assert.is(r.valid, false, `check(${JSON.stringify(src)}, { limits: { maxDiagnostics: 0 } }).valid`);
    }
  });

  // Kept last: a stack overflow inside the shared grammar must not disturb the properties above.
  for (const h of HOSTILE) {
    test(`hostile: ${h.name} gives diagnostics, not a crash`, () => {
      const src = h.make();
      for (const fn of [parse, check]) {
        const t0 = performance.now();
        let result: { diagnostics: ReturnType<typeof parse>["diagnostics"] };
        try {
          result = fn(src);
        } catch (e) {
          assert.unreachable(`${fn.name}() threw on ${h.name}: ${String(e)}`);
          return;
        }
        const ms = performance.now() - t0;
        assert.ok(ms < CASE_TIME_LIMIT_MS, `${fn.name}() took ${Math.round(ms)} ms`);
        assert.ok(result.diagnostics.length > 0, `${fn.name}() found nothing wrong`);
        assert.ok(
          result.diagnostics.some((d) => d.code === h.expect),
          `${fn.name}(): expected ${h.expect}, got ${[...new Set(result.diagnostics.map((d) => d.code))].join(", ")}`,
        );
      }
      runCase(src);
    });
  }

  test("hostile: a 2 MiB script with the size limit lifted is parsed in bounded time", () => {
    const src = 'if header :contains "subject" "hello" { keep; }\n'.repeat(Math.ceil((2 << 20) / 48));
    const limits = { maxScriptSize: Number.POSITIVE_INFINITY };
    const t0 = performance.now();
    const r = check(src, { limits });
    const ms = performance.now() - t0;
    assert.ok(ms < 4 * CASE_TIME_LIMIT_MS, `check() took ${Math.round(ms)} ms`);
    assert.ok(r.ast.commands.length > 0);
    runCase(src, limits);
  });

  test.run();
}
