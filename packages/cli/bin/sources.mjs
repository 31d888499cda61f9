// The newest modification time of the TypeScript sources the CLI bundle is built from.
// Shared by scripts/build.mjs (which records it) and the launcher (which compares it).
import { readdirSync, statSync } from "node:fs";

const packages = new URL("../../", import.meta.url);

/** Newest mtime (ms) of any packages/*\/src/**\/*.ts file. */
export function newestSourceMtime() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const pkg of readdirSync(packages, { withFileTypes: true })) {
    if (!pkg.isDirectory()) continue;
    try {
      walk(new URL(`${pkg.name}/src`, packages).pathname);
    } catch {
      // a package without src/
    }
  }
  return newest;
}
