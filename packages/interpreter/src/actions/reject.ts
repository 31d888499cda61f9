/**
 * `reject` and `ereject` (RFC 5429 §2.1, §2.2). Conflicts with delivering actions are decided
 * in result.ts.
 *
 * @module
 */
import type { Command } from "@sieve-toolkit/parser";
import type { CommandCompiler, CompileContext, ResolvedArgs } from "../arguments.ts";
import { positionOf } from "../runtime.ts";
import type { CompiledCommand } from "../runtime.ts";
import { addAction } from "./common.ts";

function compileReject(extended: boolean, node: Command, args: ResolvedArgs, cc: CompileContext): CompiledCommand {
  const reason = cc.template(args.positional[0]);
  const where = { name: extended ? "ereject" : "reject", ...positionOf(node) };
  return {
    ...where,
    exec(rt) {
      addAction(rt, { type: "reject", reason: rt.expand(reason), extended }, where);
      return "next";
    },
  };
}

/** Compiles `reject <reason>`: refuses the message with an MDN-style bounce (RFC 5429 §2.2). */
export const reject: CommandCompiler = (node, args, cc) => compileReject(false, node, args, cc);

/** Compiles `ereject <reason>`: refuses at the protocol level when it can (RFC 5429 §2.1). */
export const ereject: CommandCompiler = (node, args, cc) => compileReject(true, node, args, cc);
