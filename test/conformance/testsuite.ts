/**
 * The `vnd.dovecot.testsuite` extension (conformance README §3) implemented through the
 * interpreter's compile hooks, plus the per-file state a `.svtest` run shares: test blocks,
 * the current message and envelope, the result, a simulated mailstore and outbox, recorded
 * errors, configuration overrides.
 *
 * The harness builds its own {@link TestRuntime} (a subclass of the interpreter's internal
 * `Runtime`) because `test_set "message"`, `test_result_reset` and `test_message` replace the
 * message and the result in the middle of a run, which `run()` has no public way to do.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command, Test } from "@sieve-toolkit/parser";
import type { CommandCompiler, ResolvedArgs, TestCompiler } from "../../packages/interpreter/src/arguments.ts";
import { type CompileOptions, compile, type Program } from "../../packages/interpreter/src/compile.ts";
import { SieveCompileError, SieveRuntimeError } from "../../packages/interpreter/src/errors.ts";
import {
  type Host,
  type IncludeLocation,
  normalizeListName,
  type VacationPolicy,
} from "../../packages/interpreter/src/host.ts";
import { compileMatch } from "../../packages/interpreter/src/matching.ts";
import { parseAddressList } from "../../packages/interpreter/src/message/address.ts";
import { MessageView } from "../../packages/interpreter/src/message/view.ts";
import { Result } from "../../packages/interpreter/src/result.ts";
import {
  type CompiledCommand,
  type CompiledTest,
  execBlock,
  positionOf,
  Runtime,
} from "../../packages/interpreter/src/runtime.ts";
import { Tracer } from "../../packages/interpreter/src/trace.ts";
import type { Action, Envelope, RunLimits } from "../../packages/interpreter/src/types.ts";

/** The message every file starts with (README §2.3). */
export const DEFAULT_MESSAGE = "From: sender@example.com\nTo: recipient@example.org\nSubject: Frop!\n\nFriep!\n";

/** One `test "name" {…}` block and how it ended. */
export interface TestRecord {
  name: string;
  result: "passed" | "failed";
  /** `test_fail` reasons and abort messages. */
  failures: string[];
  /** Things the harness could not check faithfully inside this block (ignored config keys, test_error mismatches). */
  notes: string[];
}

/** A message in the simulated mailstore (README §3.5). */
interface Stored {
  text: string;
  flags: string[];
}

/** A message in the simulated outbox (README §3.6): one entry per recipient. */
interface Sent {
  text: string;
  from: string | null;
  to: string;
}

/** `test_fail` inside a test block: ends the block (README §2.2). */
export class TestFailed extends Error {
  /** @param reason - the expanded `test_fail` argument */
  constructor(reason: string) {
    super(reason);
    this.name = "TestFailed";
  }
}

/** Aborts the whole file: `test_fail` outside a block, harness-level errors (README §2.2). */
export class TestAbort extends Error {
  /** @param reason - why the file aborts */
  constructor(reason: string) {
    super(reason);
    this.name = "TestAbort";
  }
}

/** Everything one `.svtest` file shares across its test blocks (README §2.1: nothing resets between blocks). */
export class Suite {
  /** Absolute path of the `.svtest` file. */
  readonly file: string;
  /** Its directory: `${tst.path}` and the root of `included/` (README §2.4). */
  readonly dir: string;
  readonly tests: TestRecord[] = [];
  current: TestRecord | null = null;
  /** Notes about the file outside any block. */
  readonly notes: string[] = [];
  /** The text of the current message (for store/redirect and `test_assert_message`). */
  messageText = DEFAULT_MESSAGE;
  /** Errors of the last test_script_compile/run or test_result_execute (README §3.11). */
  errors: string[] = [];
  compiled: { program: Program; dir: string } | null = null;
  readonly binaries = new Map<string, { program: Program; dir: string }>();
  /** Mailbox name → stored messages. INBOX always exists. */
  readonly mailstore = new Map<string, Stored[]>([["INBOX", []]]);
  outbox: Sent[] = [];
  /** How many explicit actions of the current result were already executed, and whether the implicit keep was. */
  executed = 0;
  implicitKeepDone = false;
  readonly config = new Map<string, string>();
  readonly env = new Map<string, string>();
  /** Metadata: mailbox ("" for the server) → entry → value. */
  readonly metadata = new Map<string, Map<string, string>>();
  /** Compile options of every script of this file: the testsuite hooks. */
  readonly options: CompileOptions;

  /** @param file - absolute path of the `.svtest` file */
  constructor(file: string) {
    this.file = file;
    this.dir = dirname(file);
    this.options = { commands: testsuiteCommands, tests: testsuiteTests };
  }

  /** Notes go to the running block, else to the file. */
  note(text: string): void {
    const list = this.current?.notes ?? this.notes;
    if (!list.includes(text)) list.push(text);
  }

  /** The host every script of this file runs against. */
  /**
   * The external lists of the `sieve_extlists_list` setting: name (normalised) -> members, read
   * from each list's file dict (`priv/sieve/extlists/<member>` keys). An unreadable dict is an
   * empty list, as Pigeonhole's lookup fails to no match.
   */
  extLists(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const name of (this.config.get("sieve_extlists_list") ?? "").split(/\s+/).filter(Boolean)) {
      const members = new Set<string>();
      const path = this.config.get(`sieve_extlists_list/${name}/dict/file/path`);
      let lines: string[] = [];
      try {
        if (path !== undefined) lines = readFileSync(path, "utf8").split("\n");
      } catch {
        lines = [];
      }
      for (let i = 0; i + 1 < lines.length; i += 2) {
        const k = lines[i] as string;
        if (k.startsWith("priv/sieve/extlists/")) members.add(k.slice("priv/sieve/extlists/".length));
      }
      out.set(normalizeListName(this.config.get(`sieve_extlists_list/${name}/name`) ?? name), members);
    }
    return out;
  }

  host(): Host {
    return {
      mailboxExists: (name) => this.mailstore.has(canonicalMailbox(name)),
      specialUseExists: () => false,
      metadata: (mailbox, entry) => this.metadata.get(mailbox ?? "")?.get(entry) ?? null,
      include: (location: IncludeLocation, name: string) => {
        const sub = location === "personal" ? "included" : "included-global";
        try {
          return readFileSync(join(this.dir, sub, `${name}.sieve`), "utf8");
        } catch {
          return null;
        }
      },
      // Duplicate tracking is disabled in the testsuite (README §2.5).
      duplicateSeen: () => false,
      environment: (name) => this.env.get(name) ?? BASE_ENV[name] ?? null,
      // editheader, spamtest and virustest read their Pigeonhole settings at each use (README §3.3).
      setting: (name) => this.config.get(name.toLowerCase()) ?? null,
      // Vacation settings under their Pigeonhole names (README §3.3); tracking is off like duplicate's.
      vacationPolicy: () => vacationPolicyOf(this.config),
      // extlists (RFC 6134): lists configured as Pigeonhole's file dicts (README §3.3/§3.4).
      listContains: (list, value) => this.extLists().get(list)?.has(value) ?? false,
      listExists: (list) => this.extLists().has(list),
    };
  }
}

/** A Pigeonhole duration ("1s", "2d", "30m", "5h", bare seconds) in seconds, or undefined. */
function duration(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^\s*(\d+)\s*([smhd]?)\w*\s*$/i.exec(value);
  if (m === null) return undefined;
  const unit: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 };
  return Number(m[1]) * (unit[(m[2] as string).toLowerCase()] ?? 1);
}

/** The vacation policy the `sieve_vacation_*` and `sieve_user_email` settings describe. */
function vacationPolicyOf(config: ReadonlyMap<string, string>): VacationPolicy {
  const yes = (k: string) => /^(yes|true|1)$/i.test(config.get(k) ?? "");
  const max = duration(config.get("sieve_vacation_max_period"));
  const user = config.get("sieve_user_email");
  const policy: VacationPolicy = {
    useOriginalRecipient: yes("sieve_vacation_use_original_recipient"),
    checkRecipient: !/^(no|false|0)$/i.test(config.get("sieve_vacation_check_recipient") ?? "yes"),
    sendFromRecipient: yes("sieve_vacation_send_from_recipient"),
    toHeaderIgnoreEnvelope: yes("sieve_vacation_to_header_ignore_envelope"),
    userAddresses: user === undefined || user === "" ? [] : [user],
    defaultSubject: config.get("sieve_vacation_default_subject") ?? "",
    defaultSubjectTemplate: config.get("sieve_vacation_default_subject_template") ?? "",
  };
  const min = duration(config.get("sieve_vacation_min_period"));
  const def = duration(config.get("sieve_vacation_default_period"));
  if (min !== undefined) policy.minPeriod = min;
  if (def !== undefined) policy.defaultPeriod = def;
  if (max !== undefined) policy.maxPeriod = max === 0 ? Number.POSITIVE_INFINITY : max;
  return policy;
}

/** Environment items the tests expect (README §2.5). */
const BASE_ENV: Readonly<Record<string, string>> = {
  name: "Pigeonhole Sieve",
  version: "2.4",
  location: "MS",
  phase: "during",
  domain: "example.com",
  host: "localhost",
  "vnd.dovecot.default-mailbox": "INBOX",
  "vnd.dovecot.default_mailbox": "INBOX",
  "vnd.dovecot.username": "testuser",
};

/** INBOX is case-insensitive (RFC 3501 §5.1), also as the parent of `INBOX.…` (separator "."). */
function canonicalMailbox(name: string): string {
  const head = name.slice(0, 6).toUpperCase();
  if (head === "INBOX" || head === "INBOX.") return `INBOX${name.slice(5)}`;
  return name;
}

/** The runtime of one script of a file: the interpreter's runtime with replaceable message and result. */
export class TestRuntime extends Runtime {
  // Replaced by test_set/test_message/test_result_reset; the base class only reads them per access.
  declare message: MessageView;
  declare result: Result;
  readonly suite: Suite;
  /** True inside a script run by test_script_run: test_fail ends that script, not a block. */
  readonly subscript: boolean;
  /** Directory of the script running now: test_script_compile paths are relative to it (README §2.4). */
  readonly scriptDir: string;

  /** @param init - the parts of the run */
  constructor(init: {
    suite: Suite;
    program: Program;
    message: MessageView;
    envelope: Envelope;
    limits: Required<RunLimits>;
    result: Result;
    subscript: boolean;
    scriptDir: string;
  }) {
    super({
      message: init.message,
      envelope: init.envelope,
      host: init.suite.host(),
      limits: init.limits,
      result: init.result,
      tracer: new Tracer("none"),
      defaultMailbox: "INBOX",
      program: init.program,
    });
    this.suite = init.suite;
    this.subscript = init.subscript;
    this.scriptDir = init.scriptDir;
  }

  /** `${tst.path}` is the test file's directory; other `tst.*` names are "" (README §2.4). */
  override variable(name: string): string {
    if (name.toLowerCase().startsWith("tst.")) return name.toLowerCase() === "tst.path" ? this.suite.dir : "";
    return super.variable(name);
  }
}

/** The testsuite runtime of a compiled command, or an abort when a testsuite command runs elsewhere. */
function tr(rt: Runtime): TestRuntime {
  if (rt instanceof TestRuntime) return rt;
  throw new TestAbort("testsuite command outside the conformance harness");
}

/** The first address of a header as `local@domain`, or null. */
function firstAddress(view: MessageView, header: string): string | null {
  for (const value of view.header(header)) {
    for (const a of parseAddressList(value)) {
      if (a.valid) return a.domain === null ? a.localPart : `${a.localPart}@${a.domain}`;
    }
  }
  return null;
}

/** Makes `text` the current message and re-derives the envelope from it (README §2.3). */
export function setMessage(rt: TestRuntime, text: string): void {
  const view = MessageView.fromString(text);
  rt.message = view;
  rt.suite.messageText = text;
  const to = firstAddress(view, "envelope-to") ?? firstAddress(view, "to") ?? "recipient@example.com";
  const from =
    firstAddress(view, "return-path") ??
    firstAddress(view, "sender") ??
    firstAddress(view, "from") ??
    "sender@example.com";
  rt.envelope.to = to;
  rt.envelope.originalTo = to;
  rt.envelope.from = from;
}

/** An envelope address as test_set gives it: brackets optional, `""`/`<>` the null sender (README §3.2). */
function envelopeAddress(value: string): string | null {
  const v = value.trim();
  const inner = v.startsWith("<") && v.endsWith(">") ? v.slice(1, -1) : v;
  return inner === "" ? null : inner;
}

/** The name test_result_action matches for an action (README §2.7). */
function actionName(a: Action): string {
  return a.type === "fileinto" ? "store" : a.type;
}

/** The explicit actions of the current result, in order (the implicit keep is not listed, README §2.7). */
function explicitActions(rt: TestRuntime): Action[] {
  return rt.result.finish([]).actions.filter((a) => !(a.type === "keep" && a.implicit));
}

/** Starts a new, empty result (README §3.7). */
function resetResult(rt: TestRuntime, outbox: boolean): void {
  rt.result = new Result(rt.limits, "INBOX");
  rt.flags = [];
  rt.suite.executed = 0;
  rt.suite.implicitKeepDone = false;
  if (outbox) rt.suite.outbox = [];
}

/** A string argument evaluated at run time. */
function stringArg(args: ResolvedArgs, index: number, cc: Parameters<CommandCompiler>[2]): (rt: Runtime) => string {
  const t = cc.template(args.positional[index]);
  return (rt) => rt.expand(t);
}

/** A command object named after `node`. */
function command(node: Command, exec: CompiledCommand["exec"]): CompiledCommand {
  return { name: node.name.toLowerCase(), ...positionOf(node), exec };
}

/** A test object named after `node`. */
function testOf(node: Test, evaluate: CompiledTest["evaluate"]): CompiledTest {
  return { name: node.name.toLowerCase(), ...positionOf(node), evaluate };
}

/** A compiled match for the testsuite's string tests: `:is` with `i;octet` unless told otherwise (README §3). */
function testsuiteMatch(args: ResolvedArgs, cc: Parameters<TestCompiler>[2]) {
  const octet = { ...args, comparator: args.comparator ?? { parts: ["i;octet"], constant: "i;octet" } };
  return compileMatch(octet, cc.templates(args.positional[0]));
}

/** `:index n` of a testsuite test (1-based), or null. */
function indexOf(args: ResolvedArgs): number | null {
  const v = args.tags.get("index");
  return v != null && v.type === "Number" ? v.value : null;
}

/** Values selected by `:index` (none when out of range). */
function selectIndex(values: string[], index: number | null): string[] | null {
  if (index === null) return values;
  const v = values[index - 1];
  return v === undefined ? null : [v];
}

/** Compiles a script file for test_script_compile / test_multiscript; errors go to the suite's error list. */
function compileFile(suite: Suite, path: string): { program: Program; dir: string } | null {
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch {
    suite.errors = [`failed to open script ${path}`];
    return null;
  }
  try {
    return { program: compile(source, suite.options), dir: dirname(path) };
  } catch (e) {
    suite.errors =
      e instanceof SieveCompileError
        ? e.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)
        : [`compile threw: ${e instanceof Error ? e.message : String(e)}`];
    return null;
  }
}

/** Runs a compiled script against the current message and the shared result. True when it succeeded. */
async function runSubscript(rt: TestRuntime, script: { program: Program; dir: string }): Promise<boolean> {
  const sub = new TestRuntime({
    suite: rt.suite,
    program: script.program,
    message: rt.message,
    envelope: rt.envelope,
    limits: rt.limits,
    result: rt.result,
    subscript: true,
    scriptDir: script.dir,
  });
  // The imap4flags internal variable belongs to the result (README §2.1, §3.7).
  sub.flags = [...rt.flags];
  try {
    await execBlock(script.program.commands, sub);
    // Non-fatal run-time errors are what test_error sees after a successful run (README §3.11).
    rt.suite.errors = sub.warnings.map((w) => w.message);
    return true;
  } catch (e) {
    if (e instanceof SieveRuntimeError) {
      rt.suite.errors = [e.message];
      return false;
    }
    // README §3.8: the sub-script's test_fail makes test_script_run false.
    if (e instanceof TestFailed) return false;
    throw e;
  } finally {
    rt.result = sub.result;
    rt.flags = sub.flags;
    rt.message = sub.message;
  }
}

/** Executes the not yet executed actions of the result into the mailstore and outbox (README §3.7). */
function executeResult(rt: TestRuntime): boolean {
  const s = rt.suite;
  s.errors = [];
  const { implicitKeep } = rt.result.finish(rt.flags);
  const actions = explicitActions(rt);
  // What is stored and forwarded is the message as editheader left it (RFC 5293 §7).
  const text = Buffer.from(rt.message.toBytes()).toString("utf8");
  const store = (mailbox: string, flags: string[], create: boolean): boolean => {
    const box = canonicalMailbox(mailbox);
    let list = s.mailstore.get(box);
    if (list === undefined) {
      if (!create) {
        s.errors.push(`failed to store into mailbox '${mailbox}': Mailbox doesn't exist: ${mailbox}`);
        return false;
      }
      list = [];
      s.mailstore.set(box, list);
    }
    // Dovecot's attachment detection adds this keyword to every stored message (README §3.5).
    const keyword = /^content-disposition:\s*attachment/im.test(text) ? "$HasAttachment" : "$HasNoAttachment";
    list.push({ text, flags: [...flags, keyword] });
    return true;
  };
  let ok = true;
  for (const a of actions.slice(s.executed)) {
    switch (a.type) {
      case "keep":
        ok = store("INBOX", a.flags, true) && ok;
        break;
      case "fileinto":
        ok = store(a.mailbox, a.flags, a.create) && ok;
        break;
      case "redirect": {
        const userEmail = s.config.get("sieve_user_email") ?? rt.envelope.to;
        s.outbox.push({
          text: `X-Sieve-Redirected-From: ${userEmail}\n${text}`,
          from: rt.envelope.from,
          to: a.address,
        });
        break;
      }
      case "vacation":
        // The composed reply goes to the outbox, for test_message :smtp (README §3.6).
        if (a.send && a.reply !== null && a.envelope) {
          s.outbox.push({ text: a.reply, from: a.envelope.from, to: a.envelope.to });
        }
        break;
      default:
        // reject, notify, report: outgoing message composition is not simulated (README §5 class 3).
        s.note(`test_result_execute: '${actionName(a)}' sends no simulated message`);
    }
  }
  s.executed = actions.length;
  if (implicitKeep && !s.implicitKeepDone) {
    ok = store("INBOX", rt.flags, true) && ok;
    s.implicitKeepDone = true;
  }
  return ok;
}

/** Config keys the harness applies (README §3.3); others are recorded as ignored. */
function applyConfig(rt: TestRuntime, key: string, value: string | null): void {
  const s = rt.suite;
  const k = key.toLowerCase();
  if (value === null) s.config.delete(k);
  else s.config.set(k, value);
  const num = (fallback: number) => {
    const n = value === null ? fallback : Number.parseInt(value, 10);
    return Number.isFinite(n) ? n : fallback;
  };
  switch (k) {
    case "sieve_variables_max_value_size":
    case "sieve_variables_max_variable_size":
      rt.limits.maxVariableSize = num(4096);
      return;
    case "sieve_include_max_includes":
      rt.limits.maxIncludes = num(255);
      return;
    case "sieve_include_max_nesting_depth":
      rt.limits.maxIncludeDepth = num(10);
      return;
    case "sieve_notify_max_notifications":
      // Checked at run time, and at compile time when 0 (a prohibited notify does not compile).
      rt.limits.maxNotifications = num(10);
      s.options.limits = { ...s.options.limits, maxNotifications: rt.limits.maxNotifications };
      return;
    case "sieve_user_email":
    case "sieve_redirect_envelope_from":
      return;
  }
  // Read by vacationPolicyOf at each vacation action.
  if (k.startsWith("sieve_vacation_")) return;
  // Read through Host.setting by editheader, spamtest/spamtestplus and virustest.
  if (k.startsWith("sieve_editheader_") || k.startsWith("sieve_spamtest_") || k.startsWith("sieve_virustest_")) return;
  if (k.startsWith("sieve_environment/")) {
    const item = `vnd.dovecot.config.${key.slice("sieve_environment/".length)}`;
    if (value === null) s.env.delete(item);
    else s.env.set(item, value);
    return;
  }
  s.note(`config key '${key}' is not applied by the harness`);
}

const testCommand: CommandCompiler = (node, args, cc) => {
  const name = stringArg(args, 0, cc);
  const body = cc.block(node.block?.commands ?? []);
  return command(node, async (rt) => {
    const t = tr(rt);
    const record: TestRecord = { name: name(rt), result: "passed", failures: [], notes: [] };
    t.suite.tests.push(record);
    t.suite.current = record;
    try {
      // `stop` and `return` end the whole script; a started test that did not fail passes (README §2.2).
      return await execBlock(body, rt);
    } catch (e) {
      record.result = "failed";
      if (e instanceof TestFailed) {
        record.failures.push(e.message);
        // The errors a failing assertion often depends on (last compile/run/execute).
        if (t.suite.errors.length > 0) record.notes.push(`last errors: ${JSON.stringify(t.suite.errors)}`);
        return "next";
      }
      record.failures.push(`aborted: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    } finally {
      t.suite.current = null;
    }
  });
};

const testFail: CommandCompiler = (node, args, cc) => {
  const reason = stringArg(args, 0, cc);
  return command(node, (rt) => {
    const t = tr(rt);
    const why = reason(rt);
    if (t.subscript || t.suite.current !== null) throw new TestFailed(why);
    throw new TestAbort(`test_fail outside a test block: ${why}`);
  });
};

const testSet: CommandCompiler = (node, args, cc) => {
  const object = cc.template(args.positional[0]).constant?.toLowerCase() ?? "";
  const value = stringArg(args, 1, cc);
  return command(node, (rt) => {
    const t = tr(rt);
    const v = value(rt);
    switch (object) {
      case "message":
        setMessage(t, v);
        break;
      case "envelope.from":
        t.envelope.from = envelopeAddress(v);
        break;
      case "envelope.to":
        t.envelope.to = envelopeAddress(v) ?? "";
        t.envelope.originalTo = t.envelope.to;
        break;
      case "envelope.orig_to":
        t.envelope.originalTo = envelopeAddress(v) ?? "";
        break;
      case "envelope.auth":
        t.envelope.auth = v;
        break;
    }
    return "next";
  });
};

const testConfigSet: CommandCompiler = (node, args, cc) => {
  const key = stringArg(args, 0, cc);
  const value = stringArg(args, 1, cc);
  return command(node, (rt) => {
    applyConfig(tr(rt), key(rt), value(rt));
    return "next";
  });
};

const testConfigUnset: CommandCompiler = (node, args, cc) => {
  const key = stringArg(args, 0, cc);
  return command(node, (rt) => {
    applyConfig(tr(rt), key(rt), null);
    return "next";
  });
};

// Overrides apply at once, so a reload has nothing left to do (README §3.3).
const noop: CommandCompiler = (node) => command(node, () => "next");

const testResultReset: CommandCompiler = (node) =>
  command(node, (rt) => {
    resetResult(tr(rt), true);
    return "next";
  });

const testMailboxCreate: CommandCompiler = (node, args, cc) => {
  const name = stringArg(args, 0, cc);
  return command(node, (rt) => {
    const t = tr(rt);
    const box = canonicalMailbox(name(rt));
    if (!t.suite.mailstore.has(box)) t.suite.mailstore.set(box, []);
    return "next";
  });
};

const testMailboxDelete: CommandCompiler = (node) =>
  command(node, () => {
    // Upstream never implemented it: it always fails the current test (README §3.5).
    throw new TestFailed("test_mailbox_delete is not implemented");
  });

const testImapMetadataSet: CommandCompiler = (node, args, cc) => {
  const mailbox = args.tags.get("mailbox");
  const box = mailbox == null ? null : cc.template(mailbox);
  const entry = stringArg(args, 0, cc);
  const value = stringArg(args, 1, cc);
  return command(node, (rt) => {
    const t = tr(rt);
    const key = box === null ? "" : rt.expand(box);
    let table = t.suite.metadata.get(key);
    if (table === undefined) {
      table = new Map();
      t.suite.metadata.set(key, table);
    }
    table.set(entry(rt), value(rt));
    return "next";
  });
};

/** test_message :folder/:smtp: loads a stored or sent message; true when it exists (README §3.5, §3.6). */
function loadMessage(args: ResolvedArgs, cc: Parameters<CommandCompiler>[2]) {
  const folderArg = args.tags.get("folder");
  const folder = folderArg == null ? null : cc.template(folderArg);
  const idx = args.positional[0];
  const index = idx !== undefined && idx.type === "Number" ? idx.value : 0;
  return (rt: Runtime): boolean => {
    const t = tr(rt);
    if (folder !== null) {
      const list = t.suite.mailstore.get(canonicalMailbox(rt.expand(folder)));
      const m = list?.[index];
      if (m === undefined) {
        if (list === undefined) setMessage(t, DEFAULT_MESSAGE);
        return false;
      }
      const { from, to, originalTo } = t.envelope;
      setMessage(t, m.text);
      // Reading a stored message keeps the delivery envelope; its flags seed the internal variable.
      Object.assign(t.envelope, { from, to, originalTo });
      t.flags = [...m.flags];
      return true;
    }
    const sent = t.suite.outbox[index];
    if (sent === undefined) return false;
    setMessage(t, sent.text);
    t.envelope.from = sent.from;
    t.envelope.to = sent.to;
    t.envelope.originalTo = sent.to;
    return true;
  };
}

const testMessageCommand: CommandCompiler = (node, args, cc) => {
  const load = loadMessage(args, cc);
  return command(node, (rt) => {
    if (!load(rt)) throw new TestFailed(`test_message: no such message (line ${positionOf(node).line})`);
    return "next";
  });
};

const testMessageTest: TestCompiler = (node, args, cc) => testOf(node, loadMessage(args, cc));

const testBinarySave: CommandCompiler = (node, args, cc) => {
  const name = stringArg(args, 0, cc);
  return command(node, (rt) => {
    const t = tr(rt);
    // No binary format: the compiled program is kept under the name (README §3.9).
    if (t.suite.compiled === null) throw new TestAbort("test_binary_save: no script compiled");
    t.suite.binaries.set(name(rt), t.suite.compiled);
    return "next";
  });
};

const testBinaryLoad: CommandCompiler = (node, args, cc) => {
  const name = stringArg(args, 0, cc);
  return command(node, (rt) => {
    const t = tr(rt);
    const saved = t.suite.binaries.get(name(rt));
    if (saved === undefined) throw new TestAbort(`test_binary_load: no binary '${name(rt)}'`);
    t.suite.compiled = saved;
    return "next";
  });
};

const testAssertMessage: CommandCompiler = (node, args, cc) => {
  const expected = stringArg(args, 0, cc);
  return command(node, (rt) => {
    const t = tr(rt);
    const norm = (s: string) => s.replace(/\r\n/g, "\n");
    if (norm(t.suite.messageText) !== norm(expected(rt))) throw new TestFailed("message differs");
    return "next";
  });
};

const testResultAction: TestCompiler = (node, args, cc) => {
  const match = testsuiteMatch(args, cc);
  const index = indexOf(args);
  const self = { name: "test_result_action", ...positionOf(node) };
  return testOf(node, (rt) => {
    const names = selectIndex(explicitActions(tr(rt)).map(actionName), index);
    return names !== null && match.test(rt, names, self);
  });
};

const testResultActionCount: TestCompiler = (node, args, cc) => {
  const count = cc.template(args.positional[0]);
  return testOf(node, (rt) => String(explicitActions(tr(rt)).length) === rt.expand(count).trim());
};

const testResultExecute: TestCompiler = (node) => testOf(node, (rt) => executeResult(tr(rt)));

const testScriptCompile: TestCompiler = (node, args, cc) => {
  const path = cc.template(args.positional[0]);
  return testOf(node, (rt) => {
    const t = tr(rt);
    t.suite.errors = [];
    t.suite.compiled = compileFile(t.suite, resolve(t.scriptDir, rt.expand(path)));
    return t.suite.compiled !== null;
  });
};

const testScriptRun: TestCompiler = (node, args) => {
  const append = args.tags.has("append_result");
  return testOf(node, async (rt) => {
    const t = tr(rt);
    t.suite.errors = [];
    const script = t.suite.compiled;
    if (script === null) {
      t.suite.errors = ["no script compiled"];
      return false;
    }
    if (!append) resetResult(t, false);
    return runSubscript(t, script);
  });
};

const testMultiscript: TestCompiler = (node, args, cc) => {
  const paths = cc.templates(args.positional[0]);
  return testOf(node, async (rt) => {
    const t = tr(rt);
    t.suite.errors = [];
    // Each script runs on a fresh result that is executed before the next one (README §3.8);
    // the chain stops once a script leaves no implicit keep.
    for (const p of rt.expandAll(paths)) {
      const script = compileFile(t.suite, resolve(t.scriptDir, p));
      if (script === null) return false;
      resetResult(t, false);
      if (!(await runSubscript(t, script))) return false;
      const keep = t.result.finish(t.flags).implicitKeep;
      if (!executeResult(t)) return false;
      if (!keep) break;
    }
    return true;
  });
};

const testError: TestCompiler = (node, args, cc) => {
  const match = testsuiteMatch(args, cc);
  const index = indexOf(args);
  const self = { name: "test_error", ...positionOf(node) };
  return testOf(node, (rt) => {
    const t = tr(rt);
    const values = selectIndex(t.suite.errors, index);
    const ok = values !== null && match.test(rt, values, self);
    // Error counts and wording are Pigeonhole's (README §3.11): evaluated against ours, flagged
    // so a failure that follows can be told apart from a language failure.
    if (!ok) t.suite.note(`test_error false (engine-specific diagnostics; ours: ${JSON.stringify(t.suite.errors)})`);
    return ok;
  });
};

/** Command hooks of the testsuite extension, by lower-case name. */
export const testsuiteCommands: Readonly<Record<string, CommandCompiler>> = {
  test: testCommand,
  test_fail: testFail,
  test_set: testSet,
  test_config_set: testConfigSet,
  test_config_unset: testConfigUnset,
  test_config_reload: noop,
  test_mailbox_create: testMailboxCreate,
  test_mailbox_delete: testMailboxDelete,
  test_imap_metadata_set: testImapMetadataSet,
  test_message: testMessageCommand,
  test_message_print: noop,
  test_result_reset: testResultReset,
  test_result_print: noop,
  test_binary_save: testBinarySave,
  test_binary_load: testBinaryLoad,
  test_assert_message: testAssertMessage,
};

/** Test hooks of the testsuite extension, by lower-case name. */
export const testsuiteTests: Readonly<Record<string, TestCompiler>> = {
  test_message: testMessageTest,
  test_result_action: testResultAction,
  test_result_action_count: testResultActionCount,
  test_result_execute: testResultExecute,
  test_script_compile: testScriptCompile,
  test_script_run: testScriptRun,
  test_multiscript: testMultiscript,
  test_error: testError,
};
