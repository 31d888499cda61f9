/**
 * Runs Pigeonhole `.svtest` files (conformance README §2) on the interpreter: each file is one
 * script run once top to bottom, with the testsuite commands of `testsuite.ts`. Files listed in
 * `skips.json` are not run; `tests/failures/*` run in expect-failure mode (README §1).
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compile, type Program } from "../../packages/interpreter/src/compile.ts";
import { SieveCompileError, SieveRuntimeError } from "../../packages/interpreter/src/errors.ts";
import { MessageView } from "../../packages/interpreter/src/message/view.ts";
import { Result } from "../../packages/interpreter/src/result.ts";
import { execBlock } from "../../packages/interpreter/src/runtime.ts";
import { DEFAULT_RUN_LIMITS } from "../../packages/interpreter/src/types.ts";
import { DEFAULT_MESSAGE, setMessage, Suite, type TestRecord, TestRuntime } from "./testsuite.ts";

/** The copied Pigeonhole tree (README table at the top). */
export const PIGEONHOLE_DIR = fileURLToPath(new URL("../../../shared/conformance/pigeonhole", import.meta.url));
/** The directory the runner walks by default. */
export const SUITE_DIR = join(PIGEONHOLE_DIR, "tests");

/** The verdict of one file. */
export interface FileReport {
  /** Path relative to the Pigeonhole tree, e.g. `tests/control-if.svtest`. */
  file: string;
  status: "passed" | "failed" | "skipped";
  /** One line: why it failed or was skipped ("" when it passed). */
  reason: string;
  /** Run in expect-failure mode (tests/failures, README §1). */
  expectFailure: boolean;
  tests: TestRecord[];
  /** Test blocks the file has that never started (compile failure, abort): counted failed. */
  notReached: number;
  notes: string[];
}

/** Totals of a run. */
export interface Summary {
  files: { passed: number; failed: number; skipped: number };
  tests: { passed: number; failed: number; skipped: number };
  reports: FileReport[];
}

/** A skip entry: a file path, or a directory ending in "/", relative to the Pigeonhole tree. */
export type Skips = Readonly<Record<string, string>>;

/** Reads `skips.json` (path → reason). */
export function loadSkips(): Skips {
  const raw = JSON.parse(readFileSync(new URL("./skips.json", import.meta.url), "utf8")) as {
    skips: Record<string, string>;
  };
  return raw.skips;
}

/** Every `.svtest` (and the `.svtest.in` template) under `path`, sorted. */
export function collectFiles(path: string): string[] {
  const st = statSync(path);
  if (st.isFile()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    const p = join(path, name);
    if (statSync(p).isDirectory()) out.push(...collectFiles(p));
    else if (name.endsWith(".svtest") || name.endsWith(".svtest.in")) out.push(p);
  }
  return out;
}

/** Number of top-level `test` blocks, for files whose blocks never start. */
function countBlocks(source: string): number {
  return source.match(/^test\s+"/gm)?.length ?? 0;
}

/**
 * The source of a file. The `test-address.svtest.in` template is generated with its `#UTF8#`
 * lines deleted, as for an engine that accepts RFC 6532 addresses (README §2.8).
 */
function sourceOf(path: string): string {
  const text = readFileSync(path, "utf8");
  if (!path.endsWith(".in")) return text;
  return text
    .split("\n")
    .filter((l) => !l.startsWith("#UTF8#"))
    .join("\n");
}

/** The skip reason of `rel`, or null. */
function skipReason(rel: string, skips: Skips): string | null {
  for (const [key, reason] of Object.entries(skips)) {
    if (key === rel || (key.endsWith("/") && rel.startsWith(key))) return reason;
  }
  return null;
}

/** Runs one file (not skipped). */
export async function runFile(path: string, rel: string): Promise<FileReport> {
  const expectFailure = rel.startsWith("tests/failures/");
  const source = sourceOf(path);
  const blocks = countBlocks(source);
  // The template runs as the file upstream generates from it (README §2.8).
  const suite = new Suite(resolve(path.endsWith(".in") ? path.slice(0, -3) : path));
  const report: FileReport = {
    file: rel,
    status: "failed",
    reason: "",
    expectFailure,
    tests: suite.tests,
    notReached: 0,
    notes: suite.notes,
  };
  let program: Program;
  try {
    program = compile(source, suite.options);
  } catch (e) {
    report.notReached = blocks;
    if (e instanceof SieveCompileError) {
      const first = e.diagnostics.find((d) => d.severity === "error");
      report.reason = `does not compile: line ${first?.line ?? 0}: ${first?.message ?? e.message}`;
    } else {
      // compile() itself threw (an engine gap, not a script error): still this file's failure.
      report.reason = `compile threw: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (expectFailure) {
      report.status = "passed";
      report.reason = "";
    }
    return report;
  }
  const rt = new TestRuntime({
    suite,
    program,
    message: MessageView.fromString(DEFAULT_MESSAGE),
    envelope: { from: null, to: "", auth: "testuser" },
    limits: { ...DEFAULT_RUN_LIMITS, ...program.limits },
    result: new Result(program.limits, "INBOX"),
    subscript: false,
    scriptDir: suite.dir,
  });
  setMessage(rt, DEFAULT_MESSAGE);
  let aborted: string | null = null;
  try {
    await execBlock(program.commands, rt);
  } catch (e) {
    const kind = e instanceof SieveRuntimeError ? `${e.code}: ` : "";
    aborted = `aborted: ${kind}${e instanceof Error ? e.message : String(e)}`;
    if (!(e instanceof Error) || (e.name !== "TestAbort" && !(e instanceof SieveRuntimeError))) {
      aborted = `aborted (engine threw): ${e instanceof Error ? (e.stack ?? e.message).split("\n").slice(0, 3).join(" | ") : String(e)}`;
    }
  }
  report.notReached = Math.max(0, blocks - suite.tests.length);
  const failed = suite.tests.filter((t) => t.result === "failed");
  if (expectFailure) {
    // README §2.2: passes when every started test failed, or the run aborted.
    const ok = aborted !== null || failed.length >= suite.tests.length;
    report.status = ok ? "passed" : "failed";
    report.reason = ok ? "" : `expected failure, but ${suite.tests.length - failed.length} test(s) succeeded`;
    return report;
  }
  if (aborted !== null) {
    report.reason = aborted;
  } else if (failed.length > 0) {
    const f = failed[0] as TestRecord;
    report.reason = `${failed.length} of ${suite.tests.length} failed; first: '${f.name}': ${f.failures[0] ?? ""}`;
  } else {
    report.status = "passed";
  }
  return report;
}

/** Runs every file under `paths` (default: the whole suite) and totals the verdicts. */
export async function runConformance(paths: string[] = [SUITE_DIR], skips: Skips = loadSkips()): Promise<Summary> {
  const files = paths.flatMap((p) => collectFiles(resolve(p)));
  const summary: Summary = {
    files: { passed: 0, failed: 0, skipped: 0 },
    tests: { passed: 0, failed: 0, skipped: 0 },
    reports: [],
  };
  for (const path of files) {
    const rel = relative(PIGEONHOLE_DIR, path);
    const skip = skipReason(rel, skips);
    let report: FileReport;
    if (skip !== null) {
      report = {
        file: rel,
        status: "skipped",
        reason: skip,
        expectFailure: false,
        tests: [],
        notReached: countBlocks(sourceOf(path)),
        notes: [],
      };
      summary.tests.skipped += report.notReached;
    } else {
      report = await runFile(path, rel);
      const passed = report.tests.filter((t) => t.result === "passed").length;
      if (report.expectFailure) {
        // In expect-failure mode a failing block is the expected outcome.
        const good = report.status === "passed";
        summary.tests[good ? "passed" : "failed"] += Math.max(1, report.tests.length + report.notReached);
      } else {
        summary.tests.passed += passed;
        summary.tests.failed += report.tests.length - passed + report.notReached;
      }
    }
    summary.files[report.status]++;
    summary.reports.push(report);
  }
  return summary;
}

/** The last line of a run. */
export function summaryLine(s: Summary): string {
  return (
    `files: ${s.files.passed} passed, ${s.files.failed} failed, ${s.files.skipped} skipped; ` +
    `tests: ${s.tests.passed} passed, ${s.tests.failed} failed, ${s.tests.skipped} skipped`
  );
}

/** True when the suite is present. */
export function suiteAvailable(): boolean {
  return existsSync(SUITE_DIR);
}
