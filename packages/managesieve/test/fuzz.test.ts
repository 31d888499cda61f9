/** Small-sample fuzz of reader + parser (bench/managesieve-fuzz.ts runs 100,000 cases). */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { fuzzProperty, loadCorpus } from "./fuzz-support.ts";

test("reader + parser throw only ManageSieveError on mutated real responses in random chunks", () => {
  const corpus = loadCorpus();
  assert.ok(corpus.length > 20, `corpus has ${corpus.length} responses`);
  fc.assert(fuzzProperty(corpus), { numRuns: 2000 });
});

test.run();
