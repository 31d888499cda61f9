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
  {
    name: "test",
    summary: "dry run: what a script would do with messages (.eml, Maildir, mbox)",
    load: () => import("./test.ts"),
  },
  {
    name: "caps",
    summary: "show the server's capabilities (works before login)",
    load: () => import("./caps.ts"),
  },
  {
    name: "list",
    summary: "list the scripts on the server, the active one marked",
    load: () => import("./list.ts"),
  },
  {
    name: "get",
    summary: "download a script (to stdout, or a file)",
    load: () => import("./get.ts"),
  },
  {
    name: "put",
    summary: "check and upload a script (--activate to activate it)",
    aliases: ["upload"],
    load: () => import("./put.ts"),
  },
  {
    name: "activate",
    summary: "make a script the active one",
    load: () => import("./activate.ts"),
  },
  {
    name: "deactivate",
    summary: "deactivate the active script",
    load: () => import("./deactivate.ts"),
  },
  {
    name: "rename",
    summary: "rename a script",
    load: () => import("./rename.ts"),
  },
  {
    name: "delete",
    summary: "delete a script (the active one only with --force)",
    load: () => import("./delete.ts"),
  },
  {
    name: "edit",
    summary: "edit a script on the server in $EDITOR, validated before upload",
    load: () => import("./edit.ts"),
  },
];

/** Commands of the contract (CLI.md) this build does not have yet. */
export const PLANNED: readonly string[] = [];

/** The entry for a name or alias. */
export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}
