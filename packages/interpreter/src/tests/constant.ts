/**
 * `true` and `false` (RFC 5228 §5.6, §5.10).
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { makeTest } from "./common.ts";

/** Compiles `true`. */
export const trueTest: TestCompiler = (node) => makeTest(node, () => true);
/** Compiles `false`. */
export const falseTest: TestCompiler = (node) => makeTest(node, () => false);
