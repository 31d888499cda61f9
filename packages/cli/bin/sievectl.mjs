#!/usr/bin/env node
// sievectl launcher. Runs the bundle from `npm run build` (packages/cli/dist) when it is at
// least as new as the sources: it starts in a fraction of the time. Otherwise (no build, or a
// source edited since) registers tsx and runs the TypeScript sources, so a checkout never runs
// stale code. SIEVECTL_FROM_SOURCE=1 forces the sources.
import { readFileSync } from "node:fs";
import { newestMtime } from "./sources.mjs";

function freshBundle() {
  if (process.env.SIEVECTL_FROM_SOURCE === "1") return false;
  try {
    const stamp = JSON.parse(readFileSync(new URL("../dist/stamp.json", import.meta.url), "utf8"));
    return stamp.newestMtime >= newestMtime(stamp.inputs);
  } catch {
    return false;
  }
}

if (freshBundle()) {
  await import(new URL("../dist/sievectl.js", import.meta.url).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/bin.ts");
}
