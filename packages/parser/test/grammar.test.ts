/**
 * Grammar tests: the AST of RFC 5228 §8.2 and every syntax error message, with recovery.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "../src/parse.ts";

const diags = (src: string) => parse(src).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`);
const syntax = (src: string) => parse(src).diagnostics.filter((d) => d.code === "SIEVE_E_SYNTAX");

test("commands, blocks, tests and test lists build the tree", () => {
  const r = parse('if anyof(not exists "a", header :is "b" "c") { keep; } else { discard; stop; }');
  assert.equal(r.diagnostics, []);
  const [ifc, elsec] = r.ast.commands;
  assert.is(ifc?.name, "if");
  assert.is(ifc?.test?.name, "anyof");
  assert.is(ifc?.test?.test, null);
  assert.equal(
    ifc?.test?.tests?.map((t) => t.name),
    ["not", "header"],
  );
  assert.is(ifc?.test?.tests?.[0]?.test?.name, "exists");
  assert.is(ifc?.test?.tests?.[0]?.tests, null);
  assert.is(ifc?.block?.commands[0]?.name, "keep");
  assert.is(ifc?.block?.commands[0]?.block, null);
  assert.equal(
    elsec?.block?.commands.map((c) => c.name),
    ["discard", "stop"],
  );
  assert.equal(ifc?.block?.range.start, { line: 1, column: 46, offset: 45 });
  assert.equal(ifc?.range.end, ifc?.block?.range.end);
  // A test list's range includes its ')'.
  assert.is(ifc?.test?.range.end.offset, 44);
  assert.equal(r.ast.range, { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 79, offset: 78 } });
});

test("a command with a test list and arguments", () => {
  const r = parse('x :a "b" (true, false);');
  assert.equal(r.diagnostics, []);
  const c = r.ast.commands[0];
  assert.is(c?.arguments.length, 2);
  assert.equal(
    c?.tests?.map((t) => t.name),
    ["true", "false"],
  );
  assert.is(c?.range.end.offset, 23);
  assert.ok(!Object.hasOwn(c?.tests ?? {}, "end"), "the list carries no helper property");
});

test("empty script and comment-only script", () => {
  assert.equal(parse("").ast.commands, []);
  assert.equal(parse("").diagnostics, []);
  assert.equal(parse("# only\n/* c */\n").diagnostics, []);
  assert.equal(parse("if true {}").diagnostics, []);
});

test("AST is JSON-serialisable and round-trips", () => {
  const src =
    'require ["fileinto"];\r\n# c\nif anyof(not size :over 1K, header :comparator "i;octet" ["a","b"] text:\nx\n..y\n.\n) { fileinto "\\"q\\""; } elsif true { stop; }\n';
  const { ast } = parse(src);
  assert.equal(JSON.parse(JSON.stringify(ast)), ast);
  const broken = parse('if anyof(true, { keep "x" ] ; } } text:\n').ast;
  assert.equal(JSON.parse(JSON.stringify(broken)), broken);
});

test("missing ';' after a command", () => {
  const d = syntax('redirect "a"\n}');
  assert.is(d.length, 1);
  assert.is(d[0]?.message, "expected ';' after command 'redirect' but found '}'");
  assert.equal([d[0]?.line, d[0]?.column], [2, 1]);
  const eof = syntax("keep");
  assert.is(eof[0]?.message, "expected ';' after command 'keep' but found the end of the script");
  assert.equal([eof[0]?.line, eof[0]?.column, eof[0]?.offset, eof[0]?.endOffset], [1, 5, 4, 4]);
  const blockCmd = syntax("if true");
  assert.is(blockCmd[0]?.message, "expected '{' after command 'if' but found the end of the script");
});

test("`keep stop;` is grammatical (a command with a test): no syntax error, validation reports it", () => {
  assert.equal(parse("keep\nstop;").diagnostics, []);
});

test("missing '}'", () => {
  assert.equal(diags("if true {\n  keep;\n"), [
    "1:9 SIEVE_E_SYNTAX: unclosed '{' opened at 1:9: expected '}' before the end of the script",
  ]);
  const r = parse("if true {\n  keep;\n");
  assert.is(r.ast.commands[0]?.block?.commands[0]?.name, "keep");
  assert.is(r.ast.commands[0]?.block?.range.end.offset, r.text.length);
});

test("unclosed '[' and '('", () => {
  assert.equal(diags('x ["a", "b" ;'), ["1:13 SIEVE_E_SYNTAX: unclosed '[' opened at 1:3: expected ']' but found ';'"]);
  assert.equal(diags('x ["a"'), [
    "1:7 SIEVE_E_SYNTAX: unclosed '[' opened at 1:3: expected ']' but found the end of the script",
  ]);
  // At the end of the script the unclosed list is the one problem: no second "expected ';'".
  assert.equal(diags("if anyof(true"), [
    "1:14 SIEVE_E_SYNTAX: unclosed '(' opened at 1:9: expected ')' but found the end of the script",
  ]);
  assert.equal(diags("if anyof(true, false { keep; }"), [
    "1:22 SIEVE_E_SYNTAX: unclosed '(' opened at 1:9: expected ')' but found '{'",
  ]);
});

test("empty lists", () => {
  assert.equal(diags("x [];"), ["1:3 SIEVE_E_SYNTAX: empty string list: a list needs at least one string"]);
  assert.equal(diags("if anyof() { keep; }"), ["1:9 SIEVE_E_SYNTAX: empty test list: a list needs at least one test"]);
});

test("missing and extra commas", () => {
  assert.equal(diags('x ["a" "b"];'), ["1:8 SIEVE_E_SYNTAX: expected ',' between the strings of a string list"]);
  assert.equal(diags('x [, "a"];'), ["1:4 SIEVE_E_SYNTAX: expected a string before ',' in string list"]);
  assert.equal(diags('x ["a", ];'), ["1:9 SIEVE_E_SYNTAX: expected a string after ',' in string list"]);
  assert.equal(diags('x ["a",, "b"];'), ["1:8 SIEVE_E_SYNTAX: expected a string before ',' in string list"]);
  assert.equal(diags("x (true, , false);"), ["1:10 SIEVE_E_SYNTAX: expected a test before ',' in test list"]);
  assert.equal(diags("x (true,);"), ["1:9 SIEVE_E_SYNTAX: expected a test after ',' in test list"]);
  assert.equal(diags('x ("a");'), ["1:4 SIEVE_E_SYNTAX: expected a test but found a string in test list"]);
});

test("a string list with several problems is reported once", () => {
  assert.is(syntax('x [, "a" "b", ];').length, 1);
});

test("stray tokens are reported once per run", () => {
  assert.equal(diags("keep; ] ] ) 1 ; keep;"), ["1:7 SIEVE_E_SYNTAX: unexpected ']' where a command was expected"]);
  assert.equal(diags("keep; ] keep; ]"), [
    "1:7 SIEVE_E_SYNTAX: unexpected ']' where a command was expected",
    "1:15 SIEVE_E_SYNTAX: unexpected ']' where a command was expected",
  ]);
  assert.equal(diags("if true { ; }"), ["1:11 SIEVE_E_SYNTAX: unexpected ';' where a command or '}' was expected"]);
  assert.equal(diags("}"), ["1:1 SIEVE_E_SYNTAX: unexpected '}' where a command was expected"]);
  assert.equal(diags('"x";'), ["1:1 SIEVE_E_SYNTAX: unexpected a string where a command was expected"]);
});

test("a token after a missing ';' is not reported a second time", () => {
  assert.equal(diags("stop ] ;"), ["1:6 SIEVE_E_SYNTAX: expected ';' after command 'stop' but found ']'"]);
});

test("error recovery: five separate errors, five diagnostics, in order", () => {
  const src = [
    "stop ]", // 1: missing ';'
    'redirect ["a" "b"];', // 2: missing ','
    "if anyof() { keep; }", // 3: empty test list
    "keep; ) keep;", // 4: stray token
    'x ["a", ];', // 5: trailing comma
    "if true { discard; }",
  ].join("\n");
  const d = parse(src).diagnostics;
  assert.equal(
    d.map((x) => `${x.line}:${x.code}`),
    ["1:SIEVE_E_SYNTAX", "2:SIEVE_E_SYNTAX", "3:SIEVE_E_SYNTAX", "4:SIEVE_E_SYNTAX", "5:SIEVE_E_SYNTAX"],
  );
  // The command after the errors is still in the tree.
  assert.is(parse(src).ast.commands.at(-1)?.block?.commands[0]?.name, "discard");
});

test("block nesting: 31 levels are fine, too deep is one error (Pigeonhole: 32 blocks fail)", () => {
  const blocks = (n: number) => `${"if true { ".repeat(n)}stop;${" }".repeat(n)}`;
  assert.equal(parse(blocks(31)).diagnostics, []);
  for (const n of [33, 40, 100]) {
    const d = parse(blocks(n)).diagnostics;
    assert.equal(
      d.map((x) => x.code),
      ["SIEVE_E_NESTING"],
      String(n),
    );
  }
  // sievec rejects 32 nested blocks ("cannot nest command blocks deeper than 32 levels").
  assert.equal(
    parse(blocks(32)).diagnostics.map((x) => x.code),
    ["SIEVE_E_NESTING"],
  );
});

test("test nesting: too deep is one error (Pigeonhole: 32 nested tests fail)", () => {
  const nots = (n: number) => `if ${"not ".repeat(n - 1)}true { stop; }`;
  const anyofs = (n: number) => `if ${"anyof(".repeat(n - 1)}true${")".repeat(n - 1)} { stop; }`;
  assert.equal(parse(nots(31)).diagnostics, []);
  assert.equal(parse(anyofs(31)).diagnostics, []);
  for (const n of [33, 41, 200]) {
    assert.equal(
      parse(nots(n)).diagnostics.map((x) => x.code),
      ["SIEVE_E_NESTING"],
    );
    assert.equal(
      parse(anyofs(n)).diagnostics.map((x) => x.code),
      ["SIEVE_E_NESTING"],
    );
  }
  // sievec rejects 32 nested tests.
  assert.equal(
    parse(nots(32)).diagnostics.map((x) => x.code),
    ["SIEVE_E_NESTING"],
  );
  assert.equal(
    parse(anyofs(32)).diagnostics.map((x) => x.code),
    ["SIEVE_E_NESTING"],
  );
});

test("nesting errors are reported again in a later, separate deep region", () => {
  const blocks = (n: number) => `${"if true { ".repeat(n)}stop;${" }".repeat(n)}`;
  const d = parse(`${blocks(40)}\n${blocks(40)}`).diagnostics;
  assert.equal(
    d.map((x) => `${x.line}:${x.code}`),
    ["1:SIEVE_E_NESTING", "2:SIEVE_E_NESTING"],
  );
});

test("compile/errors/parser.sieve: one error per problem", () => {
  const args =
    'frop :this "is" "a" 2 :long "argument" "list" :and :it :should "fail" :during "parsing" :but "it" "should" "be" "recoverable" "." :this "is" "a" 2 :long "argument" "list" :and :it :should "fail" :during "parsing" :but "it" "should" "be" "recoverable" { stop; }';
  const blocks = `${"if true { ".repeat(40)}stop;${" }".repeat(40)}`;
  const deepTests = `${"if true { ".repeat(30)}if ${"anyof(".repeat(40)}true${")".repeat(40)} { stop; }${" }".repeat(30)}`;
  const deepNots = `${"if true { ".repeat(30)}if ${"not ".repeat(40)}false { stop; }${" }".repeat(30)}`;
  const src = [args, "friep $$$;", blocks, deepTests, deepNots, "frop $$$$;"].join("\n");
  const d = parse(src).diagnostics;
  assert.equal(
    d.map((x) => `${x.line}:${x.code}`),
    [
      "1:SIEVE_E_LIMIT",
      "2:SIEVE_E_CHAR",
      "3:SIEVE_E_NESTING",
      "4:SIEVE_E_NESTING",
      "5:SIEVE_E_NESTING",
      "6:SIEVE_E_CHAR",
    ],
  );
});

test("maxArguments: one error at the first argument over the limit", () => {
  const d = parse("x 1 2 3 4 5;", { limits: { maxArguments: 2 } }).diagnostics;
  assert.equal(
    d.map((x) => `${x.column} ${x.code}: ${x.message}`),
    ["7 SIEVE_E_LIMIT: 'x' has more than 2 arguments"],
  );
  assert.equal(parse("x 1 2;", { limits: { maxArguments: 2 } }).diagnostics, []);
  assert.equal(parse(`x${" 1".repeat(32)};`).diagnostics, []);
  assert.is(parse(`x${" 1".repeat(33)};`).diagnostics.length, 1);
  // Tags count as arguments, for tests too.
  assert.is(parse("if t :a :b :c { }", { limits: { maxArguments: 2 } }).diagnostics[0]?.code, "SIEVE_E_LIMIT");
});

test("describeToken-based messages name the token found", () => {
  assert.equal(diags("keep 12 ]"), ["1:9 SIEVE_E_SYNTAX: expected ';' after command 'keep' but found ']'"]);
  assert.match(syntax("stop :tag ]")[0]?.message ?? "", /found '\]'/);
  assert.match(syntax("if true ]")[0]?.message ?? "", /expected '\{' after command 'if' but found '\]'/);
});

test.run();
