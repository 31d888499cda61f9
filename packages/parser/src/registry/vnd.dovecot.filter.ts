/**
 * `vnd.dovecot.filter` (spec-bosch-sieve-extprograms §6, §8): the `filter` action, also usable
 * as a test that is true when the program succeeded.
 *
 * @module
 */
import type { CommandSpec, ExtensionSpec } from "./types.ts";
import { checkProgram, PROGRAM_POSITIONALS } from "./vnd.dovecot.pipe.ts";

// §6: filter <program-name: string> [<arguments: string-list>]
const filterSpec: CommandSpec = {
  name: "filter",
  positional: PROGRAM_POSITIONALS,
  validate(_node, args, ctx) {
    checkProgram(args.positional, ctx, "filter");
  },
};

/** The filter extension. */
export const vndDovecotFilter: ExtensionSpec = {
  capability: "vnd.dovecot.filter",
  reference: "spec-bosch-sieve-extprograms §6",
  vendor: true,
  commands: [filterSpec],
  // §8: "filter" as a test.
  tests: [filterSpec],
};
