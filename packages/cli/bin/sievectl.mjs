#!/usr/bin/env node
// sievectl launcher: registers tsx so Node can run the TypeScript sources, then hands over to
// src/bin.ts (which calls main() and sets the exit code). Command modules load lazily, so
// `sievectl --version` and `--help` do not pay for the parser.
import { register } from "tsx/esm/api";

register();
await import("../src/bin.ts");
