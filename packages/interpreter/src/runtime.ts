/**
 * The state of one run and the shapes compiled code runs against. Internal: `run()` builds a
 * {@link Runtime}; commands and tests compiled by `compile()` read and change it.
 *
 * @module
 */
import type { Command, Test } from "@sieve-toolkit/parser";
import { SieveRuntimeError } from "./errors.ts";
import type { Program } from "./compile.ts";
import type { Host } from "./host.ts";
import type { MimePart } from "./message/mime.ts";
import type { MessageView } from "./message/view.ts";
import type { Result } from "./result.ts";
import { type Template, truncateUtf8 } from "./strings.ts";
import type { Tracer } from "./trace.ts";
import type { Envelope, RunLimits } from "./types.ts";

/** What a command tells the block it runs in: go on, end the whole run, or end this script (RFC 6609 §3.4). */
export type Flow = "next" | "stop" | "return";

/** A compiled command. */
export interface CompiledCommand {
  readonly name: string;
  readonly line: number;
  readonly column: number;
  exec(rt: Runtime): Flow | Promise<Flow>;
}

/** A compiled test. */
export interface CompiledTest {
  readonly name: string;
  readonly line: number;
  readonly column: number;
  evaluate(rt: Runtime): boolean | Promise<boolean>;
}

/** A position in the script. */
export interface At {
  line: number;
  column: number;
}

/** Variables of one script (RFC 5229 §3) with the names it declared `global` (RFC 6609 §3.5). */
export class Scope {
  readonly vars = new Map<string, string>();
  readonly globals = new Set<string>();
}

/** Everything one run reads and changes. Single-use. */
export class Runtime {
  readonly message: MessageView;
  readonly envelope: Envelope;
  readonly host: Host;
  readonly limits: Required<RunLimits>;
  readonly result: Result;
  readonly tracer: Tracer;
  readonly defaultMailbox: string;
  /** The main program (it caches compiled includes). */
  readonly program: Program;
  /** Variables declared global by any script (RFC 6609 §3.5). */
  readonly globalVars = new Map<string, string>();
  /** The variables of the script running now. */
  scope = new Scope();
  /** `${0}`…`${9}` of the last successful :matches/:regex (RFC 5229 §3.2). */
  matchVars: string[] = [];
  /**
   * Errors that do not end the run (Pigeonhole logs them and goes on): a `:regex` key built at
   * run time that does not compile makes its test false. Reported as `RunResult.warnings`.
   */
  readonly warnings: Array<{ line: number; column: number; message: string; code: string }> = [];
  /** The imap4flags internal variable (RFC 5232 §3), flags in the order added. */
  flags: string[] = [];
  /** Included scripts: how many so far, which ran (for `:once`), and the chain now running. */
  readonly included = new Set<string>();
  includeCount = 0;
  readonly includeChain: string[] = [];
  /**
   * The MIME part of the innermost running `foreverypart` loop (RFC 5703 §3), null outside any
   * loop; shared with included scripts, whose loops iterate inside it (RFC 5703 §3.1).
   */
  mimePart: MimePart | null = null;
  /** How many `foreverypart` loops run now, included scripts' loops counted too. */
  mimeLoopDepth = 0;
  #steps = 0;
  /** The command or test counted last: where an error thrown by a lower layer is reported. */
  lastAt: At = { line: 0, column: 0 };

  /** @param init - the parts of the run */
  constructor(init: {
    message: MessageView;
    envelope: Envelope;
    host: Host;
    limits: Required<RunLimits>;
    result: Result;
    tracer: Tracer;
    defaultMailbox: string;
    program: Program;
  }) {
    this.program = init.program;
    this.message = init.message;
    this.envelope = init.envelope;
    this.host = init.host;
    this.limits = init.limits;
    this.result = init.result;
    this.tracer = init.tracer;
    this.defaultMailbox = init.defaultMailbox;
  }

  /**
   * Counts one step.
   *
   * @throws SieveRuntimeError `SIEVE_E_STEP_LIMIT` past `maxSteps`
   */
  step(at: At): void {
    this.lastAt = at;
    this.#steps++;
    if (this.#steps > this.limits.maxSteps) {
      throw new SieveRuntimeError("SIEVE_E_STEP_LIMIT", `execution exceeded ${this.limits.maxSteps} steps`, at);
    }
  }

  /** The value of a variable ("" when unset, RFC 5229 §3); `env.*` reads the host's environment. */
  variable(name: string): string {
    const dot = name.indexOf(".");
    if (dot >= 0) {
      const ns = name.slice(0, dot);
      // vnd.dovecot.environment: `${env.NAME}` is the environment item NAME.
      if (ns === "env") return this.host.environment?.(name.slice(dot + 1)) ?? "";
      // RFC 6609 §3.5: `global.NAME` is the global variable NAME, declared or not.
      if (ns === "global") return this.globalVars.get(name.slice(dot + 1)) ?? "";
      return "";
    }
    if (this.scope.globals.has(name)) return this.globalVars.get(name) ?? "";
    return this.scope.vars.get(name) ?? "";
  }

  /** Assigns a variable, cut to `maxVariableSize` bytes (RFC 5229 §6). */
  setVariable(name: string, value: string): void {
    const v = truncateUtf8(value, this.limits.maxVariableSize);
    const key = name.toLowerCase();
    // RFC 6609 §3.5: assigning `global.NAME` sets the global variable NAME.
    if (key.startsWith("global.")) this.globalVars.set(key.slice(7), v);
    else if (this.scope.globals.has(key)) this.globalVars.set(key, v);
    else this.scope.vars.set(key, v);
  }

  /** Expands a template (RFC 5229 §3). */
  expand(t: Template): string {
    if (t.constant !== null) return t.constant;
    let out = "";
    for (const p of t.parts) {
      if (typeof p === "string") out += p;
      else if ("match" in p) out += this.matchVars[p.match] ?? "";
      else out += this.variable(p.variable);
    }
    return out;
  }

  /** Expands every template of a list. */
  expandAll(ts: readonly Template[]): string[] {
    return ts.map((t) => this.expand(t));
  }
}

/** Runs a block: one step per command; a non-`next` flow ends it. */
export async function execBlock(commands: readonly CompiledCommand[], rt: Runtime): Promise<Flow> {
  for (const c of commands) {
    rt.step(c);
    rt.tracer.add("commands", { type: "command", name: c.name, line: c.line, column: c.column });
    const flow = await c.exec(rt);
    if (flow !== "next") return flow;
  }
  return "next";
}

/** Evaluates a test, counting a step and tracing the outcome. */
export async function evaluate(t: CompiledTest, rt: Runtime): Promise<boolean> {
  rt.step(t);
  const r = await t.evaluate(rt);
  // At level `matching` the matcher already recorded what it compared; this is the outcome.
  rt.tracer.add("tests", { type: "test", name: t.name, line: t.line, column: t.column, result: r });
  return r;
}

/** The 1-based position of a command or test name. */
export function positionOf(node: Command | Test): At {
  return { line: node.nameRange.start.line, column: node.nameRange.start.column };
}
