/**
 * Shared by test/fuzz.test.ts and bench/managesieve-fuzz.ts: a corpus of real server responses
 * (/work/shared/peers/*.txt), mutations, random chunkings, and the property that reader + parser
 * only ever throw ManageSieveError and never hang.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parseCapabilities } from "../src/capabilities.ts";
import { ManageSieveError } from "../src/errors.ts";
import { ResponseReader } from "../src/reader.ts";
import { type DataLine, parseLine } from "../src/response.ts";

const PEERS = new URL("../../../../shared/peers/", import.meta.url).pathname;

/** Server responses from the recorded sessions: runs of `S: ` lines, CRLF-joined, `\n`/`\r` unescaped. */
export function loadCorpus(): string[] {
  const out: string[] = [];
  if (!existsSync(PEERS)) return fallbackCorpus();
  for (const f of readdirSync(PEERS).filter((n) => n.endsWith(".txt"))) {
    let run: string[] = [];
    for (const line of readFileSync(join(PEERS, f), "utf8").split("\n")) {
      if (line.startsWith("S: ")) {
        run.push(line.slice(3).replace(/\\n/g, "\n").replace(/\\r/g, "\r"));
      } else if (run.length > 0) {
        out.push(`${run.join("\r\n")}\r\n`);
        run = [];
      }
    }
  }
  return out.length > 0 ? [...new Set(out)] : fallbackCorpus();
}

function fallbackCorpus(): string[] {
  return [
    '"IMPLEMENTATION" "Dovecot"\r\n"SASL" "PLAIN"\r\n"STARTTLS"\r\nOK "ready"\r\n',
    `{170}\r\nrequire ["fileinto"];\nkeep;\n${"x".repeat(146)}\r\nOK\r\n`,
    'OK (TAG {7}\r\ntag-123) "Done"\r\n',
    "NO {22}\r\nline 4: syntax error\r\n\r\n",
    'OK (SASL "dj1sTUJs")\r\n',
  ];
}

/** Tokens a hostile server might splice in. */
const NASTY = [
  "{",
  "}",
  '"',
  "\\",
  "\r",
  "\n",
  "\r\n",
  "(",
  ")",
  " ",
  "\u0000",
  "{99999999999}\r\n",
  "{4294967296}\r\n",
  "{5}\r\n",
  "{0}\r\n",
  "{3+}\r\n",
  "OK ",
  "NO (",
  "BYE ",
  "\xff\xfe",
  "é",
];

/** A case: bytes and the chunk sizes to feed them in. */
export interface FuzzCase {
  bytes: Uint8Array;
  chunks: number[];
}

const enc = new TextEncoder();

/** Mutated corpus responses, random token soups and random bytes, with random chunkings. */
export function fuzzCase(corpus: string[]): fc.Arbitrary<FuzzCase> {
  const chunks = fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 12 });
  const mutated = fc
    .record({
      base: fc.constantFrom(...corpus),
      edits: fc.array(
        fc.record({ at: fc.nat(), del: fc.nat({ max: 8 }), ins: fc.oneof(fc.constantFrom(...NASTY), fc.string()) }),
        { maxLength: 6 },
      ),
    })
    .map(({ base, edits }) => {
      let s = base;
      for (const e of edits) {
        const at = s.length === 0 ? 0 : e.at % (s.length + 1);
        s = s.slice(0, at) + e.ins + s.slice(at + e.del);
      }
      return enc.encode(s);
    });
  const soup = fc
    .array(fc.oneof(fc.constantFrom(...NASTY), fc.constantFrom('"a"', "ACTIVE", "OK", "NO", "BYE", "TAG", "1")), {
      maxLength: 40,
    })
    .map((parts) => enc.encode(parts.join("")));
  const bytes = fc.uint8Array({ maxLength: 300 });
  return fc.record({ bytes: fc.oneof({ arbitrary: mutated, weight: 6 }, soup, bytes), chunks });
}

/** Limits small enough that the limit paths are exercised too. */
const LIMITS = { maxLineLength: 2048, maxLiteralSize: 4096, maxResponseSize: 16384 };

/** Longest a case may take before it counts as a hang. */
const CASE_LIMIT_MS = Number(process.env.FUZZ_CASE_TIME_LIMIT_MS ?? 2000);

/**
 * Feeds one case to reader + parser (+ capability parser on data lines). Throws anything that is
 * not a ManageSieveError, or when the case takes longer than FUZZ_CASE_TIME_LIMIT_MS (a hang).
 */
export function runCase(c: FuzzCase): void {
  const t0 = performance.now();
  const reader = new ResponseReader(LIMITS);
  const data: DataLine[] = [];
  try {
    let at = 0;
    let k = 0;
    while (at < c.bytes.length) {
      const size = c.chunks[k++ % c.chunks.length]!;
      for (const raw of reader.push(c.bytes.subarray(at, at + size))) {
        const line = parseLine(raw);
        if (line.kind === "data") data.push(line);
        else {
          parseCapabilities(data);
          data.length = 0;
        }
      }
      at += size;
    }
  } catch (err) {
    if (!(err instanceof ManageSieveError)) throw err;
  }
  const ms = performance.now() - t0;
  if (ms > CASE_LIMIT_MS) throw new Error(`case took ${ms.toFixed(0)} ms (hang?)`);
}

/** The fuzz property. */
export function fuzzProperty(corpus: string[]): fc.IProperty<[FuzzCase]> {
  return fc.property(fuzzCase(corpus), (c) => {
    runCase(c);
  });
}
