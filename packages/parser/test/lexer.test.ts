/**
 * Lexer tests: every token kind, its AST node and range, and the lexical errors of RFC 5228 §8.1.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { NumberLiteral, StringLiteral, Tag } from "../src/ast.ts";
import { sieveLexer } from "../src/lexer.ts";
import { parse } from "../src/parse.ts";

const kinds = (src: string) => sieveLexer.tokenize(src).tokens.map((t) => t.tokenType.name);
const codes = (src: string | Uint8Array) => parse(src).diagnostics.map((d) => d.code);
const firstArg = (src: string) => parse(src).ast.commands[0]?.arguments[0];
const str = (src: string) => firstArg(src) as StringLiteral;
const num = (src: string) => firstArg(src) as NumberLiteral;
const at = (d: { line: number; column: number } | undefined) => (d === undefined ? "none" : `${d.line}:${d.column}`);

test("token kinds of RFC 5228 §8.1", () => {
  assert.equal(kinds('if header :is ["a", "b"] 10K { keep; } anyof(true)'), [
    "Identifier",
    "Identifier",
    "Tag",
    "LBracket",
    "QuotedString",
    "Comma",
    "QuotedString",
    "RBracket",
    "Number",
    "LCurly",
    "Identifier",
    "Semicolon",
    "RCurly",
    "Identifier",
    "LParen",
    "Identifier",
    "RParen",
  ]);
  assert.equal(kinds("x text:\nabc\n.\n;"), ["Identifier", "MultiLineString", "Semicolon"]);
  const lexed = sieveLexer.tokenize("# hash\n/* bracket\n */ keep;");
  assert.equal(
    lexed.groups.comments?.map((t) => t.tokenType.name),
    ["HashComment", "BracketComment"],
  );
  assert.equal(lexed.errors.length, 0);
});

test("identifiers, tags and numbers are case-insensitive tokens but keep their source case", () => {
  const r = parse('IF Header :IS "a" "b" { KeEp; }');
  assert.equal(r.diagnostics, []);
  const cmd = r.ast.commands[0];
  assert.is(cmd?.name, "IF");
  assert.is(cmd?.test?.name, "Header");
  assert.is((cmd?.test?.arguments[0] as Tag | undefined)?.name, "IS");
  assert.is(cmd?.block?.commands[0]?.name, "KeEp");
});

test("AST of every argument kind with exact ranges (end exclusive)", () => {
  const src = 'x :tag 12 "s" ["a","b"];';
  const r = parse(src);
  assert.equal(r.diagnostics, []);
  const cmd = r.ast.commands[0];
  assert.ok(cmd);
  assert.equal(cmd.nameRange, { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } });
  assert.equal(cmd.range.end, { line: 1, column: 25, offset: 24 });
  assert.equal(cmd.arguments[0], {
    type: "Tag",
    name: "tag",
    range: { start: { line: 1, column: 3, offset: 2 }, end: { line: 1, column: 7, offset: 6 } },
  });
  assert.equal(cmd.arguments[1], {
    type: "Number",
    value: 12,
    raw: "12",
    range: { start: { line: 1, column: 8, offset: 7 }, end: { line: 1, column: 10, offset: 9 } },
  });
  assert.equal(cmd.arguments[2], {
    type: "String",
    value: "s",
    multiline: false,
    range: { start: { line: 1, column: 11, offset: 10 }, end: { line: 1, column: 14, offset: 13 } },
  });
  const list = cmd.arguments[3];
  assert.is(list?.type, "StringList");
  assert.equal(list?.range, { start: { line: 1, column: 15, offset: 14 }, end: { line: 1, column: 24, offset: 23 } });
  if (list?.type === "StringList") {
    assert.equal(
      list.items.map((i) => [i.value, i.range.start.offset, i.range.end.offset]),
      [
        ["a", 15, 18],
        ["b", 19, 22],
      ],
    );
  }
  for (const [offset, node] of [
    [2, cmd.arguments[0]],
    [7, cmd.arguments[1]],
    [10, cmd.arguments[2]],
  ] as const) {
    assert.is(src.slice(offset, node?.range.end.offset), src.slice(node?.range.start.offset, node?.range.end.offset));
  }
});

test("comments: both kinds with text and range, in source order", () => {
  const r = parse("keep; # one\n/* two\nlines */ stop;");
  assert.equal(r.diagnostics, []);
  assert.equal(r.ast.comments, [
    {
      type: "Comment",
      kind: "hash",
      text: "# one",
      range: { start: { line: 1, column: 7, offset: 6 }, end: { line: 1, column: 12, offset: 11 } },
    },
    {
      type: "Comment",
      kind: "bracket",
      text: "/* two\nlines */",
      range: { start: { line: 2, column: 1, offset: 12 }, end: { line: 3, column: 9, offset: 27 } },
    },
  ]);
  // Bracket comments do not nest (RFC 5228 §2.3): the first */ ends it.
  assert.equal(codes("/* a /* b */ keep;"), []);
  assert.equal(codes("/* a /* b */ */ keep;").length > 0, true);
  // A hash comment right at the end of the file, without a line break.
  assert.equal(codes("keep; # end"), []);
});

test("numbers: K/M/G quantifiers, either case", () => {
  assert.is(num("x 0;").value, 0);
  assert.is(num("x 007;").value, 7);
  assert.is(num("x 1K;").value, 1024);
  assert.is(num("x 1k;").value, 1024);
  assert.is(num("x 2M;").value, 2 * 1024 * 1024);
  assert.is(num("x 2m;").value, 2 * 1024 * 1024);
  assert.is(num("x 3G;").value, 3 * 1024 ** 3);
  assert.is(num("x 3g;").value, 3 * 1024 ** 3);
  assert.is(num("x 800G;").raw, "800G");
  assert.equal(codes("x 800G;"), []);
});

test("numbers: the 2^64-1 overflow boundary (compile/errors/lexer.sieve)", () => {
  for (const ok of [
    "18446744073709551615",
    "18446744073709551614",
    "17179869183G",
    "17592186044415M",
    "18014398509481983K",
  ]) {
    assert.equal(codes(`x ${ok};`), [], ok);
  }
  for (const bad of [
    "18446744073709551616",
    "18446744073709551617",
    "180143985094819840k",
    "1006622342342296M",
    "34359738368G",
    "17179869184G",
    "49834598293485814273947921734981723971293741923",
  ]) {
    const d = parse(`x ${bad};`).diagnostics;
    assert.is(d.length, 1, bad);
    assert.is(d[0]?.code, "SIEVE_E_NUMBER_OVERFLOW");
    assert.ok(d[0]?.message.includes(bad));
    assert.is(d[0]?.column, 3);
    assert.is(d[0]?.endColumn, 3 + bad.length);
  }
});

test("numbers: a digit run followed by letters is two tokens", () => {
  assert.equal(kinds("x 1Kb;"), ["Identifier", "Number", "Identifier", "Semicolon"]);
});

test("quoted strings: escapes (RFC 5228 §2.4.2)", () => {
  assert.is(str('x "plain";').value, "plain");
  assert.is(str('x "a\\\\b";').value, "a\\b");
  assert.is(str('x "a\\"b";').value, 'a"b');
  assert.is(str('x "\\a";').value, "a");
  assert.is(str('x "\\q\\z";').value, "qz");
  assert.is(str('x "";').value, "");
  assert.is(str('x "\\\\";').value, "\\");
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Sieve variable reference, kept verbatim
  assert.is(str('x "${var}";').value, "${var}");
  assert.is(str('x "a";').multiline, false);
});

test("quoted strings may span lines; the range ends on the right line", () => {
  const s = str('x "a\nb\r\nc";');
  assert.is(s.value, "a\nb\r\nc");
  assert.equal(s.range.start, { line: 1, column: 3, offset: 2 });
  assert.equal(s.range.end, { line: 3, column: 3, offset: 10 });
  const r = parse('x "a\nb";\nkeep;');
  assert.equal(r.ast.commands[1]?.range.start, { line: 3, column: 1, offset: 9 });
});

test("text: strings: head comment, dot-stuffing, final dot", () => {
  const s = str("x text: # a comment\r\nline 1\r\n..dot\r\n.single\r\n\r\n..\r\n.\r\n;");
  assert.is(s.value, "line 1\r\n.dot\r\n.single\r\n\r\n.\r\n");
  assert.is(s.multiline, true);
  assert.is(str("x text:\n.\n;").value, "");
  assert.is(str("x TEXT:   \t\nabc\n.\n;").value, "abc\n");
  // Only a leading ".." is unstuffed.
  assert.is(str("x text:\na..b\n...\n.\n;").value, "a..b\n..\n");
  // A "." followed by anything is not the terminator.
  assert.is(str("x text:\n. \n.x\n.\n;").value, ". \n.x\n");
});

test("text: range covers the terminator line", () => {
  const r = parse("x text:\nab\n.\n;");
  assert.equal(r.diagnostics, []);
  const s = r.ast.commands[0]?.arguments[0] as StringLiteral;
  assert.equal(s.range.start, { line: 1, column: 3, offset: 2 });
  assert.ok(s.range.end.offset === 13 || s.range.end.offset === 12, String(s.range.end.offset));
  assert.equal(r.ast.commands[0]?.range.end, { line: 4, column: 2, offset: 14 });
});

test("text: terminated by a '.' at the end of the file", () => {
  const r = parse("x text:\nabc\n.");
  assert.is((r.ast.commands[0]?.arguments[0] as StringLiteral | undefined)?.value, "abc\n");
  assert.equal(
    r.diagnostics.map((d) => d.code),
    ["SIEVE_E_SYNTAX"],
  );
  assert.ok(r.diagnostics[0]?.message.includes("expected ';'"));
});

test("text: with junk after the colon", () => {
  const d = parse('x text: a\n"b"\n.\n;').diagnostics;
  assert.is(d[0]?.code, "SIEVE_E_SYNTAX");
  assert.ok(d[0]?.message.includes("'text:'"));
  assert.equal(at(d[0]), "1:3");
});

test("text: unterminated reports where it started", () => {
  const d = parse("keep;\nredirect text:\nabc\n").diagnostics;
  assert.is(d[0]?.code, "SIEVE_E_UNTERMINATED_MULTILINE");
  assert.match(d[0]?.message ?? "", /started at 2:10/);
  assert.equal(at(d[0]), "2:10");
});

test("text: unterminated is one problem, one diagnostic", () => {
  assert.equal(codes("keep;\nredirect text:\nabc\n"), ["SIEVE_E_UNTERMINATED_MULTILINE"]);
});

test("unterminated quoted string reports where it started", () => {
  const d = parse('keep;\nredirect "abc;\nstop;').diagnostics;
  assert.is(d[0]?.code, "SIEVE_E_UNTERMINATED_STRING");
  assert.match(d[0]?.message ?? "", /started at 2:10/);
  assert.equal(at(d[0]), "2:10");
});

test("unterminated quoted string is one problem, one diagnostic", () => {
  assert.equal(codes('keep;\nredirect "abc;\nstop;'), ["SIEVE_E_UNTERMINATED_STRING"]);
});

test("unterminated bracket comment reports where it started", () => {
  const d = parse("keep;\n  /* abc\nstop;").diagnostics;
  assert.equal(
    d.map((x) => x.code),
    ["SIEVE_E_UNTERMINATED_COMMENT"],
  );
  assert.match(d[0]?.message ?? "", /started at 2:3/);
  assert.equal(at(d[0]), "2:3");
});

test("identifier and tag length limit 32", () => {
  const id32 = `a${"b".repeat(31)}`;
  const id33 = `a${"b".repeat(32)}`;
  assert.equal(codes(`${id32};`), []);
  assert.equal(codes(`keep :${id32};`), []);
  const d = parse(`${id33};`).diagnostics;
  assert.equal(
    d.map((x) => x.code),
    ["SIEVE_E_IDENTIFIER_TOO_LONG"],
  );
  assert.equal([d[0]?.column, d[0]?.endColumn], [1, 34]);
  const t = parse(`keep :${id33};`).diagnostics;
  assert.equal(
    t.map((x) => x.code),
    ["SIEVE_E_IDENTIFIER_TOO_LONG"],
  );
  assert.match(t[0]?.message ?? "", /^tag/);
  assert.equal(codes(`if ${id33} { stop; }`), ["SIEVE_E_IDENTIFIER_TOO_LONG"]);
});

test("compile/errors/lexer.sieve: 8 errors, in order", () => {
  const src = `# 1
if size :under 18446744073709551617 { stop; }
if size :under 18446744073709551616 { stop; }
if size :over 180143985094819840k { stop; }
if size :over 1006622342342296M { stop; }
if size :over 34359738368G { stop; }
if size :over 49834598293485814273947921734981723971293741923 { stop; }
if size :under 18446744073709551615 { stop; }
if size :under 18446744073709551614 { stop; }
if size :under 800G { stop; }
if this_is_a_rediculously_long_test_name { stop; }
if test :this_is_an_even_more_rediculously_long_tagged_argument_name { stop; }
`;
  const d = parse(src).diagnostics;
  assert.equal(
    d.map((x) => `${x.line}:${x.code}`),
    [
      "2:SIEVE_E_NUMBER_OVERFLOW",
      "3:SIEVE_E_NUMBER_OVERFLOW",
      "4:SIEVE_E_NUMBER_OVERFLOW",
      "5:SIEVE_E_NUMBER_OVERFLOW",
      "6:SIEVE_E_NUMBER_OVERFLOW",
      "7:SIEVE_E_NUMBER_OVERFLOW",
      "11:SIEVE_E_IDENTIFIER_TOO_LONG",
      "12:SIEVE_E_IDENTIFIER_TOO_LONG",
    ],
  );
});

test("CRLF and LF give the same lines and columns", () => {
  const lf = parse('keep;\nredirect "a";\n  stop;');
  const crlf = parse('keep;\r\nredirect "a";\r\n  stop;');
  const lines = (r: typeof lf) => r.ast.commands.map((c) => [c.range.start.line, c.range.start.column]);
  assert.equal(lines(lf), lines(crlf));
  assert.equal(lines(crlf), [
    [1, 1],
    [2, 1],
    [3, 3],
  ]);
  assert.is(crlf.ast.commands[2]?.range.start.offset, 24);
  assert.is(lf.ast.commands[2]?.range.start.offset, 22);
  // The CR belongs to the line before it.
  const s = parse('x "a\r\nb";').ast.commands[0]?.arguments[0];
  assert.equal(s?.range.end, { line: 2, column: 3, offset: 8 });
});

test("unexpected characters are SIEVE_E_CHAR at their position", () => {
  const d = parse("keep;\n  @ stop;").diagnostics;
  assert.equal(
    d.map((x) => x.code),
    ["SIEVE_E_CHAR"],
  );
  assert.equal(at(d[0]), "2:3");
  assert.match(d[0]?.message ?? "", /'@'/);
  const ctl = parse("keep;\u0001").diagnostics;
  assert.match(ctl[0]?.message ?? "", /U\+0001/);
});

test("NUL is one diagnostic at its position", () => {
  const d = parse("keep;\n\0").diagnostics;
  assert.equal(
    d.map((x) => `${at(x)} ${x.code}`),
    ["2:1 SIEVE_E_CHAR"],
  );
  const s = parse('redirect "a\0b";').diagnostics;
  assert.equal(
    s.map((x) => `${at(x)} ${x.code}`),
    ["1:12 SIEVE_E_CHAR"],
  );
  assert.match(s[0]?.message ?? "", /NUL/);
});

test("BOM is dropped; positions are those of the text without it", () => {
  const r = parse(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("keep;\nstop;")]));
  assert.equal(r.diagnostics, []);
  assert.is(r.text, "keep;\nstop;");
  assert.equal(r.ast.commands[0]?.range.start, { line: 1, column: 1, offset: 0 });
  const s = parse("\ufeffkeep;");
  assert.equal(s.diagnostics, []);
  assert.is(s.text, "keep;");
});

test("invalid UTF-8 is reported at its byte and line:column", () => {
  const bytes = new Uint8Array([...Buffer.from("# é\nkeep; # "), 0xff, 0x0a]);
  const d = parse(bytes).diagnostics;
  assert.equal(
    d.map((x) => x.code),
    ["SIEVE_E_UTF8"],
  );
  assert.match(d[0]?.message ?? "", /byte 13/);
  assert.equal(at(d[0]), "2:9");
  // Overlong, surrogate, truncated sequences.
  for (const bad of [
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xe2, 0x82],
  ]) {
    const r = parse(new Uint8Array([0x23, ...bad]));
    assert.equal(
      r.diagnostics.map((x) => `${x.code} ${at(x)}`),
      ["SIEVE_E_UTF8 1:2"],
      bad.join(","),
    );
  }
  assert.equal(codes(new Uint8Array(Buffer.from("# ok €𝄞\nkeep;"))), []);
});

test("invalid UTF-8 after a BOM is reported at the right column", () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("keep;\n# "), 0xc3, 0x28, 0x0a]);
  const d = parse(bytes).diagnostics;
  assert.match(d[0]?.message ?? "", /byte 11/);
  // "keep;\n# " then the bad byte: line 2, column 3 (offset 8 in the BOM-less text).
  assert.equal(at(d[0]), "2:3");
  assert.is(d[0]?.offset, 8);
});

test.run();
