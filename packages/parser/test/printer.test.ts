import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type {
  Argument,
  Command,
  NumberLiteral,
  Range,
  Script,
  StringList,
  StringLiteral,
  Tag,
  Test,
} from "../src/ast.ts";
import { parse } from "../src/parse.ts";
import { type PrintOptions, print } from "../src/printer.ts";

/** A deep copy of `node` without `range` and `nameRange`; `raw` of numbers is kept. */
function stripRanges(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripRanges);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "range" || k === "nameRange") continue;
    out[k] = stripRanges(v);
  }
  return out;
}

/** Parses `text`, failing on any diagnostic. */
function parseClean(text: string, what: string): Script {
  const r = parse(text);
  assert.equal(r.diagnostics, [], `${what}: unexpected diagnostics`);
  return r.ast;
}

// ---------------------------------------------------------------------------------------------
// Golden files: fixtures/printer/NAME.sieve prints as fixtures/printer/NAME.expected.sieve.

const FIXTURES = fileURLToPath(new URL("./fixtures/printer/", import.meta.url));
const FIXTURE_OPTIONS: Record<string, PrintOptions> = {
  "crlf-output-tab": { lineEnding: "\r\n", indent: "\t" },
};
const fixtureNames = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".sieve") && !f.endsWith(".expected.sieve"))
  .map((f) => f.slice(0, -".sieve".length))
  .sort();

test("there are at least 10 golden cases", () => {
  assert.ok(fixtureNames.length >= 10, `only ${fixtureNames.length} cases`);
});

for (const name of fixtureNames) {
  test(`golden: ${name}`, () => {
    const input = readFileSync(join(FIXTURES, `${name}.sieve`), "utf8");
    const expected = readFileSync(join(FIXTURES, `${name}.expected.sieve`), "utf8");
    const options = FIXTURE_OPTIONS[name];
    const ast = parseClean(input, name);
    const out = print(ast, options);
    assert.fixture(out, expected);
    // The expected output is itself canonical, keeps the comments and means the same.
    const again = parseClean(out, `${name} (printed)`);
    assert.is(print(again, options), out);
    assert.equal(stripRanges(again.comments), stripRanges(ast.comments));
    assert.equal(stripRanges(again.commands), stripRanges(ast.commands));
  });
}

// ---------------------------------------------------------------------------------------------
// Details that the golden files cannot show.

test("an empty script prints as the empty string; comments alone end with a line break", () => {
  assert.is(print(parseClean("", "empty")), "");
  assert.is(print(parseClean("  \n\n", "blank")), "");
  assert.is(print(parseClean("# only\n\n\n/* two */", "comments")), "# only\n\n/* two */\n");
});

test("indent accepts a number of spaces", () => {
  const ast = parseClean("if true { keep; }", "indent");
  assert.is(print(ast, { indent: 4 }), "if true {\n    keep;\n}\n");
  assert.is(print(ast, { indent: "\t", lineEnding: "\r\n" }), "if true {\r\n\tkeep;\r\n}\r\n");
});

test("bad options throw a TypeError", () => {
  const ast = parseClean("keep;", "opts");
  assert.throws(() => print(ast, { indent: "x" }), TypeError);
  assert.throws(() => print(ast, { indent: -1 }), TypeError);
  assert.throws(() => print(ast, { lineEnding: "\r" as "\n" }), TypeError);
});

test("a text: string whose value does not end with a line break prints quoted", () => {
  const ast = parseClean('set "a" text:\nx\n.\n;', "text");
  const str = ast.commands[0]!.arguments[1] as StringLiteral;
  assert.is(str.multiline, true);
  str.value = 'no "newline" at the end';
  assert.is(print(ast), 'set "a" "no \\"newline\\" at the end";\n');
  str.value = "";
  assert.is(print(ast), 'set "a" text:\n.\n;\n');
});

test("text: bodies are dot-stuffed and follow lineEnding for the text: and . lines", () => {
  const ast = parseClean("x text:\n..a\n...b\nc.\n.\n;", "stuffing");
  assert.is((ast.commands[0]!.arguments[0] as StringLiteral).value, ".a\n..b\nc.\n");
  assert.is(print(ast), "x text:\n..a\n...b\nc.\n.\n;\n");
  assert.is(print(ast, { lineEnding: "\r\n" }), "x text:\r\n..a\n...b\nc.\n.\r\n;\r\n");
});

test("a comment between } and elsif/else breaks the cuddling, and comes back the same", () => {
  const src = "if a { b; }\n/* x */\nelse { c; }\n";
  const out = print(parseClean(src, "else"));
  assert.is(out, "if a {\n  b;\n}\n/* x */\nelse {\n  c;\n}\n");
  assert.is(print(parseClean(out, "else again")), out);
});

test("a test list stays on one line up to 100 characters", () => {
  const fill = (n: number) => "x".repeat(n);
  // "if anyof (a, b "...") {" : the check counts the line up to the ")".
  const at = (n: number) => print(parseClean(`if anyof (a, b "${fill(n)}") { keep; }`, "width")).split("\n")[0]!;
  const limit = 100 - 'if anyof (a, b "")'.length;
  assert.is(at(limit), `if anyof (a, b "${fill(limit)}") {`);
  assert.is(at(limit + 1), "if anyof (");
});

// ---------------------------------------------------------------------------------------------
// Real-world scripts: Pigeonhole's examples and test suite.

const CONFORMANCE = fileURLToPath(new URL("../../../../shared/conformance/pigeonhole", import.meta.url));

function conformanceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string, pick: (f: string) => boolean) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, pick);
      else if (pick(name)) out.push(p);
    }
  };
  const examples = join(CONFORMANCE, "examples");
  const tests = join(CONFORMANCE, "tests");
  if (existsSync(examples)) {
    for (const name of readdirSync(examples).sort()) if (name.endsWith(".sieve")) out.push(join(examples, name));
  }
  if (existsSync(tests)) walk(tests, (f) => f.endsWith(".svtest"));
  return out;
}

const realFiles = existsSync(CONFORMANCE) ? conformanceFiles() : [];
if (realFiles.length === 0) {
  if (process.env.CI) {
    test("conformance scripts are present", () => {
      assert.unreachable(`no Pigeonhole scripts found under ${CONFORMANCE}`);
    });
  } else {
    console.warn(`printer.test.ts: ${CONFORMANCE} not found; skipping the real-world scripts`);
  }
}

test("real-world scripts: idempotent, every comment kept, same tree", () => {
  let comments = 0;
  const failures: string[] = [];
  for (const file of realFiles) {
    const source = parse(readFileSync(file));
    if (source.diagnostics.some((d) => d.severity === "error")) continue;
    const once = print(source.ast);
    const reparsed = parse(once);
    const twice = print(reparsed.ast);
    const texts = (s: Script) => s.comments.map((c) => c.text);
    if (reparsed.diagnostics.length > 0) failures.push(`${file}: printed text has diagnostics`);
    else if (twice !== once) failures.push(`${file}: not idempotent`);
    else if (JSON.stringify(texts(reparsed.ast)) !== JSON.stringify(texts(source.ast)))
      failures.push(`${file}: comments differ`);
    else if (JSON.stringify(stripRanges(reparsed.ast)) !== JSON.stringify(stripRanges(source.ast)))
      failures.push(`${file}: tree differs`);
    for (const c of source.ast.comments) {
      // Every comment appears in the output as many times as in the input (counted as substrings
      // of the printed text, not only through the re-parsed comment list).
      if (!once.includes(c.text)) failures.push(`${file}: comment lost: ${c.text}`);
    }
    comments += source.ast.comments.length;
  }
  assert.equal(failures, []);
  if (realFiles.length > 0) assert.ok(comments > 100, `only ${comments} comments seen`);
});

// ---------------------------------------------------------------------------------------------
// Property: any tree (without comments) prints to text that parses back to the same tree.

const R: Range = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

const identifier = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/),
  fc.constantFrom("if", "elsif", "else", "ELSE", "anyof", "not", "text", "TEXT"),
);
const tricky = fc.constantFrom(
  '"',
  "\\",
  '\\"',
  "\n",
  "\r\n",
  "\r",
  ".",
  "..",
  " ",
  "\t",
  "#",
  "/*",
  "*/",
  "text:",
  "{",
  "}",
  ";",
  ",",
  "\u0024{x}",
  "é",
  "😀",
  "\u2028",
);
const chunk = fc.oneof(tricky, fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), fc.string({ maxLength: 3 }));
const anyText = fc.string({ unit: chunk, maxLength: 12 }).filter((s) => !s.includes("\0"));
/** A `text:` body: lines that each end with a line break (or no line at all). */
const lineText = fc.string({ unit: chunk, maxLength: 6 }).filter((s) => !/[\0\n]/.test(s));
const textBody = fc.array(lineText, { maxLength: 4 }).map((lines) => lines.map((l) => `${l}\n`).join(""));

const stringLit: fc.Arbitrary<StringLiteral> = fc.oneof(
  anyText.map((value): StringLiteral => ({ type: "String", value, multiline: false, range: R })),
  textBody.map((value): StringLiteral => ({ type: "String", value, multiline: true, range: R })),
);
const QUANT: Record<string, number> = {
  "": 1,
  K: 1024,
  k: 1024,
  M: 1024 ** 2,
  m: 1024 ** 2,
  G: 1024 ** 3,
  g: 1024 ** 3,
};
const argument: fc.Arbitrary<Argument> = fc.oneof(
  stringLit,
  fc
    .array(stringLit, { minLength: 1, maxLength: 3 })
    .map((items): StringList => ({ type: "StringList", items, range: R })),
  fc.tuple(fc.nat(99999), fc.constantFrom(...Object.keys(QUANT)), fc.boolean()).map(
    ([n, q, zero]): NumberLiteral => ({
      type: "Number",
      value: n * QUANT[q]!,
      raw: `${zero ? "0" : ""}${n}${q}`,
      range: R,
    }),
  ),
  identifier.map((name): Tag => ({ type: "Tag", name, range: R })),
);
const args = fc.array(argument, { maxLength: 3 });

const testArbs = new Map<number, fc.Arbitrary<Test>>();
function testArb(depth: number): fc.Arbitrary<Test> {
  let arb = testArbs.get(depth);
  if (arb !== undefined) return arb;
  const make = (name: string, a: Argument[], t: Test | null, ts: Test[] | null): Test => ({
    type: "Test",
    name,
    nameRange: R,
    arguments: a,
    test: t,
    tests: ts,
    range: R,
  });
  const leaf = fc.tuple(identifier, args).map(([n, a]) => make(n, a, null, null));
  arb =
    depth === 0
      ? leaf
      : fc.oneof(
          leaf,
          fc.tuple(identifier, args, testArb(depth - 1)).map(([n, a, t]) => make(n, a, t, null)),
          fc
            .tuple(identifier, args, fc.array(testArb(depth - 1), { minLength: 1, maxLength: 4 }))
            .map(([n, a, ts]) => make(n, a, null, ts)),
        );
  testArbs.set(depth, arb);
  return arb;
}

function commandsArb(depth: number): fc.Arbitrary<Command[]> {
  const block = depth === 0 ? fc.constant(null) : fc.option(commandsArb(depth - 1), { freq: 2 });
  const sub = fc.oneof(
    fc.constant({ test: null, tests: null }),
    testArb(2).map((t) => ({ test: t, tests: null })),
    fc.array(testArb(2), { minLength: 1, maxLength: 4 }).map((ts) => ({ test: null, tests: ts })),
  );
  const command = fc.tuple(identifier, args, sub, block).map(
    ([name, a, s, b]): Command => ({
      type: "Command",
      name,
      nameRange: R,
      arguments: a,
      test: s.test,
      tests: s.tests,
      block: b === null ? null : { type: "Block", commands: b, range: R },
      range: R,
    }),
  );
  return fc.array(command, { maxLength: 4 });
}

const scriptArb = commandsArb(3).map((commands): Script => ({ type: "Script", commands, comments: [], range: R }));

test("property: parse(print(ast)) is ast, modulo ranges", () => {
  fc.assert(
    fc.property(scriptArb, fc.constantFrom<PrintOptions>({}, { indent: "\t", lineEnding: "\r\n" }), (ast, options) => {
      const text = print(ast, options);
      const back = parse(text);
      assert.equal(back.diagnostics, [], text);
      assert.equal(stripRanges(back.ast), stripRanges(ast));
      assert.is(print(back.ast, options), text);
    }),
    { numRuns: 300 },
  );
});

/** Every offset where a node starts or ends: a token boundary, where a comment may go. */
function boundaries(ast: Script): number[] {
  const set = new Set<number>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        if (k === "range" || k === "nameRange") {
          const r = v as Range;
          set.add(r.start.offset);
          set.add(r.end.offset);
        } else walk(v);
      }
    }
  };
  walk(ast.commands);
  return [...set].sort((a, b) => a - b);
}

test("property: comments put anywhere between tokens are all kept, in order, idempotently", () => {
  const spots = fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 8 });
  fc.assert(
    fc.property(scriptArb, spots, (ast, wanted) => {
      const text = print(ast);
      const at = boundaries(parse(text).ast);
      if (at.length === 0) return;
      // Insert from the end so earlier offsets stay valid; names number the comments in source order.
      const picks = wanted
        .map(([i, hash]) => ({ offset: at[i % at.length]!, hash }))
        .sort((a, b) => a.offset - b.offset);
      let withComments = text;
      for (let i = picks.length - 1; i >= 0; i--) {
        const { offset, hash } = picks[i]!;
        const c = hash ? ` # c${i}\n` : ` /* c${i}\n */ `;
        withComments = withComments.slice(0, offset) + c + withComments.slice(offset);
      }
      const parsed = parseClean(withComments, withComments);
      assert.equal(stripRanges(parsed.commands), stripRanges(ast.commands), withComments);
      const out = print(parsed);
      const back = parseClean(out, out);
      assert.equal(
        back.comments.map((c) => c.text),
        parsed.comments.map((c) => c.text),
        out,
      );
      assert.is(back.comments.length, picks.length);
      assert.equal(stripRanges(back.commands), stripRanges(ast.commands), out);
      assert.is(print(back), out, withComments);
    }),
    { numRuns: 300 },
  );
});

test("a comment on the text: line is kept (moved above its command)", () => {
  const src = 'require "vacation";\nvacation text: # the reply\nHello\n.\n;\n';
  const out = print(parse(src).ast);
  assert.is(out, 'require "vacation";\n# the reply\nvacation text:\nHello\n.\n;\n');
  assert.is(print(parse(out).ast), out);
});

test("a trailing comment belongs to the last command before it, even on one line", () => {
  const out = print(parse('require "fileinto";if true {fileinto "Junk"; # spam\n}\n').ast);
  assert.is(out, 'require "fileinto";\nif true {\n  fileinto "Junk"; # spam\n}\n');
});

test.run();
