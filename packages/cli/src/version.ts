/**
 * The package version, read once from package.json (no JSON import, to keep startup cheap).
 *
 * @module
 */
import { readFileSync } from "node:fs";

let cached: string | undefined;

/** `sievectl`'s version, e.g. `0.1.0`. */
export function version(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
    cached = pkg.version ?? "0.0.0";
  }
  return cached;
}
