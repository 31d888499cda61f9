/** The response reader: chunking at every byte, literal limits before data, malformed input. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ManageSieveError } from "../src/errors.ts";
import { DEFAULT_LIMITS, type RawLine, ResponseReader } from "../src/reader.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function show(lines: RawLine[]): string[] {
  return lines.map((l) =>
    l.segments.map((s, i) => dec.decode(s) + (l.literals[i] ? `<${dec.decode(l.literals[i])}>` : "")).join(""),
  );
}

/** Feeds `text` split at every pair of positions (1-, 2- and 3-chunk splits). */
function everySplit(text: string, check: (lines: RawLine[]) => void): void {
  const bytes = enc.encode(text);
  check(new ResponseReader().push(bytes));
  for (let i = 0; i <= bytes.length; i++) {
    for (let j = i; j <= bytes.length; j++) {
      const r = new ResponseReader();
      const lines = [...r.push(bytes.subarray(0, i)), ...r.push(bytes.subarray(i, j)), ...r.push(bytes.subarray(j))];
      check(lines);
      assert.is(r.buffered, 0);
    }
  }
}

const SESSION =
  '"IMPLEMENTATION" "Cyrus timsieved"\r\n"SASL" "PLAIN"\r\nOK\r\n' +
  '{14}\r\nkeep;\r\nstop;\r\n\r\nOK "Getscript completed."\r\n' +
  'OK (TAG {7}\r\ntag-123) "Done"\r\n' +
  "NO {22}\r\nline 4: syntax error\r\n\r\n" +
  "{0}\r\n\r\n" +
  '"q {5}\\"\\\\"\r\n' +
  '"Grüße" ACTIVE\r\n';

test("every chunking of a session gives the same lines", () => {
  const expected = [
    '"IMPLEMENTATION" "Cyrus timsieved"',
    '"SASL" "PLAIN"',
    "OK",
    "{14}<keep;\r\nstop;\r\n>",
    'OK "Getscript completed."',
    'OK (TAG {7}<tag-123>) "Done"',
    "NO {22}<line 4: syntax error\r\n>",
    "{0}<>",
    '"q {5}\\"\\\\"',
    '"Grüße" ACTIVE',
  ];
  everySplit(SESSION, (lines) => assert.equal(show(lines), expected));
});

test("byte-at-a-time feeding", () => {
  const r = new ResponseReader();
  const lines: RawLine[] = [];
  for (const b of enc.encode(SESSION)) lines.push(...r.push(Uint8Array.of(b)));
  assert.is(lines.length, 10);
});

function throws(fn: () => unknown, code: string, re?: RegExp): void {
  try {
    fn();
  } catch (err) {
    assert.instance(err, ManageSieveError);
    assert.is((err as ManageSieveError).code, code);
    if (re) assert.match((err as Error).message, re);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test("a literal over maxLiteralSize fails when announced, before any of its bytes", () => {
  const r = new ResponseReader({ ...DEFAULT_LIMITS, maxLiteralSize: 100 });
  throws(() => r.push(enc.encode("{101}\r\n")), "MANAGESIEVE_E_LIMIT", /101/);
  // the reader stays failed
  throws(() => r.push(enc.encode("OK\r\n")), "MANAGESIEVE_E_LIMIT");
  const huge = new ResponseReader();
  throws(() => huge.push(enc.encode("{99999999999999999999999}\r\n")), "MANAGESIEVE_E_LIMIT");
  const ok = new ResponseReader({ ...DEFAULT_LIMITS, maxLiteralSize: 100 });
  assert.is(ok.push(enc.encode("{100}\r\n")).length, 0);
  assert.is(ok.buffered, 7);
});

test("maxResponseSize counts announced literals; it resets after each status line", () => {
  const limits = { ...DEFAULT_LIMITS, maxResponseSize: 64 };
  const r = new ResponseReader(limits);
  assert.is(r.push(enc.encode('"abc"\r\nOK\r\n"abc"\r\nOK\r\n"abc"\r\nOK\r\n')).length, 6);
  throws(() => new ResponseReader(limits).push(enc.encode('"a"\r\n{60}\r\n')), "MANAGESIEVE_E_LIMIT");
});

test("maxLineLength applies before the line ends", () => {
  const r = new ResponseReader({ ...DEFAULT_LIMITS, maxLineLength: 10 });
  throws(() => r.push(enc.encode('"0123456789')), "MANAGESIEVE_E_LIMIT");
  const literalNotCounted = new ResponseReader({ ...DEFAULT_LIMITS, maxLineLength: 10 });
  assert.is(literalNotCounted.push(enc.encode(`{20}\r\n${"x".repeat(20)}\r\n`)).length, 1);
});

test("malformed line ends and quoted strings", () => {
  throws(() => new ResponseReader().push(enc.encode("OK\n")), "MANAGESIEVE_E_PROTOCOL", /LF/);
  throws(() => new ResponseReader().push(enc.encode("OK\rX")), "MANAGESIEVE_E_PROTOCOL", /CR/);
  throws(() => new ResponseReader().push(enc.encode('"abc\r\n')), "MANAGESIEVE_E_PROTOCOL", /quoted/);
  // a {n} inside a quoted string is not a literal
  assert.equal(show(new ResponseReader().push(enc.encode('"{5}"\r\n'))), ['"{5}"']);
});

test.run();
