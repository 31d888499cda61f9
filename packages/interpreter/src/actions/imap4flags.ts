/**
 * imap4flags' `setflag`, `addflag` and `removeflag` (RFC 5232 §3). They change the internal
 * variable (or a named variable, §3 "variablename"), never the result directly: `keep` and
 * `fileinto` read the flags when they run (§5).
 *
 * @module
 */
import type { Command } from "@sieve-toolkit/parser";
import type { CommandCompiler, CompileContext, ResolvedArgs } from "../arguments.ts";
import { positionOf, type CompiledCommand, type Runtime } from "../runtime.ts";
import { parseFlags } from "./common.ts";

type Op = "setflag" | "addflag" | "removeflag";

function apply(op: Op, current: string[], given: string[]): string[] {
  if (op === "setflag") return given;
  if (op === "addflag") return parseFlags([...current, ...given]);
  const drop = new Set(given.map((f) => f.toLowerCase()));
  return current.filter((f) => !drop.has(f.toLowerCase()));
}

function compileFlagCommand(op: Op, node: Command, args: ResolvedArgs, cc: CompileContext): CompiledCommand {
  const two = args.positional.length >= 2;
  const variable = two ? cc.template(args.positional[0]) : null;
  const flags = cc.templates(args.positional[two ? 1 : 0]);
  const where = { name: op, ...positionOf(node) };
  return {
    ...where,
    exec(rt: Runtime) {
      const given = parseFlags(rt.expandAll(flags));
      if (variable === null) {
        rt.flags = apply(op, rt.flags, given);
      } else {
        const name = rt.expand(variable).toLowerCase();
        const current = parseFlags([rt.variable(name)]);
        rt.setVariable(name, apply(op, current, given).join(" "));
      }
      return "next";
    },
  };
}

/** Compiles `setflag [<variablename>] <list-of-flags>`: replaces the flags. */
export const setflag: CommandCompiler = (node, args, cc) => compileFlagCommand("setflag", node, args, cc);
/** Compiles `addflag [<variablename>] <list-of-flags>`: adds flags not yet present. */
export const addflag: CommandCompiler = (node, args, cc) => compileFlagCommand("addflag", node, args, cc);
/** Compiles `removeflag [<variablename>] <list-of-flags>`: removes flags (case-insensitive). */
export const removeflag: CommandCompiler = (node, args, cc) => compileFlagCommand("removeflag", node, args, cc);
