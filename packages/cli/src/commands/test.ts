/**
 * `sievectl test SCRIPT MESSAGE…`: a dry run. The script is compiled once and run against each
 * message in turn, read one at a time (CLI.md, "test output"); nothing is delivered or sent.
 *
 * @module
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import {
  compile,
  dryRun,
  type Envelope,
  type Host,
  type IncludeLocation,
  type Program,
  run as runProgram,
  type RunResult,
  SieveCompileError,
} from "@sieve-toolkit/interpreter";
import { type Parsed, parseCommandArgs, stringOpt, UsageError } from "../args.ts";
import { describeFsError, displayName } from "../files.ts";
import { invalidScriptName } from "../includes.ts";
import { type Io, makeStyle, readAll, sanitize, useColor } from "../io.ts";
import { envelopeFromHeaders, readMessages } from "../messages.ts";
import { renderDiagnostic } from "../report/text.ts";
import { jsonCompileErrorLine, jsonMessageLine } from "../report/test-json.ts";
import { Progress } from "../report/test-progress.ts";
import { TestSummary } from "../report/test-summary.ts";
import { renderMessage } from "../report/test-text.ts";
import { version } from "../version.ts";

/** The `--help` text. */
export const help = `Usage: sievectl test [options] SCRIPT MESSAGE...

Dry run: what SCRIPT would do with each message. Nothing is delivered, sent or stored.
MESSAGE is a message file (.eml or any other name), a Maildir (the files of cur/ then new/),
an mbox (a file starting with "From "; mboxrd quoting undone), a directory (its *.eml files
and Maildirs, recursively), or - for stdin (one message, or an mbox). SCRIPT may be - when
no MESSAGE is.

Envelope (RFC 5228 §5.4), per message unless given:
      --from ADDR            MAIL FROM; --from '' (or '<>') is the null sender.
                             Default: the message's Return-Path, else its first From
                             address, else the null sender
      --to ADDR              RCPT TO. Default: the first address of the message's
                             Delivered-To, else X-Original-To, else To
      --orig-to ADDR         the original recipient (envelope "orig_to"); default: --to

Context (what the mail store would answer):
      --env NAME=VALUE       an environment item (RFC 5183); repeatable
      --mailbox-exists NAME  a mailbox that exists besides INBOX; repeatable, one per flag
      --duplicate-seen ID    a duplicate id already seen (RFC 7352); repeatable
      --global-dir DIR       where 'include :global' scripts are (NAME.sieve)
      --personal-dir DIR     where 'include :personal' scripts are (default: the script's directory)
      --now ISO-DATE         fix the current time (currentdate, RFC 5260 §5), e.g.
                             2024-12-24T18:00:00+01:00; an offset (or Z) also becomes the
                             local time zone of date tests without :zone

Output:
      --trace                per message, every command, each test's comparison (what was
                             compared with what) and outcome, and every action
      --json                 one JSON object per message per line (docs/cli.md)
  -q, --quiet                no summary table, no progress line
      --no-color             never colour output (also NO_COLOR=1)
  -h, --help                 show this help

Over more than one message a summary table follows (messages per action and per folder);
on a terminal, a progress line is kept on stderr.

Exit codes: 0 every message ran, 1 the script does not compile or a message ended in a
runtime error, 2 usage error, or a script or message path could not be read (the other
messages are still tested), or no message was found.
`;

const OPTIONS = {
  from: { type: "string" },
  to: { type: "string" },
  "orig-to": { type: "string" },
  env: { type: "string", multiple: true },
  "mailbox-exists": { type: "string", multiple: true },
  "duplicate-seen": { type: "string", multiple: true },
  "global-dir": { type: "string" },
  "personal-dir": { type: "string" },
  now: { type: "string" },
  trace: { type: "boolean" },
} as const;

/** Where `keep` stores: the interpreter's default. */
const DEFAULT_MAILBOX = "INBOX";

/** The envelope flags: undefined fields come from each message. */
interface EnvelopeFlags {
  /** null: the null sender. */
  from?: string | null;
  to?: string;
  originalTo?: string;
}

/** `--from ''` and `--from '<>'` are the null sender; `<addr>` is addr. */
function address(value: string): string | null {
  const v = value.trim();
  if (v === "" || v === "<>") return null;
  return v.startsWith("<") && v.endsWith(">") ? v.slice(1, -1) : v;
}

function envelopeFlags(p: Parsed): EnvelopeFlags {
  const out: EnvelopeFlags = {};
  const from = stringOpt(p, "from");
  if (from !== undefined) out.from = address(from);
  const to = stringOpt(p, "to");
  if (to !== undefined) out.to = address(to) ?? "";
  const orig = stringOpt(p, "orig-to");
  if (orig !== undefined) out.originalTo = address(orig) ?? "";
  return out;
}

/** The envelope of one message: the flags, completed from its header. */
function envelopeOf(flags: EnvelopeFlags, bytes: Uint8Array): Envelope {
  const implied = flags.from === undefined || flags.to === undefined ? envelopeFromHeaders(bytes) : null;
  const env: Envelope = {
    from: flags.from !== undefined ? flags.from : (implied?.from ?? null),
    to: flags.to ?? implied?.to ?? "",
  };
  if (flags.originalTo !== undefined) env.originalTo = flags.originalTo;
  return env;
}

/** `--env NAME=VALUE…` as a table; names lower-cased, as the environment test asks (RFC 5183 §4). */
function envItems(p: Parsed): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of (p.values.env as string[] | undefined) ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--env needs NAME=VALUE, got '${item}'`, "test");
    out[item.slice(0, eq).toLowerCase()] = item.slice(eq + 1);
  }
  return out;
}

/**
 * `--now`: an ISO 8601 date or date-time (RFC 3339 §5.6 form). Without an offset it is local
 * time (a date alone too, unlike `Date.parse`); with one, that offset is returned as the zone.
 */
export function parseNow(value: string): { now: Date; zone: string | null } {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`--now needs an ISO date like 2024-12-24T18:00:00+01:00, got '${value}'`, "test");
  const [, day, time, offset] = m;
  const date = new Date(`${day}T${time ?? "00:00:00"}${offset ?? ""}`);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--now: '${value}' is not a valid date`, "test");
  let zone: string | null = null;
  if (offset !== undefined) {
    // RFC 5260 §4.3 zones are "+hhmm"/"-hhmm".
    zone = offset.toUpperCase() === "Z" ? "+0000" : offset.replace(":", "");
  }
  return { now: date, zone };
}

/**
 * Included scripts from the global and personal directories, the way `check` resolves them
 * (`NAME.sieve`, `NAME.siv`, `NAME`). Read once per run of the command: the host is asked
 * synchronously, for every message.
 */
function includeReader(
  globalDir: string | null,
  personalDir: string,
): (location: IncludeLocation, name: string) => Uint8Array | null {
  const cache = new Map<string, Uint8Array | null>();
  return (location, name) => {
    const key = `${location}:${name}`;
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit ?? null;
    let found: Uint8Array | null = null;
    const dir = location === "global" ? globalDir : personalDir;
    // RFC 5804 §1.6 names; a path separator would leave the directory. Missing → the
    // interpreter reports SIEVE_E_INCLUDE (or skips an :optional include).
    if (dir !== null && invalidScriptName(name) === null) {
      for (const candidate of [`${name}.sieve`, `${name}.siv`, name]) {
        const path = join(dir, candidate);
        try {
          if (!statSync(path).isFile()) continue;
          found = readFileSync(path);
          break;
        } catch {
          // try the next form
        }
      }
    }
    cache.set(key, found);
    return found;
  };
}

/** A run that failed outside the script's control (an interpreter bug): reported, not fatal to the batch. */
function internalFailure(err: unknown): RunResult {
  const message = err instanceof Error ? err.message : String(err);
  return {
    status: "runtime-error",
    actions: [{ type: "keep", implicit: true, flags: [] }],
    implicitKeep: true,
    errors: [{ line: 0, column: 0, message: `internal error: ${message}`, code: "SIEVE_E_RUNTIME" }],
    warnings: [],
    trace: [],
    headers: { added: [], deleted: [] },
  };
}

/** Runs `sievectl test`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommandArgs("test", argv, OPTIONS);
  if (p.global.help) {
    io.stdout.write(help);
    return 0;
  }
  if (p.global.version) {
    io.stdout.write(`sievectl ${version()}\n`);
    return 0;
  }
  const [scriptArg, ...messageArgs] = p.positionals;
  if (scriptArg === undefined) throw new UsageError("no script given", "test");
  if (messageArgs.length === 0) throw new UsageError("no messages given (use - for stdin)", "test");
  if (p.positionals.filter((x) => x === "-").length > 1) {
    throw new UsageError("'-' (stdin) given more than once", "test");
  }
  const flags = envelopeFlags(p);
  const env = envItems(p);
  const nowFlag = stringOpt(p, "now");
  const now = nowFlag === undefined ? null : parseNow(nowFlag);
  const dir = (name: string) => {
    const v = stringOpt(p, name);
    return v === undefined ? null : resolve(io.cwd, v);
  };
  const trace = p.values.trace === true;
  const json = p.global.json;
  const style = makeStyle(useColor(io.stdout, io.env, p.global.noColor));

  // The script.
  let scriptBytes: Uint8Array;
  let scriptName: string;
  let scriptDir: string;
  if (scriptArg === "-") {
    scriptBytes = await readAll(io.stdin);
    scriptName = "<stdin>";
    scriptDir = io.cwd;
  } else {
    const abs = resolve(io.cwd, scriptArg);
    scriptName = displayName(abs, io.cwd);
    scriptDir = dirname(abs);
    try {
      scriptBytes = readFileSync(abs);
    } catch (err) {
      io.stderr.write(`sievectl test: cannot read '${sanitize(scriptName)}': ${describeFsError(err)}\n`);
      return 2;
    }
  }
  let program: Program;
  try {
    program = compile(scriptBytes);
  } catch (err) {
    if (!(err instanceof SieveCompileError)) throw err;
    if (json) {
      io.stdout.write(jsonCompileErrorLine(scriptName, err.diagnostics));
    } else {
      const text = new TextDecoder().decode(scriptBytes);
      const blocks = err.diagnostics
        .filter((d) => d.severity === "error")
        .map((d) => renderDiagnostic(scriptName, text, d, style));
      io.stdout.write(blocks.join("\n"));
      if (!p.global.quiet)
        io.stdout.write(`\n${style.red(`${sanitize(scriptName)} does not compile: no message tested`)}\n`);
    }
    return 1;
  }

  const base = dryRun({
    mailboxes: (p.values["mailbox-exists"] as string[] | undefined) ?? [],
    duplicates: (p.values["duplicate-seen"] as string[] | undefined) ?? [],
    env,
    ...(now === null ? {} : { now: now.now }),
    ...(now?.zone == null ? {} : { zone: now.zone }),
  });
  const host: Host = { ...base, include: includeReader(dir("global-dir"), dir("personal-dir") ?? scriptDir) };

  const summary = new TestSummary(DEFAULT_MAILBOX);
  const progress = new Progress(io.stderr, io.stderr.isTTY === true && !p.global.quiet);
  const out = (s: string) => {
    progress.clear();
    io.stdout.write(s);
  };
  for await (const item of readMessages(messageArgs, { cwd: io.cwd, stdin: io.stdin })) {
    if (item.kind === "error") {
      progress.clear();
      io.stderr.write(`sievectl test: ${sanitize(item.message)}\n`);
      summary.unreadable++;
      continue;
    }
    let result: RunResult;
    try {
      result = await runProgram(program, item.bytes, envelopeOf(flags, item.bytes), host, {
        trace: trace ? "matching" : "none",
        defaultMailbox: DEFAULT_MAILBOX,
      });
    } catch (err) {
      result = internalFailure(err);
    }
    const outcome = { message: item.name, result };
    if (json) out(jsonMessageLine(outcome, trace));
    else
      out(
        `${summary.messages > 0 ? "\n" : ""}${renderMessage(outcome, { style, trace, defaultMailbox: DEFAULT_MAILBOX })}`,
      );
    summary.add(result);
    progress.update(summary.messages, item.name);
  }
  progress.clear();
  if (summary.messages === 0 && summary.unreadable === 0) {
    // Passing silently over an empty folder hides a wrong path in CI, as in `check`.
    io.stderr.write("sievectl test: no messages found in the given paths\n");
    return 2;
  }
  if (!json && !p.global.quiet && summary.messages > 1) {
    io.stdout.write(`${summary.messages > 0 ? "\n" : ""}${summary.render(style)}`);
  }
  if (summary.unreadable > 0) return 2;
  return summary.runtimeErrors > 0 ? 1 : 0;
}
