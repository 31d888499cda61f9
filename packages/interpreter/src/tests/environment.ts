/**
 * `environment` (RFC 5183 §4): items come from the host; an unknown item makes the test false.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { compileMatch } from "../matching.ts";
import { makeTest } from "./common.ts";

/** Compiles `environment [COMPARATOR] [MATCH-TYPE] <name> <key-list>`. */
export const environment: TestCompiler = (node, args, cc) => {
  const name = cc.template(args.positional[0]);
  const match = compileMatch(args, cc.templates(args.positional[1]));
  return makeTest(node, (rt, self) => {
    const v = rt.host.environment?.(rt.expand(name).toLowerCase()) ?? null;
    // RFC 5183 §4: the test "MUST fail unconditionally" for an item that does not exist, so
    // not even `:count "eq" "0"` matches (environment/rfc.svtest).
    if (v === null) return false;
    return match.test(rt, [v], self);
  });
};
