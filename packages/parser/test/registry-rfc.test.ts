/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: Sieve scripts are full of ${…} */
/**
 * The RFC extension modules of the registry: envelope, encoded-character, reject/ereject,
 * vacation(-seconds), relational, subaddress, spamtest(plus)/virustest, date, index,
 * imap4flags, variables, body, environment, copy and include. Each gets scripts that must pass
 * and scripts that must fail with a given code at a given line:column; then the matching parts
 * of the Pigeonhole test suite are validated (every `.svtest` and helper script accepted, every
 * `errors/*.sieve` rejected).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { check } from "../src/check.ts";
import type { Diagnostic } from "../src/errors.ts";
import { decodeEncodedCharacters } from "../src/registry/encoded-character.ts";
import { scriptNameProblem } from "../src/registry/include.ts";
import { defaultRegistry } from "../src/registry/index.ts";
import { mailboxProblem } from "../src/registry/address-syntax.ts";

function errors(src: string): Diagnostic[] {
  return check(src).diagnostics.filter((d) => d.severity === "error");
}

function show(ds: Diagnostic[]): string {
  return ds.map((d) => `${d.code}@${d.line}:${d.column} ${d.message}`).join("\n");
}

/** The script validates without errors. */
function ok(src: string): void {
  const e = errors(src);
  assert.is(e.length, 0, `expected no errors for:\n${src}\ngot:\n${show(e)}`);
}

/** The script has an error `code` starting at line:column. */
function fails(src: string, code: string, line: number, column: number): void {
  const e = errors(src);
  assert.ok(
    e.some((d) => d.code === code && d.line === line && d.column === column),
    `expected ${code}@${line}:${column} for:\n${src}\ngot:\n${show(e) || "(no errors)"}`,
  );
}

/** The script has a warning `code` starting at line:column and no error. */
function warns(src: string, code: string, line: number, column: number): void {
  const ds = check(src).diagnostics;
  assert.is(ds.filter((d) => d.severity === "error").length, 0, show(ds));
  assert.ok(
    ds.some((d) => d.severity === "warning" && d.code === code && d.line === line && d.column === column),
    `expected warning ${code}@${line}:${column}, got:\n${show(ds)}`,
  );
}

// ---------------------------------------------------------------- envelope (RFC 5228 §5.4)

test("envelope: parts from/to/auth, address parts and match types", () => {
  ok('require "envelope";\nif envelope :all :is ["to", "FROM"] "a@b.c" { keep; }');
  ok('require "envelope";\nif envelope :domain :contains "auth" "example" { keep; }');
  ok('require ["envelope", "variables"];\nset "p" "frop";\nif envelope "${p}" "x" { keep; }');
});

test("envelope: unknown part, missing require", () => {
  fails('require "envelope";\nif envelope :is ["to", "frop"] "x" {}', "SIEVE_E_VALUE", 2, 24);
  fails('if envelope "to" "x" {}', "SIEVE_E_UNKNOWN_TEST", 1, 4);
  fails('require "envelope";\nif envelope "to" {}', "SIEVE_E_ARGUMENT", 2, 4);
});

// ------------------------------------------------------ encoded-character (RFC 5228 §2.4.2.4)

test("encoded-character: decoding follows Pigeonhole", () => {
  assert.is(decodeEncodedCharacters("${hex:42 61 64}${hex: 61 73 73}").value, "Badass");
  assert.is(decodeEncodedCharacters("$${hex:40}").value, "$@");
  assert.is(decodeEncodedCharacters("${UnICoDE:0000040}").value, "@");
  assert.is(decodeEncodedCharacters("${hex:400}").value, "${hex:400}");
  assert.is(decodeEncodedCharacters("${hex:4${hex:30}}").value, "${hex:40}");
  assert.is(decodeEncodedCharacters("${ unicode:40}").value, "${ unicode:40}");
  assert.is(decodeEncodedCharacters("${unicode:1F600}").value, "\u{1F600}");
  assert.is(decodeEncodedCharacters("${hex:}").value, "${hex:}");
  assert.is(decodeEncodedCharacters("${unicode:D800}").invalid, 0xd800);
  assert.is(decodeEncodedCharacters("${unicode:D800").invalid, null);
});

test("encoded-character: invalid code points are errors, malformed encodings literal", () => {
  ok('require ["encoded-character", "fileinto"];\nfileinto "INBOX.${unicode:200000";\nfileinto "${hex:zz}";');
  ok('require ["encoded-character", "fileinto"];\nfileinto "${unicode: 10FFFF }${hex:e2 82 ac}";');
  fails(
    'require ["encoded-character", "fileinto"];\nfileinto "INBOX.${unicode:200000}";',
    "SIEVE_E_ENCODED_CHARACTER",
    2,
    10,
  );
  fails('require ["encoded-character", "fileinto"];\nfileinto "${Unicode:DF01}";', "SIEVE_E_ENCODED_CHARACTER", 2, 10);
  fails(
    'require ["encoded-character", "fileinto"];\nfileinto "${unicode:33333333333333333}";',
    "SIEVE_E_ENCODED_CHARACTER",
    2,
    10,
  );
  // Without the require, the text is just text.
  ok('require "fileinto";\nfileinto "${unicode:200000}";');
});

// ------------------------------------------------------------------- reject / ereject (RFC 5429)

test("reject and ereject", () => {
  ok('require "reject";\nreject "go away";');
  ok('require "ereject";\nereject text:\nno\n.\n;');
  fails('require "reject";\nereject "x";', "SIEVE_E_UNKNOWN_COMMAND", 2, 1);
  fails('require "reject";\nreject;', "SIEVE_E_ARGUMENT", 2, 1);
  fails('require "ereject";\nereject 3;', "SIEVE_E_ARGUMENT", 2, 9);
});

// ----------------------------------------------------------- vacation / vacation-seconds (RFC 5230, RFC 6131)

test("vacation: every tag", () => {
  ok(
    'require "vacation";\nvacation :days 7 :subject "away" :from "Joe <joe@example.com>" :addresses ["a@b.c", "d@e.f"] :mime :handle "h" "reason";',
  );
  ok('require "vacation";\nvacation :from "\\"joe\\"@[127.0.0.1]" "x";');
  ok('require ["vacation", "variables"];\nset "f" "x";\nvacation :from "${f}" "x";');
});

test("vacation: :from must be one address; :days minimum is a warning", () => {
  fails('require "vacation";\nvacation :from "bad" "x";', "SIEVE_E_ADDRESS", 2, 16);
  fails('require "vacation";\nvacation :from "a@b, c@d" "x";', "SIEVE_E_ADDRESS", 2, 16);
  fails('require "vacation";\nvacation :from "joe@" "x";', "SIEVE_E_ADDRESS", 2, 16);
  fails('require "vacation";\nvacation :days "1" "x";', "SIEVE_E_ARGUMENT", 2, 10);
  fails('require "vacation";\nvacation :days 1;', "SIEVE_E_ARGUMENT", 2, 1);
  warns('require "vacation";\nvacation :days 0 "x";', "SIEVE_W_VALUE", 2, 16);
  warns('require "vacation";\nvacation :addresses ["ok@x.y", "bad"] "x";', "SIEVE_W_VALUE", 2, 32);
  assert.is(mailboxProblem("Günther M. Karotte <g.m.karotte@example.com>"), null);
  assert.is(mailboxProblem("=?utf-8?q?G=C3=BCnther?= M. Karotte <g.m.karotte@example.com>"), null);
  assert.is(mailboxProblem("joe (comment) @ example.com"), null);
  assert.ok(mailboxProblem("") !== null);
});

test("vacation-seconds: :seconds implies vacation, excludes :days", () => {
  ok('require "vacation-seconds";\nvacation :seconds 86400 "x";');
  warns('require "vacation-seconds";\nvacation :seconds 10 "x";', "SIEVE_W_VALUE", 2, 19);
  fails('require "vacation";\nvacation :seconds 3600 "x";', "SIEVE_E_UNKNOWN_TAG", 2, 10);
  fails('require "vacation-seconds";\nvacation :days 3 :seconds 3600 "x";', "SIEVE_E_TAG_CONFLICT", 2, 18);
});

// --------------------------------------------------------------------- relational (RFC 5231)

test("relational: :count and :value with an operator", () => {
  ok('require "relational";\nif header :count "ge" "to" "3" { keep; }');
  ok('require "relational";\nif address :value "LT" :all "from" "m" { keep; }');
  ok('require ["relational", "envelope"];\nif envelope :count "ne" "to" "1" { keep; }');
  fails('require "relational";\nif header :value "gr" "from" "ah" {}', "SIEVE_E_RELATIONAL", 2, 18);
  fails('require "relational";\nif header :count "lf" "from" "eek" {}', "SIEVE_E_RELATIONAL", 2, 18);
  fails('require ["relational", "variables"];\nif header :count "${op}" "to" "3" {}', "SIEVE_E_RELATIONAL", 2, 18);
  fails('require "relational";\nif header :count ["ge"] "to" "3" {}', "SIEVE_E_ARGUMENT", 2, 11);
  fails('require "relational";\nif header :count "ge" :is "to" "3" {}', "SIEVE_E_TAG_CONFLICT", 2, 23);
  fails('if header :count "ge" "to" "3" {}', "SIEVE_E_UNKNOWN_TAG", 1, 11);
});

// --------------------------------------------------------------------- subaddress (RFC 5233)

test("subaddress: :user and :detail", () => {
  ok('require "subaddress";\nif address :user "to" "ken" { keep; }\nif address :detail :is "to" "" { keep; }');
  fails('require "subaddress";\nif address :user :detail "to" "x" {}', "SIEVE_E_TAG_CONFLICT", 2, 18);
  fails('if address :detail "to" "x" {}', "SIEVE_E_UNKNOWN_TAG", 1, 12);
});

// -------------------------------------------------------- spamtest / spamtestplus / virustest (RFC 5235)

test("spamtest, spamtestplus, virustest", () => {
  ok('require ["spamtest", "relational"];\nif spamtest :value "ge" "5" { discard; }');
  ok('require "spamtestplus";\nif spamtest :percent :contains "5" { discard; }');
  ok('require "virustest";\nif virustest :is "4" { discard; }');
  fails('require "spamtest";\nif spamtest :percent "3" {}', "SIEVE_E_UNKNOWN_TAG", 2, 13);
  fails('require "spamtest";\nif spamtest 3 {}', "SIEVE_E_ARGUMENT", 2, 13);
  fails('require "virustest";\nif virustest 3 {}', "SIEVE_E_ARGUMENT", 2, 14);
  fails('require "spamtest";\nif virustest "3" {}', "SIEVE_E_UNKNOWN_TEST", 2, 4);
});

// --------------------------------------------------------------------------- date (RFC 5260)

test("date and currentdate", () => {
  ok('require "date";\nif date :zone "+0100" "date" "Year" "2020" { keep; }');
  ok('require "date";\nif date :originalzone "received" "weekday" "0" { keep; }');
  ok('require ["date", "relational"];\nif currentdate :value "ge" "iso8601" "2020-01-01" { keep; }');
  ok('require ["date", "variables"];\nif currentdate "${part}" "x" { keep; }');
  // Unknown date part: a warning, as in Pigeonhole (the test never matches).
  warns('require "date";\nif date "date" "frop" "2020" {}', "SIEVE_W_VALUE", 2, 16);
  warns('require "date";\nif currentdate "century" "20" {}', "SIEVE_W_VALUE", 2, 16);
  fails('require "date";\nif date :zone "+0100" :originalzone "date" "year" "2020" {}', "SIEVE_E_TAG_CONFLICT", 2, 23);
  fails('require "date";\nif currentdate :originalzone "year" "2020" {}', "SIEVE_E_UNKNOWN_TAG", 2, 16);
  fails('require "date";\nif date "date" "year" {}', "SIEVE_E_ARGUMENT", 2, 4);
  warns('require "date";\nif date :zone "0100" "date" "year" "2020" {}', "SIEVE_W_VALUE", 2, 15);
  warns('require "date";\nif date "date:" "year" "2020" {}', "SIEVE_W_HEADER_NAME", 2, 9);
});

// ---------------------------------------------------------------------- index (RFC 5260 §6)

test("index: :index N and :last", () => {
  ok('require "index";\nif header :index 2 :last "received" "x" { keep; }');
  ok('require ["index", "date"];\nif date :index 1 "received" "year" "2020" { keep; }');
  ok('require "index";\nif address :last :index 1 :domain "to" "x" { keep; }');
  fails('require "index";\nif header :last "to" "ok" {}', "SIEVE_E_ARGUMENT", 2, 11);
  fails('require "index";\nif header :index 0 "to" "ok" {}', "SIEVE_E_VALUE", 2, 18);
  fails('require "index";\nif header :index "frop" "to" "ok" {}', "SIEVE_E_ARGUMENT", 2, 11);
  fails('require "index";\nif exists :index 1 "to" {}', "SIEVE_E_UNKNOWN_TAG", 2, 11);
  fails('if header :index 1 "to" "x" {}', "SIEVE_E_UNKNOWN_TAG", 1, 11);
});

// ----------------------------------------------------------------------- imap4flags (RFC 5232)

test("imap4flags: commands, hasflag, :flags", () => {
  ok('require "imap4flags";\nsetflag "\\\\Seen";\naddflag ["\\\\Flagged", "x"];\nremoveflag "x";');
  ok(
    'require ["imap4flags", "variables"];\nsetflag "myflags" "\\\\Seen";\nif hasflag :contains "myflags" "Seen" { keep; }',
  );
  ok('require ["imap4flags", "fileinto"];\nfileinto :flags "\\\\Seen" "INBOX.x";\nkeep :flags ["a", "b"];');
  fails('require "imap4flags";\nsetflag "x" "y";', "SIEVE_E_ARGUMENT", 2, 9);
  fails('require "imap4flags";\nif hasflag "x" "y" {}', "SIEVE_E_ARGUMENT", 2, 12);
  fails('require ["imap4flags", "variables"];\nsetflag ["a"] "y";', "SIEVE_E_ARGUMENT", 2, 9);
  fails('require ["imap4flags", "variables"];\nsetflag "1" "y";', "SIEVE_E_VARIABLE", 2, 9);
  fails('require "imap4flags";\nsetflag;', "SIEVE_E_ARGUMENT", 2, 1);
  fails('require "imap4flags";\nhasflag "x";', "SIEVE_E_UNKNOWN_COMMAND", 2, 1);
  fails('require "imap4flags";\nif setflag "x" {}', "SIEVE_E_UNKNOWN_TEST", 2, 4);
  fails('require "fileinto";\nfileinto :flags "x" "y";', "SIEVE_E_UNKNOWN_TAG", 2, 10);
});

// ------------------------------------------------------------------------ variables (RFC 5229)

test("variables: set, modifiers, string test, references", () => {
  ok('require "variables";\nset :lower :upperfirst :quotewildcard :length "a" "b";');
  ok('require "variables";\nset "\\n\\a\\m\\e" "frop";\nset :UPPER "name" "${name}${0}${32}";');
  ok('require "variables";\nif string :is "${a}" "" { keep; }\nset "x" "${bad name}${}${.x}";');
  ok('require ["variables", "enotify"];\nset :encodeurl :quotewildcard "a" "b";');
  fails('require "variables";\nset :lower :upper "a" "b";', "SIEVE_E_TAG_CONFLICT", 2, 12);
  fails('require "variables";\nset :quoteregex "a" "b";', "SIEVE_E_UNKNOWN_TAG", 2, 5);
  fails('require "variables";\nset :encodeurl "a" "b";', "SIEVE_E_UNKNOWN_TAG", 2, 5);
  fails('require "variables";\nset "${frop}" "frop";', "SIEVE_E_VARIABLE", 2, 5);
  fails('require "variables";\nset "name." "frop";', "SIEVE_E_VARIABLE", 2, 5);
  fails('require "variables";\nset "0" "frop";', "SIEVE_E_VARIABLE", 2, 5);
  fails(`require "variables";\nset "${"v".repeat(65)}" "x";`, "SIEVE_E_VARIABLE", 2, 5);
  fails('require "variables";\nset "namespace.frop" "value";', "SIEVE_E_VARIABLE", 2, 5);
  fails('require ["variables", "fileinto"];\nfileinto "${complex.struct.frop}";', "SIEVE_E_VARIABLE", 2, 10);
  fails('require "variables";\nif string "${33}" "v" {}', "SIEVE_E_VARIABLE", 2, 11);
  fails('require "variables";\nset :inner "name" "frop";', "SIEVE_E_UNKNOWN_TAG", 2, 5);
  fails('require "variables";\nset "a";', "SIEVE_E_ARGUMENT", 2, 1);
  fails('if string "a" "b" {}', "SIEVE_E_UNKNOWN_TEST", 1, 4);
  // Encoded characters are decoded before references are looked for.
  fails('require ["variables", "encoded-character"];\nset "b" "${hex:24}{foo.bar}";', "SIEVE_E_VARIABLE", 2, 9);
});

test("variables: at most 255 variables, reported once", () => {
  const sets = Array.from({ length: 257 }, (_, i) => `set "v${i}" "x";`).join("\n");
  const e = errors(`require "variables";\n${sets}`);
  assert.is(e.length, 1, show(e));
  assert.is(e[0]?.code, "SIEVE_E_VARIABLE");
  assert.is(e[0]?.line, 257);
});

// ---------------------------------------------------------------------------- body (RFC 5173)

test("body: transforms, match types, comparator", () => {
  ok('require "body";\nif body :raw :comparator "i;octet" :matches "*x*" { keep; }');
  ok('require "body";\nif body :content ["text", "image/png"] :contains "x" { keep; }');
  ok('require "body";\nif body :text "x" { keep; }');
  fails('require "body";\nif body :content "text" :raw "frop" {}', "SIEVE_E_TAG_CONFLICT", 2, 25);
  fails('require "body";\nif body :content :contains "frop" {}', "SIEVE_E_ARGUMENT", 2, 9);
  fails('require "body";\nif body 3 {}', "SIEVE_E_ARGUMENT", 2, 9);
  fails('require "body";\nif body :frop "x" {}', "SIEVE_E_UNKNOWN_TAG", 2, 9);
});

// ---------------------------------------------------------------------- environment (RFC 5183)

test("environment: any item name", () => {
  ok('require "environment";\nif environment :contains "name" "pigeonhole" { keep; }');
  ok('require "environment";\nif environment "vnd.dovecot.anything at all" "x" { keep; }');
  fails('require "environment";\nif environment "name" {}', "SIEVE_E_ARGUMENT", 2, 4);
  fails('if environment "name" "x" {}', "SIEVE_E_UNKNOWN_TEST", 1, 4);
});

// ---------------------------------------------------------------------------- copy (RFC 3894)

test("copy: :copy on fileinto and redirect", () => {
  ok('require ["copy", "fileinto"];\nfileinto :copy "x";\nredirect :copy "a@b.c";');
  fails('require "copy";\nkeep :copy;', "SIEVE_E_UNKNOWN_TAG", 2, 6);
  fails('require "fileinto";\nfileinto :copy "x";', "SIEVE_E_UNKNOWN_TAG", 2, 10);
});

// ------------------------------------------------------------------------- include (RFC 6609)

test("include: locations, :once, :optional, return", () => {
  ok('require "include";\ninclude :personal :once :optional "spam_tests";\ninclude :global "x";\nreturn;');
  fails('require "include";\ninclude :personal :global "x";', "SIEVE_E_TAG_CONFLICT", 2, 19);
  fails('require "include";\ninclude "../frop";', "SIEVE_E_INCLUDE", 2, 9);
  fails('require "include";\ninclude "";', "SIEVE_E_INCLUDE", 2, 9);
  fails('require ["include", "variables"];\ninclude "${name}";', "SIEVE_E_INCLUDE", 2, 9);
  fails('require ["include", "encoded-character"];\ninclude "x${unicode:2028}";', "SIEVE_E_INCLUDE", 2, 9);
  fails('require "include";\nreturn "x";', "SIEVE_E_ARGUMENT", 2, 8);
  assert.is(scriptNameProblem("a.sieve"), null);
  assert.ok(scriptNameProblem("x".repeat(257)) !== null);
});

test("include: global needs variables; global namespace", () => {
  ok('require ["include", "variables"];\nglobal ["a", "b"];\nset "a" "1";\nset "global.c" "${global.a}";');
  ok('require ["include", "variables"];\nglobal "x";\nkeep;\nglobal "x";');
  fails('require "include";\nglobal "x";', "SIEVE_E_REQUIRE", 2, 1);
  fails('require ["include", "variables"];\nglobal "1";', "SIEVE_E_VARIABLE", 2, 8);
  fails('require ["include", "variables"];\nset "f" "x";\nglobal "f";', "SIEVE_E_VARIABLE", 3, 8);
  fails('require ["include", "variables"];\nset "global.env.0" "x";', "SIEVE_E_VARIABLE", 2, 5);
  fails('require ["include", "variables"];\nset "global.12" "x";', "SIEVE_E_VARIABLE", 2, 5);
  fails('require "variables";\nset "global.a" "x";', "SIEVE_E_VARIABLE", 2, 5);
});

// ------------------------------------------------------------------- Pigeonhole test suite

const suite = fileURLToPath(new URL("../../../../shared/conformance/pigeonhole/tests", import.meta.url));
const haveSuite = existsSync(suite);
if (!haveSuite && process.env.CI) {
  throw new Error(`the Pigeonhole test suite is missing at ${suite} (needed in CI)`);
}

/** Directories (or single files) under tests/extensions/ that belong to these modules. */
const SUITE_PARTS = [
  "envelope.svtest",
  "encoded-character.svtest",
  "reject",
  "vacation",
  "relational",
  "subaddress",
  "spamvirustest",
  "date",
  "index",
  "imap4flags",
  "variables",
  "body",
  "environment",
  "include",
];

/**
 * `errors/*.sieve` scripts that Pigeonhole rejects only when it loads the included scripts or
 * runs the script, which a validator of one script cannot know.
 */
const RUNTIME_ERRORS: Record<string, string> = {
  "vacation/errors/conflict-reject.sieve": "vacation and reject conflict at run time (errors.svtest runs it)",
  "include/errors/action-conflicts.sieve": "the conflict is between actions of included scripts",
  "include/errors/circular-1.sieve": "include loops need the included scripts",
  "include/errors/circular-2.sieve": "include loops need the included scripts",
  "include/errors/circular-3.sieve": "include loops need the included scripts",
  "include/errors/depth-limit.sieve": "fails only with sieve_include_max_nesting_depth = 2",
  "include/errors/include-limit.sieve": "fails only with sieve_include_max_includes = 3",
};

const registry = defaultRegistry();

/**
 * True for a diagnostic caused by a module this file does not cover and that is not in the
 * registry yet (vnd.dovecot.testsuite, comparator-i;ascii-numeric, mailbox, regex, …).
 */
function foreign(d: Diagnostic): boolean {
  let m = /^unknown extension "([^"]+)"/.exec(d.message);
  if (m) return !registry.extensions.has((m[1] as string).toLowerCase());
  m = /^unknown (?:command|test) '([^']+)'$/.exec(d.message);
  if (m) {
    const name = (m[1] as string).toLowerCase();
    return !registry.commands.has(name) && !registry.tests.has(name);
  }
  m = /^unknown comparator "([^"]+)"/.exec(d.message);
  if (m) return !registry.comparators.has((m[1] as string).toLowerCase());
  m = /^unknown tag ':([^']+)'/.exec(d.message);
  if (m) {
    const t = (m[1] as string).toLowerCase();
    const known =
      registry.matchTypes.has(t) ||
      registry.addressParts.has(t) ||
      [...registry.extraTags.values()].some((list) => list.some((x) => x.tag.name === t));
    return !known;
  }
  m = /^unknown variable namespace '([^']+)'/.exec(d.message);
  if (m) return (m[1] as string).toLowerCase() === "tst" && !registry.extensions.has("vnd.dovecot.testsuite");
  return false;
}

function walk(path: string, out: string[]): string[] {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) walk(join(path, name), out);
  } else if (path.endsWith(".svtest") || path.endsWith(".sieve")) {
    out.push(path);
  }
  return out;
}

if (haveSuite) {
  for (const part of SUITE_PARTS) {
    const files = walk(join(suite, "extensions", part), []);
    test(`pigeonhole: extensions/${part}`, () => {
      for (const file of files) {
        const rel = file.slice(join(suite, "extensions").length + 1);
        const result = check(readFileSync(file), { maxDiagnostics: 100_000 });
        const own = result.diagnostics.filter((d) => d.severity === "error" && !foreign(d));
        if (rel.includes("/errors/")) {
          if (rel in RUNTIME_ERRORS) continue;
          assert.ok(own.length > 0, `${rel} must be rejected`);
        } else {
          assert.is(own.length, 0, `${rel} must be accepted, got:\n${show(own)}`);
        }
      }
    });
  }

  test("pigeonhole: compile/errors for envelope and encoded-character", () => {
    for (const [name, code, lines] of [
      ["envelope.sieve", "SIEVE_E_VALUE", [14, 22]],
      ["encoded-character.sieve", "SIEVE_E_ENCODED_CHARACTER", [11, 17, 23, 27]],
    ] as const) {
      const own = check(readFileSync(join(suite, "compile", "errors", name))).diagnostics.filter(
        (d) => d.severity === "error",
      );
      assert.equal(
        own.map((d) => `${d.code}@${d.line}`),
        lines.map((l) => `${code}@${l}`),
        name,
      );
    }
  });

  test("pigeonhole: error lines match sievec", () => {
    const expected: Record<string, number[]> = {
      "relational/errors/validation.sieve": [4, 9],
      "index/errors/syntax.sieve": [11, 11, 14, 17, 20, 23, 26],
      "spamvirustest/errors/syntax-errors.sieve": [5, 9, 13, 17],
      "variables/errors/set.sieve": [4, 5, 6, 7, 13, 19],
      "variables/errors/namespace.sieve": [4, 5, 7, 8],
      "variables/errors/limits.sieve": [7, 10, 13, 21, 282],
      "include/errors/scriptname.sieve": [6, 9, 12, 15, 18, 21, 24],
      "include/errors/global-namespace.sieve": [5, 8, 11],
      "include/errors/variables.sieve": [15],
      "include/errors/variables-inactive.sieve": [4, 5],
    };
    for (const [rel, lines] of Object.entries(expected)) {
      const own = check(readFileSync(join(suite, "extensions", rel))).diagnostics.filter((d) => d.severity === "error");
      assert.equal(
        own.map((d) => d.line),
        lines,
        `${rel}:\n${show(own)}`,
      );
    }
  });
}

test.run();
