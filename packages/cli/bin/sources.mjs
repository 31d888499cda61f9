// Which sources a CLI bundle was built from, and whether any changed since. Shared by
// scripts/build.mjs (which records them in dist/stamp.json) and the launcher (which checks them).
import { statSync } from "node:fs";

const root = new URL("../../../", import.meta.url);

/**
 * Newest mtime (ms) of the given repository-relative files; Infinity when one is missing, so a
 * bundle built from a file that is gone counts as stale.
 */
export function newestMtime(files) {
  let newest = 0;
  for (const f of files) {
    try {
      newest = Math.max(newest, statSync(new URL(f, root)).mtimeMs);
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  }
  return newest;
}
