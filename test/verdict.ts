/**
 * Our verdict on one script, as the parser-conformance suites compare it with Pigeonhole's
 * (test/conformance-parse.test.ts against the suite, test/corpus.test.ts against sievec).
 */
import { check } from "../packages/parser/src/index.ts";

/** Accepted or rejected. */
export type Verdict = "accept" | "reject";

/** What {@link verdictOf} returns. */
export interface OurVerdict {
  verdict: Verdict;
  /** The first error, `line N: CODE: message`, or `validMessage` when there is none. */
  message: string;
  /**
   * Set when an error is an unknown `require` of a capability the peer knows: a rejection for
   * that reason is not agreement, only a gap in our registry.
   */
  unregistered?: string;
}

/**
 * Checks `source` with every extension and says whether it is accepted.
 *
 * @param peerCapabilities - the capabilities the compared Pigeonhole knows
 * @param validMessage - the message of an accepted script
 */
export function verdictOf(
  source: string | Uint8Array,
  peerCapabilities: ReadonlySet<string>,
  validMessage = "",
): OurVerdict {
  const r = check(source);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  const e = errors[0];
  const unregistered = errors
    .filter((d) => d.code === "SIEVE_E_UNKNOWN_EXTENSION")
    .map((d) => /"([^"]+)"/.exec(d.message)?.[1]?.toLowerCase() ?? "")
    .find((c) => peerCapabilities.has(c));
  return {
    verdict: r.valid ? "accept" : "reject",
    message: e ? `line ${e.line}: ${e.code}: ${e.message}` : validMessage,
    ...(unregistered ? { unregistered } : {}),
  };
}
