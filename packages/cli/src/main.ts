/**
 * `main(argv, io)`: the whole CLI as a function. It never calls `process.exit`; it returns the
 * exit code and writes only through `io`, so tests run it in-process.
 *
 * @module
 */
import { UsageError } from "./args.ts";
import { COMMANDS, findCommand, PLANNED } from "./commands/index.ts";
import { type Io, processIo } from "./io.ts";
import { version } from "./version.ts";

/** Exit codes of the contract (CLI.md). */
export const EXIT_OK = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_USAGE = 2;

/** The top-level `--help`. */
export function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
  return `sievectl ${version()}: check, format and manage Sieve (RFC 5228) mail filters

Usage: sievectl <command> [options] [arguments]

Commands:
${rows}

Global options:
  -h, --help       show help (also 'sievectl <command> --help')
      --version    print the version
      --json       machine-readable output
  -q, --quiet      print less
      --no-color   never colour output (also NO_COLOR=1)
      --debug      server commands: redacted protocol trace on stderr

Server commands connect with --server sieve://user@host[:port] (or SIEVECTL_SERVER, or an
account of the config file); see 'sievectl caps --help' for every connection option.

Exit codes: 0 success, 1 a problem was found (invalid script, the server said NO),
2 usage error, unreadable input, or cannot connect/authenticate.
Reference: docs/cli.md
`;
}

const GLOBAL_BEFORE_COMMAND = new Set(["--json", "--quiet", "-q", "--no-color", "--debug"]);

/**
 * Runs one `sievectl` invocation.
 *
 * @param argv - the arguments after the program name (`process.argv.slice(2)`)
 * @param io - streams, environment and working directory; the real process by default
 * @returns the exit code: 0, 1 or 2 (CLI.md, "Exit codes")
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const args = [...argv];
  // Global flags may come before the command name; they are handed on to the command.
  const leading: string[] = [];
  while (args.length > 0 && (args[0] ?? "").startsWith("-")) {
    const a = args.shift() as string;
    if (a === "--help" || a === "-h") {
      io.stdout.write(topLevelHelp());
      return EXIT_OK;
    }
    if (a === "--version" || a === "-V") {
      io.stdout.write(`sievectl ${version()}\n`);
      return EXIT_OK;
    }
    if (!GLOBAL_BEFORE_COMMAND.has(a)) return usage(io, new UsageError(`unknown option '${a}'`));
    leading.push(a);
  }
  const name = args.shift();
  if (name === undefined) {
    io.stderr.write(topLevelHelp());
    return EXIT_USAGE;
  }
  if (name === "help") {
    const topic = args[0];
    if (topic === undefined) {
      io.stdout.write(topLevelHelp());
      return EXIT_OK;
    }
    const entry = findCommand(topic);
    if (!entry) return usage(io, unknownCommand(topic));
    io.stdout.write((await entry.load()).help);
    return EXIT_OK;
  }
  const entry = findCommand(name);
  if (!entry) return usage(io, unknownCommand(name));
  const mod = await entry.load();
  try {
    return await mod.run([...leading, ...args], io);
  } catch (err) {
    if (err instanceof UsageError) return usage(io, err);
    const debug = args.includes("--debug") || leading.includes("--debug");
    const e = err as Error;
    io.stderr.write(`sievectl ${entry.name}: internal error: ${debug ? (e.stack ?? e.message) : e.message}\n`);
    return EXIT_USAGE;
  }
}

function unknownCommand(name: string): UsageError {
  if (PLANNED.includes(name)) return new UsageError(`'${name}' is not available in this version of sievectl yet`);
  const near = COMMANDS.map((c) => c.name).find((c) => editDistance(c, name) <= 2);
  return new UsageError(`unknown command '${name}'${near ? ` (did you mean '${near}'?)` : ""}`);
}

function usage(io: Io, err: UsageError): number {
  const who = err.command ? `sievectl ${err.command}` : "sievectl";
  const help = err.command ? `sievectl ${err.command} --help` : "sievectl --help";
  io.stderr.write(`${who}: ${err.message}\nTry '${help}' for more information.\n`);
  return EXIT_USAGE;
}

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length] as number;
}
