/** The command compiler and script names: round-trips of hostile names and bodies. */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compileCommand, compileStringLine } from "../src/compiler.ts";
import { ManageSieveError } from "../src/errors.ts";
import { normalizeScriptName } from "../src/names.ts";
import { ResponseReader } from "../src/reader.ts";
import { tokenize } from "../src/response.ts";

const dec = new TextDecoder();

/** Parses compiled bytes back with the (shared-grammar) reader and tokenizer. */
function roundTrip(bytes: Uint8Array): string[] {
  const lines = new ResponseReader({ maxLineLength: 1e9, maxLiteralSize: 1e9, maxResponseSize: 1e9 }).push(bytes);
  assert.is(lines.length, 1, "exactly one command line");
  return tokenize(lines[0]!).map((t) => (t.type === "open" ? "(" : t.type === "close" ? ")" : t.value));
}

const HOSTILE = [
  "plain",
  'quo"te',
  "back\\slash",
  "CR\rLF\nCRLF\r\n",
  'x"\r\nDELETESCRIPT "victim"',
  "nul\u0000byte",
  "Grüße ✓ 𝄞",
  "{5+}",
  "",
  "x".repeat(1024),
  "x".repeat(1025),
  '"'.repeat(600),
];

test("hostile strings round-trip exactly; quoted only when safe", () => {
  for (const s of HOSTILE) {
    const { bytes } = compileCommand("PUTSCRIPT", [s, { literal: s }]);
    assert.equal(roundTrip(bytes), ["PUTSCRIPT", s, s], JSON.stringify(s));
    const wire = dec.decode(bytes);
    // one CRLF-terminated command; a CR/LF/NUL never appears inside a quoted string
    assert.ok(wire.endsWith("\r\n"));
    // anything with CR, LF or NUL (or 8-bit) is a literal, never quoted
    if ([...s].some((ch) => ch === "\r" || ch === "\n" || ch === "\u0000" || ch.charCodeAt(0) > 0x7e))
      assert.ok(wire.startsWith("PUTSCRIPT {"), JSON.stringify(wire));
  }
});

test("8-bit and long strings go as {n+} literals with UTF-8 byte lengths", () => {
  assert.is(dec.decode(compileCommand("GETSCRIPT", ["Grüße"]).bytes), "GETSCRIPT {7+}\r\nGrüße\r\n");
  assert.is(dec.decode(compileCommand("GETSCRIPT", ["a"]).bytes), 'GETSCRIPT "a"\r\n');
  assert.is(dec.decode(compileCommand("HAVESPACE", ["a", 7069]).bytes), 'HAVESPACE "a" 7069\r\n');
  assert.is(dec.decode(compileCommand("CHECKSCRIPT", [{ literal: "keep;" }]).bytes), "CHECKSCRIPT {5+}\r\nkeep;\r\n");
  assert.ok(dec.decode(compileCommand("X", ["x".repeat(1025)]).bytes).startsWith("X {1025+}\r\n"));
});

test("arbitrary strings round-trip (property)", () => {
  fc.assert(
    fc.property(
      fc.string({ unit: "grapheme", maxLength: 80 }),
      fc.string({ unit: "binary", maxLength: 80 }),
      (a, b) => {
        const clean = b.replace(/[\uD800-\uDFFF]/g, "");
        assert.equal(roundTrip(compileCommand("RENAMESCRIPT", [a, clean]).bytes), ["RENAMESCRIPT", a, clean]);
      },
    ),
    { numRuns: 300 },
  );
});

test("redacted log text; numbers and surrogates are checked", () => {
  const c = compileCommand("AUTHENTICATE", ["PLAIN", "AGFsaWNlAGFsaWNlLXBhc3M="], { redactFrom: 1 });
  assert.is(c.log, 'AUTHENTICATE "PLAIN" [redacted]');
  assert.is(compileStringLine("c2VjcmV0", true).log, "[redacted]");
  assert.is(dec.decode(compileStringLine("", false).bytes), '""\r\n');
  for (const f of [
    () => compileCommand("HAVESPACE", ["a", -1]),
    () => compileCommand("HAVESPACE", ["a", 2 ** 32]),
    () => compileCommand("HAVESPACE", ["a", 1.5]),
    () => compileCommand("PUTSCRIPT", ["a", { literal: "\udc00" }]),
  ]) {
    try {
      f();
      assert.unreachable();
    } catch (err) {
      assert.instance(err, ManageSieveError);
      assert.is((err as ManageSieveError).code, "MANAGESIEVE_E_ARGUMENT");
    }
  }
});

test("script names: NFC, RFC 5804 §1.6 prohibited characters, empty", () => {
  assert.is(normalizeScriptName("Gru\u0308ße"), "Grüße");
  assert.is(normalizeScriptName("", { allowEmpty: true }), "");
  for (const bad of ["", "a\u0000", "a\r\nb", "tab\t", "del\u007f", "c1\u0085", "ls\u2028", "ps\u2029", "\ud800"]) {
    try {
      normalizeScriptName(bad);
      assert.unreachable(JSON.stringify(bad));
    } catch (err) {
      assert.is((err as ManageSieveError).code, "MANAGESIEVE_E_ARGUMENT", JSON.stringify(bad));
    }
  }
});

test.run();
