/**
 * `spamtest` and `virustest` (RFC 5235 §3.2, §3.3), with `:percent` of spamtestplus
 * (§3.2.2). The normalized result comes from the scanner headers of the message as the
 * host's settings map them (`src/spamtest/mapping.ts`); unconfigured, it is "0".
 *
 * @module
 */
import type { ResolvedArgs, TestCompiler } from "../arguments.ts";
import { compileMatch } from "../matching.ts";
import type { Runtime } from "../runtime.ts";
import { type ScannerKind, scannerResult } from "../spamtest/mapping.ts";
import { makeTest } from "./common.ts";
import type { Test } from "@sieve-toolkit/parser";
import type { CompileContext } from "../arguments.ts";

/** The host's settings as a reader (none when the host has no `setting`). */
function settings(rt: Runtime): (name: string) => string | null {
  return (name) => rt.host.setting?.(name) ?? null;
}

function scannerTest(kind: ScannerKind, node: Test, args: ResolvedArgs, cc: CompileContext) {
  const percent = args.tags.has("percent");
  // RFC 5235 §3.2: the match type defaults to :is (and the comparator to i;ascii-casemap).
  const match = compileMatch(args, [cc.template(args.positional[0])]);
  const count = args.matchType === "count";
  return makeTest(node, (rt, self) => {
    const { value, tested } = scannerResult(kind, settings(rt), rt.message, percent);
    // RFC 5235 §3.1: ":count" of the result is 1 when a test was done, 0 when not.
    return match.test(rt, count && !tested ? [] : [value], self);
  });
}

/** Compiles `spamtest [":percent"] [COMPARATOR] [MATCH-TYPE] <value: string>` (RFC 5235 §3.2). */
export const spamtest: TestCompiler = (node, args, cc) => scannerTest("spamtest", node, args, cc);

/** Compiles `virustest [COMPARATOR] [MATCH-TYPE] <value: string>` (RFC 5235 §3.3). */
export const virustest: TestCompiler = (node, args, cc) => scannerTest("virustest", node, args, cc);
