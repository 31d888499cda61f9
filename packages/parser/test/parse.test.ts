/**
 * parse() options: every limit, validation of limit values, diagnostics cap, input forms.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { check } from "../src/check.ts";
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from "../src/limits.ts";
import { parse } from "../src/parse.ts";

const codes = (src: string, limits: Partial<ParseLimits>) => parse(src, { limits }).diagnostics.map((d) => d.code);

test("defaults", () => {
  assert.equal(
    { ...DEFAULT_PARSE_LIMITS },
    {
      maxScriptSize: 1048576,
      maxBlockNesting: 31,
      maxTestNesting: 31,
      maxArguments: 32,
      maxIdentifierLength: 32,
      maxStringLength: 1048576,
      maxStringListLength: 4096,
      maxDiagnostics: 100,
    },
  );
  assert.ok(Object.isFrozen(DEFAULT_PARSE_LIMITS));
});

test("junk limit values throw TypeError, for every limit", () => {
  for (const key of Object.keys(DEFAULT_PARSE_LIMITS)) {
    for (const bad of [-1, 1.5, "3", Number.NaN, null, Number.NEGATIVE_INFINITY, true, {}, 10n]) {
      assert.throws(
        () => parse("keep;", { limits: { [key]: bad } as unknown as Partial<ParseLimits> }),
        (e: unknown) => e instanceof TypeError && e.message.includes(key),
        `${key}=${String(bad)}`,
      );
    }
  }
});

test("unknown limit names throw TypeError", () => {
  assert.throws(
    () => parse("keep;", { limits: { maxBogus: 1 } as unknown as Partial<ParseLimits> }),
    (e: unknown) => e instanceof TypeError && /maxBogus/.test((e as Error).message),
  );
});

test("undefined limit values keep the default", () => {
  assert.equal(parse("keep;", { limits: { maxArguments: undefined } }).diagnostics, []);
});

test("bad input never throws", () => {
  for (const src of [
    "",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    '"',
    "/*",
    "text:",
    "text:\n",
    "if",
    ":",
    ",",
    "\0",
    "\uffff",
    "\ud800",
  ]) {
    parse(src);
    check(src);
  }
});

test("maxScriptSize counts UTF-8 bytes; 0 and Infinity", () => {
  assert.equal(codes("keep;", { maxScriptSize: 5 }), []);
  const d = parse("keep; ", { limits: { maxScriptSize: 5 } }).diagnostics;
  assert.equal(
    d.map((x) => `${x.code}: ${x.message}`),
    ["SIEVE_E_LIMIT: script is 6 bytes, more than the limit of 5"],
  );
  // "é" is 2 bytes in UTF-8.
  assert.equal(codes("# é", { maxScriptSize: 3 }), ["SIEVE_E_LIMIT"]);
  assert.equal(codes("# é", { maxScriptSize: 4 }), []);
  assert.equal(codes("", { maxScriptSize: 0 }), []);
  assert.equal(codes(" ", { maxScriptSize: 0 }), ["SIEVE_E_LIMIT"]);
  assert.equal(codes("keep;".repeat(300000), { maxScriptSize: Number.POSITIVE_INFINITY }), []);
  assert.equal(
    parse(new Uint8Array(6).fill(0x20), { limits: { maxScriptSize: 5 } }).diagnostics[0]?.code,
    "SIEVE_E_LIMIT",
  );
  // Over the limit: no tree.
  assert.equal(parse("keep;", { limits: { maxScriptSize: 1 } }).ast.commands, []);
});

test("maxBlockNesting: 0 forbids blocks, Infinity allows any depth", () => {
  assert.equal(codes("keep;", { maxBlockNesting: 0 }), []);
  assert.equal(codes("if true { }", { maxBlockNesting: 0 }), ["SIEVE_E_NESTING"]);
  const deep = `${"if true { ".repeat(200)}stop;${" }".repeat(200)}`;
  assert.equal(codes(deep, { maxBlockNesting: Number.POSITIVE_INFINITY }), []);
  assert.equal(codes("if true { if true { } }", { maxBlockNesting: 2 }), []);
  assert.equal(codes("if true { if true { if true { } } }", { maxBlockNesting: 2 }), ["SIEVE_E_NESTING"]);
});

test("maxTestNesting: 0 forbids tests, Infinity allows any depth", () => {
  assert.equal(codes("keep;", { maxTestNesting: 0 }), []);
  assert.equal(codes("if true { }", { maxTestNesting: 0 }), ["SIEVE_E_NESTING"]);
  assert.equal(codes("if not true { }", { maxTestNesting: 2 }), []);
  assert.equal(codes("if not not true { }", { maxTestNesting: 2 }), ["SIEVE_E_NESTING"]);
  const deep = `if ${"not ".repeat(200)}true { }`;
  assert.equal(codes(deep, { maxTestNesting: Number.POSITIVE_INFINITY }), []);
});

test("maxArguments: 0 and Infinity", () => {
  assert.equal(codes("keep;", { maxArguments: 0 }), []);
  assert.equal(codes("x 1;", { maxArguments: 0 }), ["SIEVE_E_LIMIT"]);
  assert.equal(codes(`x${" 1".repeat(500)};`, { maxArguments: Number.POSITIVE_INFINITY }), []);
});

test("maxIdentifierLength: 0 and Infinity", () => {
  assert.equal(codes("keep;", { maxIdentifierLength: 4 }), []);
  assert.equal(codes("keep :tags;", { maxIdentifierLength: 4 }), []);
  assert.equal(codes("keep :tag12;", { maxIdentifierLength: 4 }), ["SIEVE_E_IDENTIFIER_TOO_LONG"]);
  assert.equal(codes("stop;", { maxIdentifierLength: 0 }), ["SIEVE_E_IDENTIFIER_TOO_LONG"]);
  assert.equal(codes(`${"a".repeat(1000)};`, { maxIdentifierLength: Number.POSITIVE_INFINITY }), []);
});

test("maxStringLength counts decoded characters; 0 and Infinity", () => {
  assert.equal(codes('x "abc";', { maxStringLength: 3 }), []);
  // Escapes are decoded first: "a\\bc" is 3 characters.
  assert.equal(codes('x "a\\bc";', { maxStringLength: 3 }), []);
  const d = parse('x "abcd";', { limits: { maxStringLength: 3 } }).diagnostics;
  assert.equal(
    d.map((x) => `${x.column}-${x.endColumn} ${x.code}`),
    ["3-9 SIEVE_E_LIMIT"],
  );
  assert.equal(codes("x text:\nabcd\n.\n;", { maxStringLength: 3 }), ["SIEVE_E_LIMIT"]);
  assert.equal(codes('x "";', { maxStringLength: 0 }), []);
  assert.equal(codes('x "a";', { maxStringLength: 0 }), ["SIEVE_E_LIMIT"]);
  assert.equal(codes(`x "${"a".repeat(100000)}";`, { maxStringLength: Number.POSITIVE_INFINITY }), []);
});

test("maxStringListLength: 0 and Infinity", () => {
  assert.equal(codes('x ["a","b"];', { maxStringListLength: 2 }), []);
  assert.equal(codes('x ["a","b","c"];', { maxStringListLength: 2 }), ["SIEVE_E_LIMIT"]);
  assert.equal(codes('x "a";', { maxStringListLength: 0 }), []);
  assert.equal(codes('x ["a"];', { maxStringListLength: 0 }), ["SIEVE_E_LIMIT"]);
  const big = `x [${Array.from({ length: 5000 }, () => '"a"').join(",")}];`;
  assert.equal(codes(big, {}), ["SIEVE_E_LIMIT"]);
  assert.equal(codes(big, { maxStringListLength: Number.POSITIVE_INFINITY }), []);
});

const fiveErrors = "keep ] ;\nkeep ] ;\nkeep ] ;\nkeep ] ;\nkeep ] ;\n";

test("maxDiagnostics caps the list and says how many were dropped", () => {
  const all = parse(fiveErrors).diagnostics;
  assert.is(all.length, 5);
  const d = parse(fiveErrors, { limits: { maxDiagnostics: 2 } }).diagnostics;
  assert.equal(
    d.slice(0, 2).map((x) => x.line),
    [1, 2],
  );
  assert.ok(d.length <= 3, "at most the cap plus one summary");
  assert.match(d.at(-1)?.message ?? "", /3 more/);
  assert.is(d.at(-1)?.code, "SIEVE_E_LIMIT");
  assert.equal(parse(fiveErrors, { limits: { maxDiagnostics: 5 } }).diagnostics.length, 5);
  assert.equal(parse(fiveErrors, { limits: { maxDiagnostics: Number.POSITIVE_INFINITY } }).diagnostics.length, 5);
});

test("maxDiagnostics 0 still tells that the script is broken", () => {
  const p = parse(fiveErrors, { limits: { maxDiagnostics: 0 } });
  assert.ok(p.diagnostics.length > 0, "an invalid script must not come back with no diagnostics");
  const c = check(fiveErrors, { limits: { maxDiagnostics: 0 } });
  assert.is(c.valid, false);
  const v = check("frob; frob;", { maxDiagnostics: 0 });
  assert.is(v.valid, false);
});

test("check() honours the cap once, with one summary at the end", () => {
  const c = check(`${fiveErrors}frob; frob; frob;`, { limits: { maxDiagnostics: 2 }, maxDiagnostics: 2 });
  const summaries = c.diagnostics.filter((d) => /more diagnostics not shown/.test(d.message));
  assert.is(summaries.length, 1);
  assert.is(c.diagnostics.at(-1), summaries[0]);
  assert.ok(c.diagnostics.length <= 3);
});

test("string and bytes input give the same result", () => {
  const src = 'require "fileinto";\r\n# é\nif header :is "a" "ü" { fileinto "x"; }\n';
  const a = parse(src);
  const b = parse(new Uint8Array(Buffer.from(src, "utf8")));
  assert.equal(a.ast, b.ast);
  assert.equal(a.diagnostics, b.diagnostics);
  assert.is(a.text, b.text);
});

test("parse is re-entrant across calls: state does not leak", () => {
  const deep = `${"if true { ".repeat(40)}stop;${" }".repeat(40)}`;
  parse(deep);
  parse("if anyof(true");
  parse("keep ] ] ]");
  assert.equal(parse("if true { keep; }").diagnostics, []);
  assert.equal(parse(deep).diagnostics.length, 1);
});

test("diagnostic shape", () => {
  const d = parse("keep ]\n;").diagnostics[0];
  assert.equal(d, {
    severity: "error",
    code: "SIEVE_E_SYNTAX",
    message: "expected ';' after command 'keep' but found ']'",
    line: 1,
    column: 6,
    endLine: 1,
    endColumn: 7,
    offset: 5,
    endOffset: 6,
  });
});

test.run();
