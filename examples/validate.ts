/**
 * Validate a script with the library and print its diagnostics like a compiler.
 * Run: node --import tsx examples/validate.ts
 */
import { check } from "@sieve-toolkit/parser";

const result = check('require "fileinto";\nfileinto "Junk"\nstop;\n');
for (const d of result.diagnostics) {
  console.log(`${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`);
}
