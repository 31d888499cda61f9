/**
 * `discard` (RFC 5228 §4.4).
 *
 * @module
 */
import type { CommandCompiler } from "../arguments.ts";
import { positionOf } from "../runtime.ts";
import { addAction } from "./common.ts";

/** Compiles `discard`: cancels the implicit keep, adds nothing else. */
export const discard: CommandCompiler = (node) => {
  const where = { name: "discard", ...positionOf(node) };
  return {
    ...where,
    exec(rt) {
      addAction(rt, { type: "discard" }, where);
      return "next";
    },
  };
};
