/**
 * Shared pieces of the test modules: a compiled-test constructor and the `:index`/`:last`
 * selection of the index extension (RFC 5260 §6).
 *
 * @module
 */
import type { Test } from "@sieve-toolkit/parser";
import type { ResolvedArgs } from "../arguments.ts";
import { type CompiledTest, positionOf, type Runtime } from "../runtime.ts";

/** Builds a compiled test named after `node`. */
export function makeTest(
  node: Test,
  evaluate: (rt: Runtime, self: CompiledTest) => boolean | Promise<boolean>,
): CompiledTest {
  const self: CompiledTest = {
    name: node.name.toLowerCase(),
    ...positionOf(node),
    evaluate: (rt) => evaluate(rt, self),
  };
  return self;
}

/**
 * Selects occurrences per RFC 5260 §6: `:index n` keeps the n-th field (1-based), counted from
 * the end with `:last`; no `:index` keeps all. Returns a function over one field's list.
 */
export function indexSelector(args: ResolvedArgs): <T>(fields: T[]) => T[] {
  const idx = args.tags.get("index");
  if (idx == null || idx.type !== "Number") return (fields) => fields;
  const n = idx.value;
  const last = args.tags.has("last");
  return (fields) => {
    const i = last ? fields.length - n : n - 1;
    const f = fields[i];
    return i >= 0 && f !== undefined ? [f] : [];
  };
}
