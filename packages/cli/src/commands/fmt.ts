/**
 * `sievectl fmt PATH…`: print scripts in canonical form, rewrite them (`--write`), or list
 * those that would change (`--check`). Comments are kept (the printer round-trips them).
 * A script with syntax errors is never formatted: its diagnostics are reported instead.
 *
 * @module
 */
import { type Diagnostic, type PrintOptions, parse, print, type Script } from "@sieve-toolkit/parser";
import { type Parsed, parseCommandArgs, stringOpt, UsageError } from "../args.ts";
import { collectInputs, describeFsError, readBytes, writeAtomic } from "../files.ts";
import { type Io, makeStyle, readAll, sanitize, useColor } from "../io.ts";
import { renderDiagnostic } from "../report/text.ts";
import { version } from "../version.ts";

export const help = `Usage: sievectl fmt [options] PATH...

Print Sieve scripts in canonical form. PATH is a file, a directory (recursively, *.sieve and
*.siv) or - for stdin. Without --write or --check, exactly one script is printed to stdout.
Scripts with syntax errors are never formatted; their errors are reported on stderr.

Options:
  -w, --write                rewrite files in place (atomically: temp file + rename)
      --check                change nothing; list the files that would change, exit 1 if any
      --indent N|tab         indentation per block level (default 2 spaces)
      --line-ending lf|crlf  line breaks to write (default lf)
      --stdin-filename NAME  the name to report for - (default <stdin>)
      --json                 with --check or --write: print {"files":[…],"summary":{…}}
  -q, --quiet                do not list files
      --no-color             never colour output (also NO_COLOR=1)
  -h, --help                 show this help

Exit codes: 0 done (or nothing would change), 1 a script has syntax errors or --check found
a file that would change, 2 usage error or a file could not be read or written.
`;

const OPTIONS = {
  write: { type: "boolean", short: "w" },
  check: { type: "boolean" },
  "stdin-filename": { type: "string" },
  indent: { type: "string" },
  "line-ending": { type: "string" },
} as const;

/** Printer options from `--indent` and `--line-ending`; only those given (the printer has the defaults). */
function printOptions(p: Parsed): PrintOptions {
  const out: PrintOptions = {};
  const indent = stringOpt(p, "indent");
  if (indent !== undefined) {
    if (indent === "tab") out.indent = "\t";
    else if (/^\d{1,2}$/.test(indent) && Number(indent) <= 16) out.indent = Number(indent);
    else throw new UsageError(`--indent takes a number of spaces (0-16) or 'tab', got '${indent}'`, "fmt");
  }
  const eol = stringOpt(p, "line-ending");
  if (eol !== undefined) {
    if (eol === "lf") out.lineEnding = "\n";
    else if (eol === "crlf") out.lineEnding = "\r\n";
    else throw new UsageError(`--line-ending takes 'lf' or 'crlf', got '${eol}'`, "fmt");
  }
  return out;
}

/** The tree without positions and layout-only details, for comparing two parses. */
function shape(ast: Script): string {
  const commands = JSON.stringify(ast.commands, (key, value) =>
    key === "range" || key === "nameRange" || key === "multiline" ? undefined : value,
  );
  const comments = ast.comments.map((c) => c.text.trimEnd()).sort();
  return `${commands}\n${JSON.stringify(comments)}`;
}

/**
 * Why `formatted` is not a faithful rewrite of `original` (it does not parse, or parses to a
 * different tree or comment set), or null when it is.
 */
function differs(original: Script, formatted: string): string | null {
  const again = parse(formatted);
  if (again.diagnostics.some((d) => d.severity === "error")) return "the formatted text does not parse";
  if (shape(again.ast) !== shape(original)) return "the formatted text parses to a different script";
  return null;
}

/** What happened to one file, for `--json`. */
interface FmtResult {
  file: string;
  /** `formatted` (changed or would change), `unchanged`, `invalid` (syntax errors), `error` (I/O). */
  status: "formatted" | "unchanged" | "invalid" | "error";
  diagnostics: Diagnostic[];
  message?: string;
}

/** Runs `sievectl fmt`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommandArgs("fmt", argv, OPTIONS);
  if (p.global.help) {
    io.stdout.write(help);
    return 0;
  }
  if (p.global.version) {
    io.stdout.write(`sievectl ${version()}\n`);
    return 0;
  }
  const write = p.values.write === true;
  const checkOnly = p.values.check === true;
  if (write && checkOnly) throw new UsageError("--write and --check exclude each other", "fmt");
  if (p.positionals.length === 0) throw new UsageError("no paths given (use - for stdin)", "fmt");
  if (p.positionals.filter((x) => x === "-").length > 1)
    throw new UsageError("'-' (stdin) given more than once", "fmt");
  if (write && p.positionals.includes("-")) {
    throw new UsageError("--write cannot rewrite stdin (leave out --write to print the result)", "fmt");
  }
  const printOpts = printOptions(p);
  const inputs = await collectInputs(p.positionals, io.cwd, stringOpt(p, "stdin-filename") ?? "<stdin>");
  if (inputs.length === 0) {
    io.stderr.write("sievectl fmt: no Sieve scripts (*.sieve, *.siv) found in the given paths\n");
    return 2;
  }
  const printing = !write && !checkOnly;
  if (printing && inputs.length > 1) {
    throw new UsageError(
      `${inputs.length} scripts given: fmt prints one script; use --write or --check for several`,
      "fmt",
    );
  }
  const style = makeStyle(useColor(io.stderr, io.env, p.global.noColor));
  const results: FmtResult[] = [];
  let code = 0;
  const worst = (c: number) => {
    code = Math.max(code, c);
  };

  for (const input of inputs) {
    if (input.kind === "error") {
      io.stderr.write(`sievectl fmt: cannot read '${sanitize(input.file)}': ${input.message}\n`);
      results.push({ file: input.file, status: "error", diagnostics: [], message: input.message });
      worst(2);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = input.kind === "stdin" ? await readAll(io.stdin) : await readBytes(input.path);
    } catch (err) {
      io.stderr.write(`sievectl fmt: cannot read '${sanitize(input.file)}': ${describeFsError(err)}\n`);
      results.push({ file: input.file, status: "error", diagnostics: [], message: describeFsError(err) });
      worst(2);
      continue;
    }
    const parsed = parse(bytes);
    const errors = parsed.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      // Never format what did not parse: the tree is partial and printing it would lose text.
      if (!(p.global.json && !printing)) {
        for (const d of errors) io.stderr.write(`${renderDiagnostic(input.file, parsed.text, d, style)}\n`);
      }
      io.stderr.write(`sievectl fmt: ${sanitize(input.file)}: not formatted: it has syntax errors\n`);
      results.push({ file: input.file, status: "invalid", diagnostics: errors });
      worst(1);
      continue;
    }
    let formatted: string;
    try {
      formatted = print(parsed.ast, printOpts);
    } catch (err) {
      io.stderr.write(`sievectl fmt: ${sanitize(input.file)}: the printer failed: ${(err as Error).message}\n`);
      results.push({ file: input.file, status: "error", diagnostics: [], message: (err as Error).message });
      worst(2);
      continue;
    }
    // A safety net for --write: never replace a script with one that means something else.
    const mismatch = differs(parsed.ast, formatted);
    if (mismatch) {
      io.stderr.write(
        `sievectl fmt: ${sanitize(input.file)}: not formatted: ${mismatch} (a printer bug; please report it)\n`,
      );
      results.push({ file: input.file, status: "error", diagnostics: [], message: mismatch });
      worst(2);
      continue;
    }
    if (printing) {
      io.stdout.write(formatted);
      results.push({ file: input.file, status: "unchanged", diagnostics: [] });
      continue;
    }
    const out = Buffer.from(formatted, "utf8");
    const changed = !out.equals(Buffer.from(bytes));
    results.push({ file: input.file, status: changed ? "formatted" : "unchanged", diagnostics: [] });
    if (!changed) continue;
    if (checkOnly) {
      if (!p.global.json && !p.global.quiet) io.stdout.write(`${sanitize(input.file)}\n`);
      worst(1);
      continue;
    }
    if (input.kind === "file") {
      try {
        await writeAtomic(input.path, out);
      } catch (err) {
        io.stderr.write(`sievectl fmt: cannot write '${sanitize(input.file)}': ${describeFsError(err)}\n`);
        const last = results[results.length - 1];
        if (last) Object.assign(last, { status: "error", message: describeFsError(err) });
        worst(2);
        continue;
      }
      if (!p.global.json && !p.global.quiet) io.stdout.write(`${sanitize(input.file)}\n`);
    }
  }

  if (p.global.json && !printing) {
    const summary = {
      files: results.length,
      formatted: results.filter((r) => r.status === "formatted").length,
      unchanged: results.filter((r) => r.status === "unchanged").length,
      invalid: results.filter((r) => r.status === "invalid").length,
      errors: results.filter((r) => r.status === "error").length,
    };
    const files = results.map((r) => ({
      file: r.file,
      status: r.status,
      ...(r.message !== undefined ? { message: r.message } : {}),
      diagnostics: r.diagnostics.map(({ severity, code: c, message, line, column, endLine, endColumn }) => ({
        severity,
        code: c,
        message,
        line,
        column,
        endLine,
        endColumn,
      })),
    }));
    io.stdout.write(`${JSON.stringify({ files, summary }, null, 2)}\n`);
  } else if (checkOnly && !p.global.quiet) {
    const n = results.filter((r) => r.status === "formatted").length;
    if (n > 0)
      io.stderr.write(`${n} of ${results.length} file${results.length === 1 ? "" : "s"} would be reformatted\n`);
  }
  return code;
}
