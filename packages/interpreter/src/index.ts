/**
 * @sieve-toolkit/interpreter: compile a Sieve script once, run it against many messages, get
 * the actions (keep, fileinto, redirect, …) without any I/O.
 *
 * ```ts
 * import { compile, dryRun, run } from "@sieve-toolkit/interpreter";
 * const program = compile('require "fileinto"; if header :contains "subject" "sale" { fileinto "Junk"; }');
 * const result = await run(program, bytes, { from: "a@example.com", to: "me@example.org" }, dryRun());
 * ```
 *
 * @module
 */
export type { CommandCompiler, CompileContext, ResolvedArgs, TestCompiler } from "./arguments.ts";
export { type CompileOptions, compile, type Program } from "./compile.ts";
export { SieveCompileError, type SieveRuntimeCode, SieveRuntimeError } from "./errors.ts";
export {
  DEFAULT_ENVIRONMENT,
  type DryRunOptions,
  dryRun,
  type Host,
  type IncludeLocation,
  normalizeListName,
  type VacationPolicy,
  withSettings,
} from "./host.ts";
export { MessageView } from "./message/view.ts";
export { run } from "./run.ts";
export type { CompiledCommand, CompiledTest, Flow } from "./runtime.ts";
export type { ActionEvent, CommandEvent, ErrorEvent, TestEvent, TraceEvent, TraceLevel } from "./trace.ts";
export {
  type Action,
  DEFAULT_RUN_LIMITS,
  type DiscardAction,
  type Envelope,
  type FileintoAction,
  type KeepAction,
  type NotifyAction,
  type PipeAction,
  type RedirectAction,
  type RejectAction,
  type ReportAction,
  type RunError,
  type RunLimits,
  type RunOptions,
  type RunResult,
  type VacationAction,
} from "./types.ts";
