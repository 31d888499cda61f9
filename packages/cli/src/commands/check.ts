/**
 * `sievectl check PATH…`: validate scripts and report every diagnostic (CLI.md, "check output").
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { type CheckOptions, check, type Diagnostic } from "@sieve-toolkit/parser";
import { type Parsed, parseCommandArgs, sizeOpt, stringOpt, UsageError } from "../args.ts";
import { collectInputs, describeFsError, displayName, readBytes, realpathOr } from "../files.ts";
import { findIncludes, invalidScriptName, resolveScript } from "../includes.ts";
import { type Io, makeStyle, readAll, sanitize, useColor } from "../io.ts";
import { PROFILES } from "../profiles.ts";
import { renderGithub } from "../report/github.ts";
import { renderJson } from "../report/json.ts";
import type { CheckRun, Failure, FileResult } from "../report/model.ts";
import { renderSarif } from "../report/sarif.ts";
import { renderText } from "../report/text.ts";
import { version } from "../version.ts";
import { CONNECTION_HELP, CONNECTION_OPTIONS } from "../account.ts";
import { serverSieveCapability } from "../connect.ts";

const FORMATS = ["text", "json", "sarif", "github"] as const;
type Format = (typeof FORMATS)[number];

export const help = `Usage: sievectl check [options] PATH...

Validate Sieve scripts: files (any extension), directories (recursively, *.sieve and *.siv)
or - for stdin. Every diagnostic of every file is reported.

Options:
      --format FORMAT        text (default), json, sarif or github
      --json                 same as --format json
      --extensions "A B …"   validate against only these extensions (a server's SIEVE list)
      --profile NAME         validate against what a server advertises: ${Object.keys(PROFILES).join(", ")}
      --against-server       validate against the SIEVE capability of the server given by the
                             connection options below (read before login: no password needed)
      --global-dir DIR       where 'include :global' scripts are (NAME.sieve)
      --personal-dir DIR     where 'include :personal' scripts are (default: the script's directory)
      --global               check the scripts as global scripts (sieve_before/after)
      --max-size SIZE        largest script in bytes, K/M/G allowed (default 1M)
      --stdin-filename NAME  the name to report for - (default <stdin>)
  -q, --quiet                errors only, no summary line
      --no-color             never colour output (also NO_COLOR=1)
  -h, --help                 show this help

Exit codes: 0 all scripts valid (warnings allowed), 1 a script is invalid,
2 usage error or a path could not be read (the others are still checked), or
--against-server cannot connect.

With --against-server:${CONNECTION_HELP}`;

const OPTIONS = {
  format: { type: "string" },
  extensions: { type: "string", multiple: true },
  profile: { type: "string" },
  "global-dir": { type: "string" },
  "personal-dir": { type: "string" },
  global: { type: "boolean" },
  "max-size": { type: "string" },
  "stdin-filename": { type: "string" },
  "against-server": { type: "boolean" },
  ...CONNECTION_OPTIONS,
} as const;

/** Settings of one run, from the flags. */
interface Settings {
  format: Format;
  options: CheckOptions;
  globalDir: string | null;
  personalDir: string | null;
}

function settings(p: Parsed, io: Io): Settings {
  const formatFlag = stringOpt(p, "format");
  if (formatFlag !== undefined && !(FORMATS as readonly string[]).includes(formatFlag)) {
    throw new UsageError(`unknown format '${formatFlag}' (expected ${FORMATS.join(", ")})`, "check");
  }
  if (p.global.json && formatFlag !== undefined && formatFlag !== "json") {
    throw new UsageError(`--json conflicts with --format ${formatFlag}`, "check");
  }
  const format: Format = p.global.json ? "json" : ((formatFlag as Format | undefined) ?? "text");

  const options: CheckOptions = {};
  const ext = p.values.extensions as string[] | undefined;
  const profile = stringOpt(p, "profile");
  if ([ext, profile, p.values["against-server"] || undefined].filter((x) => x !== undefined).length > 1) {
    throw new UsageError("use only one of --extensions, --profile and --against-server", "check");
  }
  if (ext !== undefined) {
    // Space- or comma-separated, and the flag may be repeated: --extensions "fileinto vacation".
    options.capabilities = ext.flatMap((e) => e.split(/[\s,]+/)).filter((e) => e !== "");
  } else if (profile !== undefined) {
    const caps = PROFILES[profile.toLowerCase()];
    if (!caps) {
      throw new UsageError(`unknown profile '${profile}' (expected ${Object.keys(PROFILES).join(", ")})`, "check");
    }
    options.capabilities = caps;
  }
  if (p.values.global === true) options.global = true;
  const maxSize = sizeOpt("check", p, "max-size");
  if (maxSize !== undefined) options.limits = { maxScriptSize: maxSize };
  const dir = (name: string) => {
    const v = stringOpt(p, name);
    return v === undefined ? null : resolve(io.cwd, v);
  };
  return { format, options, globalDir: dir("global-dir"), personalDir: dir("personal-dir") };
}

/** A diagnostic made by the CLI itself (include resolution), positioned on a range of `text`. */
function diagnostic(
  at: {
    start: { line: number; column: number; offset: number };
    end: { line: number; column: number; offset: number };
  },
  message: string,
): Diagnostic {
  return {
    severity: "error",
    code: "SIEVE_E_INCLUDE",
    message,
    line: at.start.line,
    column: at.start.column,
    endLine: at.end.line,
    endColumn: at.end.column,
    offset: at.start.offset,
    endOffset: at.end.offset,
  };
}

/** Checks inputs and the scripts they include, each once. */
class Checker {
  readonly results: FileResult[] = [];
  readonly failures: Failure[] = [];
  /** Real paths already checked (or being checked). */
  private readonly done = new Set<string>();
  private readonly s: Settings;
  private readonly io: Io;

  constructor(s: Settings, io: Io) {
    this.s = s;
    this.io = io;
  }

  /** Checks one top-level file. */
  async file(path: string, file: string): Promise<void> {
    const real = realpathOr(path);
    if (this.done.has(real)) return;
    let bytes: Uint8Array;
    try {
      bytes = await readBytes(path);
    } catch (err) {
      this.failures.push({ file, path, message: `cannot read '${file}': ${describeFsError(err)}` });
      return;
    }
    this.done.add(real);
    await this.script(bytes, file, path, this.s.personalDir ?? dirname(path), this.s.options.global ?? false, [real]);
  }

  /** Checks stdin. Includes resolve against the flags, or the working directory. */
  async stdin(file: string): Promise<void> {
    const bytes = await readAll(this.io.stdin);
    await this.script(bytes, file, null, this.s.personalDir ?? this.io.cwd, this.s.options.global ?? false, []);
  }

  /**
   * Checks one script, then the scripts it includes (depth first, so an included script is
   * listed after its includer). `stack` holds the real paths of the include chain, for cycles.
   */
  private async script(
    bytes: Uint8Array,
    file: string,
    path: string | null,
    personalDir: string,
    global: boolean,
    stack: string[],
  ): Promise<void> {
    const res = check(bytes, { ...this.s.options, global });
    const result: FileResult = { file, path, text: res.text, diagnostics: res.diagnostics, valid: res.valid };
    this.results.push(result);
    const extra: Diagnostic[] = [];
    for (const inc of findIncludes(res.ast)) {
      const bad = invalidScriptName(inc.name);
      if (bad) {
        extra.push(diagnostic(inc.at, `cannot include "${sanitize(inc.name)}": ${bad}`));
        continue;
      }
      const dir = inc.location === "global" ? this.s.globalDir : personalDir;
      if (dir === null) continue; // no --global-dir: global includes are not resolved (docs/cli.md)
      const target = await resolveScript(dir, inc.name);
      if (target === null) {
        if (!inc.optional) {
          const where = inc.location === "global" ? "global" : "personal";
          extra.push(
            diagnostic(inc.at, `included ${where} script "${inc.name}" not found in ${displayName(dir, this.io.cwd)}`),
          );
        }
        continue;
      }
      const real = realpathOr(target);
      const targetName = displayName(target, this.io.cwd);
      if (stack.includes(real)) {
        // RFC 6609 §3.2: implementations MUST NOT allow recursive script inclusion.
        extra.push(diagnostic(inc.at, `circular include of "${inc.name}" (${targetName})`));
        continue;
      }
      if (this.done.has(real)) continue;
      this.done.add(real);
      let data: Uint8Array;
      try {
        data = await readBytes(target);
      } catch (err) {
        extra.push(diagnostic(inc.at, `cannot read included script ${targetName}: ${describeFsError(err)}`));
        continue;
      }
      await this.script(data, targetName, target, personalDir, inc.location === "global" || global, [...stack, real]);
    }
    // The validator may already report a bad include (e.g. an invalid name) at the same place.
    const fresh = extra.filter(
      (x) => !result.diagnostics.some((d) => d.code === x.code && d.offset === x.offset && d.severity === "error"),
    );
    if (fresh.length > 0) {
      result.diagnostics = [...result.diagnostics, ...fresh].sort(
        (a, b) => a.offset - b.offset || a.endOffset - b.endOffset,
      );
      result.valid = false;
    }
  }
}

/** Runs `sievectl check`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommandArgs("check", argv, OPTIONS);
  if (p.global.help) {
    io.stdout.write(help);
    return 0;
  }
  if (p.global.version) {
    io.stdout.write(`sievectl ${version()}\n`);
    return 0;
  }
  const s = settings(p, io);
  if (p.positionals.length === 0) throw new UsageError("no paths given (use - for stdin)", "check");
  if (p.positionals.filter((x) => x === "-").length > 1)
    throw new UsageError("'-' (stdin) given more than once", "check");
  if (p.values["against-server"] === true) {
    const caps = await serverSieveCapability("check", p, io);
    if (typeof caps === "number") return caps;
    s.options.capabilities = caps;
  }

  const inputs = await collectInputs(p.positionals, io.cwd, stringOpt(p, "stdin-filename") ?? "<stdin>");
  if (inputs.length === 0) {
    // Passing silently over an empty folder hides a wrong path in CI: treat it as a usage error.
    io.stderr.write("sievectl check: no Sieve scripts (*.sieve, *.siv) found in the given paths\n");
    return 2;
  }
  const checker = new Checker(s, io);
  for (const input of inputs) {
    if (input.kind === "error") {
      checker.failures.push({
        file: input.file,
        path: input.path,
        message: `cannot read '${input.file}': ${input.message}`,
      });
    } else if (input.kind === "stdin") {
      await checker.stdin(input.file);
    } else {
      await checker.file(input.path, input.file);
    }
  }
  const runResult: CheckRun = { results: checker.results, failures: checker.failures };

  for (const f of runResult.failures) io.stderr.write(`sievectl check: ${sanitize(f.message)}\n`);
  switch (s.format) {
    case "json":
      io.stdout.write(renderJson(runResult));
      break;
    case "sarif":
      io.stdout.write(renderSarif(runResult, { base: io.cwd, version: version(), quiet: p.global.quiet }));
      break;
    case "github":
      io.stdout.write(renderGithub(runResult, io.env.GITHUB_WORKSPACE ?? io.cwd, p.global.quiet));
      break;
    default:
      io.stdout.write(
        renderText(runResult, {
          style: makeStyle(useColor(io.stdout, io.env, p.global.noColor)),
          quiet: p.global.quiet,
        }),
      );
  }
  if (runResult.failures.length > 0) return 2;
  return runResult.results.every((r) => r.valid) ? 0 : 1;
}
