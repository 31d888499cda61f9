/**
 * `foreverypart` and `break` (RFC 5703 §3): a loop over the MIME parts of the message, or of
 * the current part when loops nest, and the command that leaves it.
 *
 * @module
 */
import type { CommandCompiler } from "../arguments.ts";
import { SieveRuntimeError } from "../errors.ts";
import { type CompiledCommand, execBlock, positionOf } from "../runtime.ts";
import type { Template } from "../strings.ts";

/**
 * Deepest nesting of running loops, included scripts' loops counted (Pigeonhole's limit, which
 * its validator applies per script and its interpreter across includes: mime/errors.svtest
 * "Limits - include").
 */
export const MAX_LOOP_DEPTH = 4;

/**
 * Thrown by `break` and caught by the loop it ends (RFC 5703 §3.2). The validator only accepts
 * `break` lexically inside a `foreverypart` of the same script, so it never crosses a script
 * or a testsuite block.
 */
export class LoopBreak extends Error {
  /** The `:name` of the loop to end, or null for the innermost one. */
  readonly loop: string | null;

  /** @param loop - the `:name` argument, expanded */
  constructor(loop: string | null) {
    super(loop === null ? "break" : `break :name "${loop}"`);
    this.name = "LoopBreak";
    this.loop = loop;
  }
}

/**
 * Compiles `foreverypart [:name <name>] <block>` (RFC 5703 §3.1). The body runs once per part,
 * depth first in document order: at top level for every part of the message, the message
 * itself first (as Pigeonhole does, mime/foreverypart.svtest "Single loop"); nested, for every
 * part inside the enclosing loop's current part (§3.1, "Double loop").
 *
 * Runtime error (`SIEVE_E_RUNTIME`): more than {@link MAX_LOOP_DEPTH} loops running at once.
 */
export const foreverypart: CommandCompiler = (node, args, cc) => {
  const nameArg = args.tags.get("name");
  const name: Template | null = nameArg == null ? null : cc.template(nameArg);
  const body = cc.block(node.block?.commands ?? []);
  const where = { name: "foreverypart", ...positionOf(node) };
  return {
    ...where,
    async exec(rt) {
      if (rt.mimeLoopDepth >= MAX_LOOP_DEPTH) {
        throw new SieveRuntimeError(
          "SIEVE_E_RUNTIME",
          `foreverypart loops nest deeper than ${MAX_LOOP_DEPTH} levels`,
          where,
        );
      }
      const own = name === null ? null : rt.expand(name);
      const outer = rt.mimePart;
      const parts = outer === null ? rt.message.mimeParts() : outer.flatten().slice(1);
      rt.mimeLoopDepth++;
      try {
        for (const part of parts) {
          rt.mimePart = part;
          try {
            const flow = await execBlock(body, rt);
            if (flow !== "next") return flow;
          } catch (e) {
            // §3.2: a plain `break` ends the innermost loop, `break :name` the loop of that name
            // (and every loop inside it, whose handlers rethrow).
            if (e instanceof LoopBreak && (e.loop === null || e.loop === own)) return "next";
            throw e;
          }
        }
        return "next";
      } finally {
        rt.mimePart = outer;
        rt.mimeLoopDepth--;
      }
    },
  };
};

/** Compiles `break [:name <name>]` (RFC 5703 §3.2). */
export const breakCommand: CommandCompiler = (node, args, cc): CompiledCommand => {
  const nameArg = args.tags.get("name");
  const name: Template | null = nameArg == null ? null : cc.template(nameArg);
  const where = { name: "break", ...positionOf(node) };
  return {
    ...where,
    exec(rt) {
      // A name built from variables that names no running loop is an error, not a silent exit.
      if (rt.mimeLoopDepth === 0) throw new SieveRuntimeError("SIEVE_E_RUNTIME", "break outside foreverypart", where);
      throw new LoopBreak(name === null ? null : rt.expand(name));
    },
  };
};
