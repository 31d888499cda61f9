/**
 * The command table. Each command is one module under `commands/`, loaded only when it runs,
 * so `sievectl --version` and `--help` stay fast. Add a command by adding a row.
 *
 * @module
 */
import type { Io } from "../io.ts";

/** What a command module exports. */
export interface CommandModule {
  /** The full `--help` text. */
  help: string;
  /**
   * Runs the command. `argv` holds the arguments after the command name. Returns the exit code
   * (0 success, 1 the work found a problem, 2 usage or I/O error); throws `UsageError` for
   * usage mistakes.
   */
  run(argv: string[], io: Io): Promise<number>;
}

/** One row of the table. */
export interface CommandEntry {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  aliases?: readonly string[];
  load(): Promise<CommandModule>;
}

/** Every command, in the order the top-level help lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "check",
    summary: "validate scripts (files, directories, or - for stdin)",
    load: () => import("./check.ts"),
  },
  {
    name: "fmt",
    summary: "print or rewrite scripts in canonical form",
    load: () => import("./fmt.ts"),
  },
];

/** Commands of the contract (CLI.md) this build does not have yet. */
export const PLANNED: readonly string[] = [
  "test",
  "caps",
  "list",
  "get",
  "put",
  "upload",
  "activate",
  "deactivate",
  "rename",
  "delete",
  "edit",
];

/** The entry for a name or alias. */
export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}
