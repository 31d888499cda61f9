/**
 * utf8ByteLength() counts what Buffer.byteLength counts: the parser's size limit uses it instead
 * of Buffer so that it runs in browsers (test/browser.test.ts runs it there).
 */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "../src/index.ts";
import { utf8ByteLength } from "../src/utf8.ts";

test("agrees with Buffer.byteLength on ASCII, BMP, astral and lone surrogates", () => {
  for (const s of ["", "keep;", "é", "€", "😀", "\ud800", "\udc00x", "a\ud83d", "\ud83d\ude00\ud83d"]) {
    assert.is(utf8ByteLength(s), Buffer.byteLength(s, "utf8"), JSON.stringify(s));
  }
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), (s) => utf8ByteLength(s) === Buffer.byteLength(s, "utf8")),
    { numRuns: 2000 },
  );
});

test("the size limit counts UTF-8 bytes of a string script", () => {
  const script = `# ${"€".repeat(40)}\nkeep;\n`; // 2 + 120 + 7 bytes, 49 UTF-16 units
  const over = parse(script, { limits: { maxScriptSize: 128 } });
  assert.is(over.diagnostics[0]?.code, "SIEVE_E_LIMIT");
  assert.match(over.diagnostics[0]!.message, /script is 129 bytes/);
  assert.equal(parse(script, { limits: { maxScriptSize: 129 } }).diagnostics, []);
});

test.run();
