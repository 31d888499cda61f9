/**
 * What test/browser.test.ts bundles for the browser (esbuild, platform "browser") and also runs
 * in Node: the parser's public API on a broken script, a good one, and one over the size limit.
 * Both runs must give the same answer.
 */
import { check, print } from "@sieve-toolkit/parser";

/** Everything the test compares. */
export interface BrowserReport {
  broken: { valid: boolean; diagnostics: Array<{ code: string; line: number; column: number; message: string }> };
  printed: string;
  tooLarge: string[];
}

/** Runs the parser on the three scripts. */
export function report(): BrowserReport {
  const broken = check('require "fileinto";\nif header :contains "subject" "x" {\n  fileinto "Junk"\n}\nfrobnicate;\n');
  const good = check('require ["fileinto"];if header :contains "subject" "[spam]" {fileinto "Junk";} # done\n');
  // Over maxScriptSize: counts UTF-8 bytes, which once used Node's Buffer.
  const large = check(`# ${"€".repeat(20)}\nkeep;\n`, { limits: { maxScriptSize: 32 } });
  return {
    broken: {
      valid: broken.valid,
      diagnostics: broken.diagnostics.map((d) => ({
        code: d.code,
        line: d.line,
        column: d.column,
        message: d.message,
      })),
    },
    printed: print(good.ast),
    tooLarge: large.diagnostics.map((d) => `${d.code}: ${d.message}`),
  };
}
