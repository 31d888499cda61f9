/**
 * `sievectl` as a library: the same `main` the binary runs, for embedding and tests.
 *
 * @module
 */
export { UsageError } from "./args.ts";
export { COMMANDS, type CommandEntry, type CommandModule } from "./commands/index.ts";
export type { Io, Output } from "./io.ts";
export { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, main } from "./main.ts";
export { PROFILES } from "./profiles.ts";
