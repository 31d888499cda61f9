/**
 * Compile-time conformance against Pigeonhole's own test suite (read from ../shared/conformance/pigeonhole,
 * never copied into the project):
 *
 * (a) every `.svtest` file, and every `.sieve` file of tests/ and examples/ that Pigeonhole accepts, is
 *     accepted by `check()` (all extensions enabled);
 * (b) every `.sieve` file that the `.svtest` files expect to fail compiling
 *     (`if test_script_compile "…" { test_fail … }`) is rejected.
 *
 * Expectations for `.sieve` files come first from the `.svtest` files (scanned here at run time) and
 * otherwise from test/conformance-verdicts.json (sievec's verdicts, see scripts/conformance-verdicts.ts).
 * Deliberate differences are listed in EXCEPTIONS; that table must be exact.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../packages/cli/src/main.ts";
import { type OurVerdict, type Verdict, verdictOf } from "./verdict.ts";

const suiteUrl = new URL("../../shared/conformance/pigeonhole", import.meta.url);
const suite = fileURLToPath(suiteUrl);

/**
 * Files where `check()` deliberately differs from Pigeonhole (path relative to the suite → reason).
 * An entry whose file starts agreeing must be removed: the table is asserted to be exact.
 */
const EXCEPTIONS: Record<string, string> = {
  // `check()` validates one script on its own; it does not open the script storage, so it cannot see
  // that an included script is missing, invalid, too deep or circular. RFC 6609 §3.2 makes these
  // errors of the include *operation* ("MUST NOT allow recursive script inclusion"; a missing script
  // is an error "either at upload time or at runtime"), which Pigeonhole checks at compile time.
  "tests/extensions/include/errors/circular-1.sieve": "RFC 6609 §3.2: recursion needs the storage (include :personal)",
  "tests/extensions/include/errors/circular-2.sieve": "RFC 6609 §3.2: recursion needs the storage (include :personal)",
  "tests/extensions/include/errors/circular-3.sieve": "RFC 6609 §3.2: recursion needs the storage (include :personal)",
  "tests/extensions/include/included/circular-one.sieve": "RFC 6609 §3.2: recursion needs the storage",
  "tests/extensions/include/included/circular-two.sieve": "RFC 6609 §3.2: recursion needs the storage",
  "tests/extensions/include/included/circular-two-2.sieve": "RFC 6609 §3.2: recursion needs the storage",
  "tests/extensions/include/included/circular-three.sieve": "RFC 6609 §3.2: recursion needs the storage",
  "tests/extensions/include/included/circular-three-2.sieve": "RFC 6609 §3.2: recursion needs the storage",
  "tests/extensions/include/included/circular-three-3.sieve": "RFC 6609 §3.2: recursion needs the storage",
  "tests/extensions/include/included/once-3.sieve": "RFC 6609 §3.2: recursion (once-3 ↔ once-4) needs the storage",
  "tests/extensions/include/included/once-4.sieve": "RFC 6609 §3.2: recursion (once-4 ↔ once-3) needs the storage",
};

/**
 * tests/failures/* run upstream in expect-failure mode (README §1): the file passes when every test in it
 * fails, *or* when it does not compile. So the verdict of each has to be judged by hand.
 */
const FAILURES: Record<string, { verdict: Verdict; why: string }> = {
  "tests/failures/fuzz1.svtest": { verdict: "accept", why: "well-formed; its test fails at run time" },
  "tests/failures/fuzz2.svtest": { verdict: "accept", why: "well-formed; its test fails at run time" },
  "tests/failures/fuzz3.svtest": { verdict: "accept", why: "well-formed; its test fails at run time" },
  "tests/failures/fuzz4.svtest": {
    verdict: "reject",
    why: "`:importance o c`: a bare identifier is not an argument (RFC 5228 §8.3 grammar)",
  },
  "tests/failures/mailbox-bad-utf8.svtest": {
    verdict: "accept",
    why: "the invalid mailbox name (encoded bad UTF-8) is a run-time failure, as for fileinto-bad-utf8.sieve",
  },
};

interface Manifest {
  files: Record<string, { verdict: string; error?: string }>;
}

interface Expectation {
  verdict: Verdict;
  /** Where the expectation comes from, for messages. */
  source: string;
}

// ---------------------------------------------------------------------------------------------------
// Scanning .svtest files for test_script_compile

interface Token {
  kind: "id" | "str" | "tag" | "num" | "punct";
  value: string;
  line: number;
}

/** A small Sieve tokenizer: enough to find `test_script_compile` and its context, comments skipped. */
function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === "\n") {
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (c === "#") {
      while (i < n && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) if (src[k] === "\n") line++;
      i = stop;
    } else if (c === '"') {
      let j = i + 1;
      let value = "";
      const at = line;
      while (j < n && src[j] !== '"') {
        if (src[j] === "\\" && j + 1 < n) j++;
        if (src[j] === "\n") line++;
        value += src[j];
        j++;
      }
      out.push({ kind: "str", value, line: at });
      i = j + 1;
    } else if (src.startsWith("text:", i)) {
      // multi-line string: up to a line holding only "."
      const m = /\r?\n\.\r?\n/.exec(src.slice(i));
      const stop = m ? i + m.index + m[0].length : n;
      const at = line;
      for (let k = i; k < stop; k++) if (src[k] === "\n") line++;
      out.push({ kind: "str", value: src.slice(i, stop), line: at });
      i = stop;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 200))!;
      out.push({ kind: "id", value: m[0].toLowerCase(), line });
      i += m[0].length;
    } else if (c === ":") {
      const m = /^:[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 200));
      out.push({ kind: "tag", value: m ? m[0].toLowerCase() : ":", line });
      i += m ? m[0].length : 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+[KMGkmg]?/.exec(src.slice(i, i + 50))!;
      out.push({ kind: "num", value: m[0], line });
      i += m[0].length;
    } else {
      out.push({ kind: "punct", value: c, line });
      i++;
    }
  }
  return out;
}

interface CompileUse {
  /** The .sieve file, relative to the suite. */
  file: string;
  svtest: string;
  line: number;
  verdict: Verdict;
  /** A test_config_set came earlier in the same test block: a non-default configuration. */
  configured: boolean;
}

/**
 * Every `test_script_compile "<path>"` whose outcome the enclosing `if` asserts:
 * `if test_script_compile … { test_fail … }` → must fail; `if not test_script_compile …` and
 * `if not allof (test_script_compile …, …)` → must compile.
 */
function scanSvtest(svtest: string): CompileUse[] {
  const rel = relative(suite, svtest);
  const toks = tokenize(readFileSync(svtest, "latin1"));
  const uses: CompileUse[] = [];
  let depth = 0;
  let configured = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind === "punct" && t.value === "{") depth++;
    else if (t.kind === "punct" && t.value === "}") depth--;
    else if (t.kind === "id" && t.value === "test" && depth === 0) configured = false;
    else if (t.kind === "id" && t.value === "test_config_set" && depth > 0) configured = true;
    if (!(t.kind === "id" && t.value === "test_script_compile")) continue;
    const path = toks[i + 1];
    if (path?.kind !== "str") continue;
    // Walk back to the enclosing `if`, collecting what sits between.
    const between: string[] = [];
    let k = i - 1;
    while (k >= 0 && !(toks[k]!.kind === "id" && toks[k]!.value === "if")) {
      if (toks[k]!.value === ";" || toks[k]!.value === "{" || toks[k]!.value === "}") break;
      between.unshift(toks[k]!.value);
      k--;
    }
    if (k < 0 || toks[k]!.value !== "if") continue;
    let verdict: Verdict | undefined;
    if (between.length === 0) {
      // `if test_script_compile "x" { test_fail …` : the block must start with test_fail
      const open = toks[i + 2];
      const first = toks[i + 3];
      if (open?.value === "{" && first?.value === "test_fail") verdict = "reject";
    } else if (between[0] === "not" && (between.length === 1 || /^(allof,\()$/.test(between.slice(1).join(",")))) {
      verdict = "accept";
    }
    if (!verdict) continue;
    const file = relative(suite, join(dirname(svtest), path.value));
    uses.push({ file, svtest: rel, line: path.line, verdict, configured });
  }
  return uses;
}

// ---------------------------------------------------------------------------------------------------

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Capabilities Pigeonhole implements: a rejection because one of them is "unknown" is not agreement. */
const PIGEONHOLE_CAPABILITIES = new Set(
  (
    "fileinto reject ereject envelope encoded-character vacation vacation-seconds subaddress " +
    "comparator-i;ascii-numeric comparator-i;unicode-casemap relational regex imap4flags copy include body " +
    "variables enotify environment mailbox date index ihave duplicate mime foreverypart extracttext " +
    "editheader spamtest spamtestplus virustest mboxmetadata servermetadata special-use extlists imapsieve " +
    "vnd.dovecot.debug vnd.dovecot.environment vnd.dovecot.report vnd.dovecot.pipe vnd.dovecot.filter " +
    "vnd.dovecot.execute vnd.dovecot.testsuite"
  ).split(" "),
);

function firstError(source: string | Uint8Array): OurVerdict {
  return verdictOf(source, PIGEONHOLE_CAPABILITIES);
}

if (!existsSync(suite)) {
  if (process.env.CI) {
    test("Pigeonhole conformance suite is present", () => {
      assert.unreachable(`Pigeonhole suite not found at ${suite} (required when CI is set; see test/README.md)`);
    });
  } else {
    process.stdout.write(`conformance-parse: skipped, Pigeonhole suite not found at ${suite}\n`);
    test.skip("Pigeonhole conformance suite (not found)", () => {});
  }
} else {
  const manifest = JSON.parse(
    readFileSync(new URL("./conformance-verdicts.json", import.meta.url), "utf8"),
  ) as Manifest;
  const all = [...walk(join(suite, "tests"), []), ...walk(join(suite, "examples"), [])];
  const svtests = all.filter((f) => f.endsWith(".svtest"));
  const sieves = all.filter((f) => f.endsWith(".sieve")).map((f) => relative(suite, f));

  // Expectations of .sieve files from the .svtest files.
  const uses = svtests.flatMap(scanSvtest);
  const expected = new Map<string, Expectation>();
  const notes: string[] = [];
  for (const file of sieves) {
    const mine = uses.filter((u) => u.file === file);
    const plain = mine.filter((u) => !u.configured);
    const sievec = manifest.files[file];
    let exp: Expectation | undefined;
    if (plain.length > 0) {
      const verdicts = new Set(plain.map((u) => u.verdict));
      if (verdicts.size > 1) throw new Error(`${file}: the .svtest files disagree: ${JSON.stringify(plain)}`);
      exp = { verdict: plain[0]!.verdict, source: `${plain[0]!.svtest}:${plain[0]!.line}` };
    } else if (mine.some((u) => u.verdict === "accept")) {
      const u = mine.find((x) => x.verdict === "accept")!;
      exp = { verdict: "accept", source: `${u.svtest}:${u.line} (configured)` };
    } else if (sievec && (sievec.verdict === "accept" || sievec.verdict === "reject")) {
      // Only expected to fail under a configured limit (e.g. notify prohibited): judge by the default.
      exp = {
        verdict: sievec.verdict,
        source: `sievec${mine.length > 0 ? " (svtest fails it only when configured)" : ""}`,
      };
    }
    if (exp && sievec && sievec.verdict !== exp.verdict && exp.source !== "sievec") {
      notes.push(
        `${file}: expected ${exp.verdict} (${exp.source}) but sievec 0.5.19 says ${sievec.verdict}: ${sievec.error ?? ""}`,
      );
    }
    if (exp) expected.set(file, exp);
    else notes.push(`${file}: no verdict (sievec: ${sievec?.verdict ?? "not in manifest"} ${sievec?.error ?? ""})`);
  }
  if (notes.length > 0) process.stdout.write(`conformance-parse notes:\n  ${notes.join("\n  ")}\n`);

  /** One case per file: agree with the expectation, unless listed in EXCEPTIONS (then must still differ). */
  const mismatches: string[] = [];
  const verify = (name: string, source: string | Uint8Array, exp: Expectation): void => {
    test(name, () => {
      const got = firstError(source);
      // Rejecting only because a capability Pigeonhole knows is not registered is not agreement.
      if (got.verdict === "reject" && got.unregistered && exp.verdict === "reject") {
        mismatches.push(name);
        assert.unreachable(
          `${name}: rejected only because "${got.unregistered}" is unknown to check() (${got.message})`,
        );
      }
      const exception = EXCEPTIONS[name];
      if (got.verdict !== exp.verdict) mismatches.push(name);
      if (exception) {
        assert.not.equal(
          got.verdict,
          exp.verdict,
          `${name} now agrees with Pigeonhole (${exp.verdict}); remove it from EXCEPTIONS ("${exception}")`,
        );
        return;
      }
      assert.equal(
        got.verdict,
        exp.verdict,
        exp.verdict === "accept"
          ? `${name}: Pigeonhole accepts (${exp.source}); check() says ${got.message}`
          : `${name}: Pigeonhole rejects (${exp.source}${manifest.files[name]?.error ? `: ${manifest.files[name]!.error}` : ""}); check() accepts`,
      );
    });
  };

  // The include exceptions above are exceptions of check() alone: with the scripts' storage at
  // hand (sievectl check --personal-dir/--global-dir, as Pigeonhole resolves them: conformance
  // README §2.4), every one of them is rejected, as Pigeonhole rejects them.
  test("include exceptions are rejected once includes are resolved (sievectl check)", async () => {
    const includeDir = join(suite, "tests/extensions/include");
    const files = Object.keys(EXCEPTIONS).filter((k) => k.startsWith("tests/extensions/include/"));
    assert.ok(files.length > 0);
    for (const f of files) {
      let out = "";
      const code = await main(
        [
          "check",
          "--format",
          "json",
          "--personal-dir",
          join(includeDir, "included"),
          "--global-dir",
          join(includeDir, "included-global"),
          join(suite, f),
        ],
        {
          stdout: {
            write: (t: string) => {
              out += t;
            },
            isTTY: false,
          },
          stderr: { write: () => undefined, isTTY: false },
          stdin: (async function* () {})(),
          env: {},
          cwd: includeDir,
        },
      );
      const report = JSON.parse(out) as { summary: { invalid: number } };
      assert.is(code, 1, `${f}: sievectl check should reject it once includes are resolved`);
      assert.ok(report.summary.invalid > 0, f);
    }
  });

  for (const f of svtests) {
    const name = relative(suite, f);
    const bytes = readFileSync(f);
    const fail = FAILURES[name];
    verify(
      name,
      bytes,
      fail ? { verdict: fail.verdict, source: fail.why } : { verdict: "accept", source: "make test" },
    );
  }
  // README §2.8: the template's #UTF8# lines are hash comments as they stand; upstream either strips the
  // prefix or deletes the lines. All three forms must compile.
  const template = join(suite, "tests/test-address.svtest.in");
  if (existsSync(template)) {
    const text = readFileSync(template, "utf8");
    const up = { verdict: "accept", source: "make test (generated test-address.svtest)" } as const;
    verify("tests/test-address.svtest.in", text, up);
    verify("tests/test-address.svtest.in [#UTF8# lines kept]", text.replace(/^#UTF8#/gm, ""), up);
    verify("tests/test-address.svtest.in [#UTF8# lines deleted]", text.replace(/^#UTF8#.*\n/gm, ""), up);
  }
  for (const file of sieves) {
    const exp = expected.get(file);
    if (exp) verify(file, readFileSync(join(suite, file)), exp);
  }

  test("EXCEPTIONS names only files of the suite", () => {
    const known = new Set([...svtests.map((f) => relative(suite, f)), ...sieves]);
    const stale = Object.keys(EXCEPTIONS).filter((k) => !known.has(k) || (!expected.has(k) && k.endsWith(".sieve")));
    assert.equal(stale, [], "EXCEPTIONS lists files that are not judged");
  });

  test("every FAILURES entry exists", () => {
    const missing = Object.keys(FAILURES).filter((k) => !existsSync(join(suite, k)));
    assert.equal(missing, []);
  });

  test("summary", () => {
    const total = svtests.length + 3 + expected.size;
    process.stdout.write(
      `conformance-parse: ${total - mismatches.length}/${total} agree with Pigeonhole (${Object.keys(EXCEPTIONS).length} deliberate exceptions; ${uses.length} test_script_compile assertions read from ${svtests.length} .svtest files, ${[...expected.values()].filter((e) => e.verdict === "reject").length} scripts expected to fail)\n`,
    );
  });
}

test.run();
