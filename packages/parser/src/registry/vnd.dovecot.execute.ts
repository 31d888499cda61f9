/**
 * `vnd.dovecot.execute` (spec-bosch-sieve-extprograms §7, §8): the `execute` command, also
 * usable as a test, passing strings to and from a program.
 *
 * @module
 */
import type { CommandSpec, ExtensionSpec } from "./types.ts";
import { assignableVariableError, constantValue } from "./literals.ts";
import { checkProgram, PROGRAM_POSITIONALS } from "./vnd.dovecot.pipe.ts";

// §7: execute [":input" <input-data: string> / ":pipe"] [":output" <varname: string>]
//             <program-name: string> [<arguments: string-list>]
const executeSpec: CommandSpec = {
  name: "execute",
  tags: [
    { name: "input", value: "string", group: "execute-input" },
    { name: "pipe", group: "execute-input" },
    {
      // §7: ":output" requires "variables"; varname must be a constant, set-compatible name.
      name: "output",
      value: "string",
      requires: "variables",
      validate(_tag, value, _node, _args, ctx) {
        if (value?.type !== "String") return;
        const c = constantValue(value, ctx);
        const why = assignableVariableError(c?.value ?? value.value, ctx);
        if (why !== null) ctx.error(value, "SIEVE_E_VARIABLE", `execute :output: ${why}`);
      },
    },
  ],
  positional: PROGRAM_POSITIONALS,
  validate(_node, args, ctx) {
    checkProgram(args.positional, ctx, "execute");
  },
};

/** The execute extension. */
export const vndDovecotExecute: ExtensionSpec = {
  capability: "vnd.dovecot.execute",
  reference: "spec-bosch-sieve-extprograms §7",
  vendor: true,
  commands: [executeSpec],
  // §8: "execute" as a test.
  tests: [executeSpec],
};
