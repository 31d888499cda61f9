/**
 * `include`, `return` and `global` (RFC 6609). The host supplies the included text; the
 * compiled script is cached on the main program, so a program run many times compiles each
 * include once.
 *
 * @module
 */
import type { CommandCompiler } from "../arguments.ts";
import { compile, type Program } from "../compile.ts";
import { SieveCompileError, SieveRuntimeError } from "../errors.ts";
import type { IncludeLocation } from "../host.ts";
import { execBlock, positionOf, Scope } from "../runtime.ts";

/**
 * Compiles `include [:personal / :global] [:once] [:optional] <name>` (RFC 6609 §3.2).
 *
 * Run-time errors (`SIEVE_E_INCLUDE`): the script is missing (without `:optional`), it is
 * already being included (a loop), `maxIncludeDepth` (10) or `maxIncludes` (255) is exceeded,
 * or the included script does not compile.
 */
export const include: CommandCompiler = (node, args, cc) => {
  const name = cc.template(args.positional[0]);
  const location: IncludeLocation = args.tags.has("global") ? "global" : "personal";
  const once = args.tags.has("once");
  const optional = args.tags.has("optional");
  const where = { name: "include", ...positionOf(node) };
  const fail = (message: string): never => {
    throw new SieveRuntimeError("SIEVE_E_INCLUDE", message, where);
  };
  return {
    ...where,
    async exec(rt) {
      const script = rt.expand(name);
      const key = `${location}:${script}`;
      if (once && rt.included.has(key)) return "next";
      // RFC 6609 §3.2: including a script that is running now would never end.
      if (rt.includeChain.includes(key)) fail(`circular include of ${location} script '${script}'`);
      if (rt.includeChain.length >= rt.limits.maxIncludeDepth) {
        fail(`include nesting exceeds the limit of ${rt.limits.maxIncludeDepth}`);
      }
      const source = rt.host.include?.(location, script) ?? null;
      if (source === null) {
        if (optional) return "next"; // RFC 6609 §3.2: a missing :optional script is skipped.
        fail(`included ${location} script '${script}' does not exist`);
      }
      if (!rt.included.has(key)) {
        if (rt.includeCount >= rt.limits.maxIncludes) fail(`more than ${rt.limits.maxIncludes} included scripts`);
        rt.includeCount++;
        rt.included.add(key);
      }
      const text = typeof source === "string" ? source : new TextDecoder().decode(source as Uint8Array);
      let program: Program;
      const cached = rt.program.includes.get(key);
      if (cached !== undefined && cached.source === text) {
        program = cached.program;
      } else {
        try {
          program = compile(text, { ...rt.program.options, global: location === "global" });
        } catch (e) {
          if (e instanceof SieveCompileError) fail(`included ${location} script '${script}' is invalid: ${e.message}`);
          throw e;
        }
        rt.program.includes.set(key, { source: text, program });
      }
      const saved = rt.scope;
      rt.scope = new Scope();
      rt.includeChain.push(key);
      try {
        const flow = await execBlock(program.commands, rt);
        // RFC 6609 §3.4: `return` ends the included script only; `stop` ends everything.
        return flow === "stop" ? "stop" : "next";
      } finally {
        rt.includeChain.pop();
        rt.scope = saved;
      }
    },
  };
};

/** Compiles `return` (RFC 6609 §3.4): ends the current script; in the main script it ends the run. */
export const returnCommand: CommandCompiler = (node) => ({
  name: "return",
  ...positionOf(node),
  exec: () => "return",
});

/** Compiles `global <names>` (RFC 6609 §3.5): the names refer to variables shared by all scripts. */
export const globalCommand: CommandCompiler = (node, args, cc) => {
  const names = cc.templates(args.positional[0]);
  return {
    name: "global",
    ...positionOf(node),
    exec(rt) {
      for (const n of rt.expandAll(names)) {
        const key = n.toLowerCase();
        // A value set locally before the declaration moves to the global one (Pigeonhole does the same).
        const local = rt.scope.vars.get(key);
        rt.scope.globals.add(key);
        if (local !== undefined && !rt.globalVars.has(key)) rt.globalVars.set(key, local);
      }
      return "next";
    },
  };
};
