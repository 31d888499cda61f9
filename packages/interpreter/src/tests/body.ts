/**
 * `body` (RFC 5173): `:text` (default), `:raw` or `:content <types>`.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { compileMatch } from "../matching.ts";
import { makeTest } from "./common.ts";

/** Compiles `body [COMPARATOR] [MATCH-TYPE] [BODY-TRANSFORM] <key-list>`; the body is parsed lazily, once. */
export const body: TestCompiler = (node, args, cc) => {
  const match = compileMatch(args, cc.templates(args.positional[0]));
  const content = args.tags.has("content") ? cc.templates(args.tags.get("content")) : null;
  const raw = args.tags.has("raw");
  return makeTest(node, async (rt, self) => {
    const transform = content !== null ? { content: rt.expandAll(content) } : raw ? "raw" : "text";
    const values = await rt.message.body(transform);
    // RFC 5173 §6: wildcards of "body" MUST NOT set match variables; the earlier ones stay.
    const saved = rt.matchVars;
    const ok = match.test(rt, values, self);
    rt.matchVars = saved;
    return ok;
  });
};
