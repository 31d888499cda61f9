/**
 * Argument parsing: `node:util` `parseArgs` per command, plus the global flags every command
 * accepts, turning every parse failure into a {@link UsageError} (exit code 2).
 *
 * @module
 */
import { type ParseArgsConfig, parseArgs } from "node:util";

/** A mistake in how the command was called. `main` prints it with a hint and exits 2. */
export class UsageError extends Error {
  /** The command it is about (for the `see 'sievectl X --help'` hint), or null for the top level. */
  readonly command: string | null;

  constructor(message: string, command: string | null = null) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

/** Option definitions in `parseArgs` form. */
export type OptionsSpec = NonNullable<ParseArgsConfig["options"]>;

/** Flags every command accepts (CLI.md, "Global flags"). */
export const GLOBAL_OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  debug: { type: "boolean" },
  "no-color": { type: "boolean" },
} as const satisfies OptionsSpec;

/** The values of the global flags. */
export interface GlobalFlags {
  help: boolean;
  version: boolean;
  json: boolean;
  quiet: boolean;
  debug: boolean;
  noColor: boolean;
}

/** The parsed command line of one command. */
export interface Parsed {
  global: GlobalFlags;
  /** Command-specific option values by long name. */
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/**
 * Parses `argv` (the arguments after the command name) against the global flags plus `options`.
 * `--` ends the options; a lone `-` is a positional (stdin).
 *
 * @throws UsageError for an unknown flag, a missing or unexpected value.
 */
export function parseCommandArgs(command: string, argv: string[], options: OptionsSpec): Parsed {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...GLOBAL_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(describeParseError(err), command);
  }
  const v = parsed.values as Record<string, string | boolean | string[] | boolean[] | undefined>;
  const global: GlobalFlags = {
    help: v.help === true,
    version: v.version === true,
    json: v.json === true,
    quiet: v.quiet === true,
    debug: v.debug === true,
    noColor: v["no-color"] === true,
  };
  return { global, values: v, positionals: parsed.positionals };
}

/** Node's parseArgs messages are long and mention internals; keep the useful part. */
function describeParseError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const msg = e.message ?? String(err);
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const m = /Unknown option '([^']+)'/.exec(msg);
      return `unknown option '${m?.[1] ?? msg}'`;
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const m = /Option '(-[^' ]+)/.exec(msg);
      if (/argument missing/.test(msg)) return `option '${m?.[1] ?? "?"}' needs a value`;
      if (/does not take an argument/.test(msg)) return `option '${m?.[1] ?? "?"}' does not take a value`;
      return msg;
    }
    default:
      return msg;
  }
}

/** A `string` option's value, or undefined. */
export function stringOpt(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === "string" ? v : undefined;
}

/**
 * A non-negative integer option (`--max-size 64K` style quantifiers K/M/G allowed, as in Sieve
 * numbers).
 *
 * @throws UsageError when the value is not such a number.
 */
export function sizeOpt(command: string, p: Parsed, name: string): number | undefined {
  const raw = stringOpt(p, name);
  if (raw === undefined) return undefined;
  const m = /^(\d+)([KMG]?)$/i.exec(raw.trim());
  if (!m) throw new UsageError(`option '--${name}' needs a number (optionally with K, M or G), got '${raw}'`, command);
  const mult = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[(m[2] ?? "").toUpperCase() as "" | "K" | "M" | "G"];
  return Number(m[1]) * mult;
}
