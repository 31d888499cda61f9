/**
 * Validation: the AST against the registry. Reports every problem, never throws on bad input.
 *
 * The engine does the generic work (RFC 5228 §2.6 argument matching, `require`, unknown names,
 * tag conflicts, comparators and match types, tests and blocks); everything specific to one
 * extension lives in that extension's registry module.
 *
 * @module
 */
import type { Argument, Command, Range, Script, StringLiteral, Tag, Test } from "./ast.ts";
import type { Diagnostic, SieveDiagnosticCode } from "./errors.ts";
import { DiagnosticSink } from "./parse.ts";
import { LineIndex } from "./positions.ts";
import { defaultRegistry } from "./registry/index.ts";
import { stringsOf } from "./registry/literals.ts";
import type { Registry } from "./registry/registry.ts";
import type { CommandSpec, ResolvedArguments, TagSpec, ValidationContext, ValueType } from "./registry/types.ts";

export { stringsOf };

/** Options of {@link validate}. */
export interface ValidateOptions {
  /**
   * The capabilities the target server supports (e.g. its ManageSieve `SIEVE` list). When set,
   * requiring anything else is `SIEVE_E_UNSUPPORTED_EXTENSION`. Default: everything known.
   */
  capabilities?: Iterable<string>;
  /** Extensions only global scripts may use (Pigeonhole's `sieve_global_extensions`). */
  globalOnly?: Iterable<string>;
  /** True when the script is a global one (sieve_before/after, include :global). Default false. */
  global?: boolean;
  /** The registry to validate against. Default: every extension this toolkit knows. */
  registry?: Registry;
  /** Most diagnostics reported. Default 100. */
  maxDiagnostics?: number;
  /**
   * Nodes whose own syntax is broken (`parse(...).broken`): their arguments, tests and block
   * are not checked again, so one problem gives one message. {@link check} passes it.
   */
  broken?: ReadonlySet<Command | Test>;
}

/** What {@link validate} returns. */
export interface ValidateResult {
  diagnostics: Diagnostic[];
  /** Capabilities the script requires (directly; implied ones included). */
  requires: string[];
}

/**
 * Comparators usable without `require`: RFC 5228 §2.7.3 names i;octet and i;ascii-casemap;
 * current Pigeonhole also makes i;unicode-casemap implicit (its conformance test
 * comparators/i-unicode-casemap.svtest uses it with no require), which sievec 0.5.19 did not.
 */
const IMPLICIT_COMPARATORS = new Set(["i;octet", "i;ascii-casemap", "i;unicode-casemap"]);

/** Longer names are reported by the parser as too long and can't be known ones. */
const MAX_KNOWN_NAME = 32;

/** The usage line of a command or test, for messages: `fileinto [:copy] <mailbox: string>`. */
export function usage(spec: CommandSpec, registry: Registry, kind: "command" | "test"): string {
  const parts = [spec.name];
  const tags = [...(spec.tags ?? []), ...(registry.extraTags.get(`${kind}:${spec.name}`) ?? []).map((x) => x.tag)];
  if (spec.comparator) parts.push('[:comparator "name"]');
  if (spec.matchType) parts.push("[MATCH-TYPE]");
  if (spec.addressPart) parts.push("[ADDRESS-PART]");
  for (const t of tags) parts.push(`[:${t.name}${t.value ? ` <${t.value}>` : ""}]`);
  for (const p of spec.positional) parts.push(p.optional ? `[<${p.name}: ${p.type}>]` : `<${p.name}: ${p.type}>`);
  if (spec.tests === "one") parts.push("<test>");
  if (spec.tests === "list") parts.push("<test-list>");
  if (spec.block === "required") parts.push("{ … }");
  return parts.join(" ");
}

function describeArg(a: Argument): string {
  switch (a.type) {
    case "String":
      return "a string";
    case "StringList":
      return "a string list";
    case "Number":
      return `number ${a.raw}`;
    case "Tag":
      return `tag ':${a.name}'`;
  }
}

function fits(a: Argument, type: ValueType): boolean {
  if (type === "number") return a.type === "Number";
  if (type === "string") return a.type === "String";
  return a.type === "String" || a.type === "StringList";
}

class Validator implements ValidationContext {
  readonly ancestors: Array<Command | Test> = [];
  previous: Command | null = null;
  readonly global: boolean;
  private readonly required = new Set<string>([""]);
  private readonly supported: Set<string> | null;
  private readonly globalOnly: Set<string>;
  private readonly states = new Map<string, unknown>();
  private requiresAllowed = true;
  private readonly broken: ReadonlySet<Command | Test>;
  /** Capabilities whose `require` was refused (unsupported, global-only): not reported again at each use. */
  private readonly refused = new Set<string>();
  /** The capability strings of every `require`, for the `dependsOn` check at the end. */
  private readonly dependents: StringLiteral[] = [];
  private readonly sink: DiagnosticSink;
  private readonly registry: Registry;
  private readonly text: string;

  constructor(registry: Registry, sink: DiagnosticSink, options: ValidateOptions, text: string) {
    this.registry = registry;
    this.text = text;
    this.sink = sink;
    this.global = options.global ?? false;
    // Capability strings are case-sensitive (RFC 5228 §2.10.5, "Capability Strings").
    // A server's advertised list is matched without regard to case: being lenient with what a
    // server sends costs nothing, while `require` itself stays case-sensitive.
    this.supported = options.capabilities ? new Set([...options.capabilities].map((c) => c.toLowerCase())) : null;
    this.globalOnly = new Set(options.globalOnly ?? []);
    this.broken = options.broken ?? new Set();
  }

  error(at: { range: Range } | Range, code: SieveDiagnosticCode, message: string): void {
    const r = "range" in at ? at.range : at;
    this.sink.add("error", code, message, r.start.offset, r.end.offset);
  }

  warning(at: { range: Range } | Range, code: SieveDiagnosticCode, message: string): void {
    const r = "range" in at ? at.range : at;
    this.sink.add("warning", code, message, r.start.offset, r.end.offset);
  }

  has(capability: string): boolean {
    return this.required.has(capability);
  }

  state<T>(key: string, init: () => T): T {
    if (!this.states.has(key)) this.states.set(key, init());
    return this.states.get(key) as T;
  }

  namespaces(): Set<string> {
    const out = new Set<string>();
    for (const cap of this.required) {
      for (const ns of this.registry.extensions.get(cap)?.variableNamespaces ?? []) out.add(ns);
    }
    return out;
  }

  requiredList(): string[] {
    return [...this.required].filter((c) => c !== "").sort();
  }

  script(ast: Script): void {
    this.commands(ast.commands);
    // Dependencies are checked once every `require` was seen, so their order does not matter
    // (Pigeonhole accepts `require "extracttext"; require "variables";`).
    for (const s of this.dependents) {
      for (const dep of this.registry.extensions.get(s.value)?.dependsOn ?? []) {
        if (!this.required.has(dep)) {
          this.error(s, "SIEVE_E_REQUIRE", `extension "${s.value}" also needs require "${dep}"`);
        }
      }
    }
    for (const cap of this.required) this.registry.extensions.get(cap)?.finish?.(this);
  }

  private commands(list: Command[]): void {
    const saved = this.previous;
    this.previous = null;
    for (const cmd of list) {
      this.command(cmd);
      this.previous = cmd;
    }
    this.previous = saved;
  }

  private command(cmd: Command): void {
    const name = cmd.name.toLowerCase();
    if (name === "require") {
      this.require(cmd);
    } else {
      this.requiresAllowed = false;
    }
    const entry = this.registry.commands.get(name);
    if (entry === undefined && this.broken.has(cmd) && cmd.name.length > MAX_KNOWN_NAME) {
      // The parser already said the name is too long; it can't be a known one.
      this.walkChildren(cmd);
      return;
    }
    if (entry === undefined) {
      if (this.registry.tests.has(name)) {
        this.error({ range: cmd.nameRange }, "SIEVE_E_UNKNOWN_COMMAND", `'${cmd.name}' is a test, not a command`);
      } else {
        this.error({ range: cmd.nameRange }, "SIEVE_E_UNKNOWN_COMMAND", `unknown command '${cmd.name}'`);
      }
      this.walkChildren(cmd);
      return;
    }
    if (!this.usable(entry.capability)) {
      if (!this.refused.has(entry.capability)) {
        this.error(
          { range: cmd.nameRange },
          "SIEVE_E_UNKNOWN_COMMAND",
          `unknown command '${cmd.name}' (missing require "${entry.capability}"?)`,
        );
      }
      this.walkChildren(cmd);
      return;
    }
    const spec = entry.spec;
    const broken = this.broken.has(cmd);
    const args = broken ? null : this.arguments(cmd, spec, "command");
    const block = spec.block ?? "none";
    // A command that ended with neither ';' nor a block already has its syntax error.
    const terminated = cmd.block !== null || this.text.charCodeAt(cmd.range.end.offset - 1) === 0x3b;
    const stray = (spec.tests ?? "none") === "none" ? cmd.test : null;
    if (block === "required" && cmd.block === null && terminated && !broken) {
      // `else keep;`: one message for the missing block, naming what came instead.
      const hint = stray !== null ? ` (missing '{' before '${stray.name}'?)` : "";
      this.error(
        { range: cmd.nameRange },
        "SIEVE_E_BLOCK",
        `'${cmd.name}' needs a block${hint}: ${usage(spec, this.registry, "command")}`,
      );
    } else if (!broken) this.checkTests(cmd, spec, "command");
    if (broken) {
      // Its own syntax error said enough about its arguments; but commands run together
      // (`keep stop discard`) are each a missing ';'.
      this.missingSemicolons(cmd);
    } else if (block === "none" && cmd.block !== null) {
      this.error(cmd.block, "SIEVE_E_BLOCK", `'${cmd.name}' does not take a block (missing ';' before '{'?)`);
    }
    if (args !== null) spec.validate?.(cmd, args, this);
    // Pigeonhole neither validates nor generates a block under a constant `if false`
    // (conformance README §2.6); metadata/execute.svtest depends on it.
    // Pigeonhole folds constant tests (true/false/not/allof/anyof, and `ihave` of an unknown
    // capability, which a test may declare through `skipsBlock`) and drops the block of an
    // `if`/`elsif` that is constantly false.
    const deadIf = (name === "if" || name === "elsif") && cmd.test !== null && this.constantTest(cmd.test) === false;
    this.ancestors.push(cmd);
    if (cmd.test) this.test(cmd.test);
    for (const t of cmd.tests ?? []) this.test(t);
    if (cmd.block !== null) {
      if (deadIf) {
        if (cmd.block.commands.length > 0) {
          this.warning(
            { range: cmd.nameRange },
            "SIEVE_W_UNREACHABLE",
            `block under '${name} ${cmd.test?.name ?? ""}' is never run and is not validated`,
          );
        }
      } else this.commands(cmd.block.commands);
    }
    this.ancestors.pop();
  }

  /** A known command's name that is not also a test's. */
  private isCommandName(name: string): boolean {
    const n = name.toLowerCase();
    return this.registry.commands.has(n) && !this.registry.tests.has(n);
  }

  /** Reports `keep stop discard`: each command name in test position is a missing ';'. */
  private missingSemicolons(cmd: Command): void {
    let t = cmd.test;
    let before = cmd.name;
    while (t !== null && this.isCommandName(t.name)) {
      this.error({ range: t.nameRange }, "SIEVE_E_SYNTAX", `missing ';' between '${before}' and '${t.name}'`);
      before = t.name;
      t = t.test;
    }
  }

  /** Visits the children of a command that could not be validated itself, so their errors still show. */
  private walkChildren(cmd: Command): void {
    this.ancestors.push(cmd);
    if (cmd.test) this.test(cmd.test);
    for (const t of cmd.tests ?? []) this.test(t);
    for (const a of cmd.arguments) for (const s of stringsOf(a)) this.checkString(s);
    if (cmd.block) this.commands(cmd.block.commands);
    this.ancestors.pop();
  }

  private require(cmd: Command): void {
    if (this.ancestors.length > 0) {
      this.error({ range: cmd.nameRange }, "SIEVE_E_REQUIRE", "'require' is only allowed at the top level of a script");
    } else if (!this.requiresAllowed) {
      this.error(
        { range: cmd.nameRange },
        "SIEVE_E_REQUIRE",
        "'require' must come before any other command (RFC 5228 §3.2)",
      );
    }
    const arg = cmd.arguments[0];
    for (const s of stringsOf(arg)) {
      // Capability strings are case-sensitive (RFC 5228 §2.10.5); sievec agrees.
      const cap = s.value;
      const ext = this.registry.extensions.get(cap);
      if (ext === undefined || cap === "") {
        const lower = this.registry.extensions.has(cap.toLowerCase())
          ? ` (capabilities are case-sensitive: "${cap.toLowerCase()}")`
          : "";
        this.error(s, "SIEVE_E_UNKNOWN_EXTENSION", `unknown extension "${s.value}"${lower}`);
        continue;
      }
      if (this.supported !== null && !this.supported.has(cap.toLowerCase())) {
        this.refused.add(cap);
        this.error(s, "SIEVE_E_UNSUPPORTED_EXTENSION", `extension "${s.value}" is not supported by the target server`);
        continue;
      }
      if (this.globalOnly.has(cap) && !this.global) {
        this.refused.add(cap);
        this.error(s, "SIEVE_E_UNSUPPORTED_EXTENSION", `extension "${s.value}" may only be used in global scripts`);
        continue;
      }
      this.enable(cap);
    }
    for (const s of stringsOf(arg)) this.dependents.push(s);
  }

  tryEnable(capability: string): boolean {
    const cap = capability;
    if (cap === "" || !this.registry.extensions.has(cap)) return false;
    if (this.supported !== null && !this.supported.has(cap.toLowerCase())) return false;
    if (this.globalOnly.has(cap) && !this.global) return false;
    this.enable(cap);
    return true;
  }

  private enable(cap: string): void {
    if (this.required.has(cap)) return;
    this.required.add(cap);
    for (const implied of this.registry.extensions.get(cap)?.implies ?? []) this.enable(implied);
  }

  /** The value of a test known at compile time, or undefined. */
  private constantTest(test: Test): boolean | undefined {
    const name = test.name.toLowerCase();
    const children = test.tests ?? [];
    if (test.arguments.length === 0) {
      if (name === "true" && test.test === null && test.tests === null) return true;
      if (name === "false" && test.test === null && test.tests === null) return false;
      if (name === "not" && test.test !== null) {
        const v = this.constantTest(test.test);
        return v === undefined ? undefined : !v;
      }
      if ((name === "allof" || name === "anyof") && test.tests !== null && children.length > 0) {
        const vs = children.map((t) => this.constantTest(t));
        const decisive = name === "anyof";
        if (vs.includes(decisive)) return decisive;
        return vs.every((v) => v === !decisive) ? !decisive : undefined;
      }
    }
    const entry = this.registry.tests.get(name);
    const dead = entry !== undefined && this.usable(entry.capability) && entry.spec.skipsBlock?.(test, this) === true;
    return dead ? false : undefined;
  }

  private usable(capability: string): boolean {
    return this.required.has(capability);
  }

  private test(test: Test): void {
    const name = test.name.toLowerCase();
    const entry = this.registry.tests.get(name);
    if (entry === undefined) {
      const parent = this.ancestors[this.ancestors.length - 1];
      const parentSpec =
        parent === undefined
          ? undefined
          : (parent.type === "Command" ? this.registry.commands : this.registry.tests).get(parent.name.toLowerCase());
      // When the parent takes no test (or is itself a misplaced command), it already said
      // "missing ';'": one problem, one message.
      const parentReported =
        parent !== undefined && (parentSpec === undefined || (parentSpec.spec.tests ?? "none") === "none");
      if (!parentReported && !(this.broken.has(test) && test.name.length > MAX_KNOWN_NAME)) {
        const msg = this.registry.commands.has(name)
          ? `'${test.name}' is a command, not a test`
          : `unknown test '${test.name}'`;
        this.error({ range: test.nameRange }, "SIEVE_E_UNKNOWN_TEST", msg);
      }
    } else if (!this.usable(entry.capability)) {
      if (!this.refused.has(entry.capability)) {
        this.error(
          { range: test.nameRange },
          "SIEVE_E_UNKNOWN_TEST",
          `unknown test '${test.name}' (missing require "${entry.capability}"?)`,
        );
      }
    } else if (!this.broken.has(test)) {
      const args = this.arguments(test, entry.spec, "test");
      this.checkTests(test, entry.spec, "test");
      if (args !== null) entry.spec.validate?.(test, args, this);
    }
    this.ancestors.push(test);
    if (test.test) this.test(test.test);
    for (const t of test.tests ?? []) this.test(t);
    this.ancestors.pop();
  }

  private checkTests(node: Command | Test, spec: CommandSpec, kind: "command" | "test"): void {
    const want = spec.tests ?? "none";
    const what = kind === "command" ? "command" : "test";
    if (want === "none") {
      const extra = node.test ?? node.tests?.[0];
      // `if true stop;`: a command name in test position means a ';' or block is missing
      // further out; the enclosing command reports that, once.
      if (kind === "test" && node.test !== null && this.isCommandName(node.test.name)) return;
      if (kind === "command" && node.test !== null && this.isCommandName(node.test.name)) {
        this.missingSemicolons(node as Command);
        return;
      }
      if (extra !== undefined) {
        const parent = this.ancestors[this.ancestors.length - 1];
        const inList = parent?.tests?.includes(node as Test) === true;
        let hint = "";
        if (node.test !== null && kind === "command") hint = ` (missing ';' before '${node.test.name}'?)`;
        else if (node.test !== null && inList) hint = ` (missing ',' before '${node.test.name}'?)`;
        this.error(
          node.test ? { range: node.test.nameRange } : extra,
          "SIEVE_E_TEST",
          `${what} '${node.name}' does not take a test${hint}`,
        );
      }
    } else if (want === "one") {
      if (node.tests !== null) {
        const first = node.tests[0];
        this.error(first ?? node, "SIEVE_E_TEST", `'${node.name}' takes one test, not a test list`);
      } else if (node.test === null) {
        this.error(
          { range: node.nameRange },
          "SIEVE_E_TEST",
          `'${node.name}' needs a test: ${usage(spec, this.registry, kind)}`,
        );
      }
    } else if (want === "list") {
      if (node.test !== null) {
        this.error(
          { range: node.test.nameRange },
          "SIEVE_E_TEST",
          `'${node.name}' takes a test list in parentheses: ${node.name}(…)`,
        );
      } else if (node.tests === null) {
        this.error(
          { range: node.nameRange },
          "SIEVE_E_TEST",
          `'${node.name}' needs a test list: ${usage(spec, this.registry, kind)}`,
        );
      }
    }
  }

  /** Finds the spec of a tag for this command or test, with the capability it needs. */
  private findTag(
    spec: CommandSpec,
    kind: "command" | "test",
    name: string,
  ): { tag: TagSpec; capability: string | null } | null {
    for (const t of spec.tags ?? []) if (t.name === name) return { tag: t, capability: t.requires ?? null };
    for (const x of this.registry.extraTags.get(`${kind}:${spec.name}`) ?? []) {
      if (x.tag.name === name) return { tag: x.tag, capability: x.capability };
    }
    if (spec.matchType) {
      const m = this.registry.matchTypes.get(name);
      if (m) return { tag: m.tag, capability: m.capability };
    }
    if (spec.addressPart) {
      const a = this.registry.addressParts.get(name);
      if (a) return { tag: a.tag, capability: a.capability };
    }
    if (spec.comparator && name === "comparator")
      return { tag: { name: "comparator", value: "string", group: "comparator" }, capability: null };
    return null;
  }

  /** RFC 5228 §2.6: tagged arguments first, then positional ones; every string is checked. */
  private arguments(node: Command | Test, spec: CommandSpec, kind: "command" | "test"): ResolvedArguments | null {
    const out: ResolvedArguments = {
      tags: new Map(),
      positional: [],
      matchType: spec.matchType ? "is" : null,
      comparator: spec.comparator ? "i;ascii-casemap" : null,
      addressPart: spec.addressPart ? "all" : null,
    };
    const groups = new Map<string, Tag>();
    let ok = true;
    const tagHooks: Array<{ spec: TagSpec; tag: Tag; value: Argument | null }> = [];
    const args = node.arguments;
    const what = `${kind} '${node.name}'`;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as Argument;
      for (const s of stringsOf(a)) this.checkString(s);
      if (a.type !== "Tag") {
        out.positional.push(a);
        continue;
      }
      const tname = a.name.toLowerCase();
      const found = this.findTag(spec, kind, tname);
      if (found === null) {
        this.error(a, "SIEVE_E_UNKNOWN_TAG", `unknown tag ':${a.name}' for ${what}`);
        ok = false;
        // An unknown tag's argument can't be told from a positional one; stop matching here.
        return null;
      }
      const { tag, capability } = found;
      if (capability !== null && !this.usable(capability)) {
        this.error(a, "SIEVE_E_UNKNOWN_TAG", `tag ':${a.name}' of ${what} needs require "${capability}"`);
        ok = false;
      }
      if (out.positional.length > 0) {
        this.error(
          a,
          "SIEVE_E_ARGUMENT",
          `tag ':${a.name}' must come before the positional arguments of ${what} (RFC 5228 §2.6.2)`,
        );
        ok = false;
      }
      if (out.tags.has(tag.name)) {
        this.error(a, "SIEVE_E_TAG_CONFLICT", `tag ':${a.name}' given twice for ${what}`);
        ok = false;
      } else if (tag.group !== undefined && groups.has(tag.group)) {
        const other = groups.get(tag.group) as Tag;
        this.error(a, "SIEVE_E_TAG_CONFLICT", `tags ':${other.name}' and ':${a.name}' of ${what} exclude each other`);
        ok = false;
      }
      if (tag.group !== undefined && !groups.has(tag.group)) groups.set(tag.group, a);
      let value: Argument | null = null;
      if (tag.value !== undefined) {
        const next = args[i + 1];
        if (next === undefined || next.type === "Tag" || !fits(next, tag.value)) {
          this.error(
            a,
            "SIEVE_E_ARGUMENT",
            `tag ':${a.name}' of ${what} needs a ${tag.value} argument${next === undefined ? "" : `, found ${describeArg(next)}`}`,
          );
          ok = false;
          if (next !== undefined && next.type !== "Tag") i++;
          continue;
        }
        value = next;
        i++;
      }
      if (!out.tags.has(tag.name)) out.tags.set(tag.name, { tag: a, value });
      if (tag.validate !== undefined) tagHooks.push({ spec: tag, tag: a, value });
      if (tag.group === "match-type") out.matchType = tag.name;
      if (tag.group === "address-part") out.addressPart = tag.name;
    }
    // Positional arguments.
    const want = spec.positional;
    const required = want.filter((p) => !p.optional).length;
    const got = out.positional;
    if (got.length < required || got.length > want.length) {
      const at = got.length > want.length ? (got[want.length] as Argument) : { range: node.nameRange };
      this.error(
        at,
        "SIEVE_E_ARGUMENT",
        `${what} takes ${required === want.length ? want.length : `${required} to ${want.length}`} positional argument${want.length === 1 ? "" : "s"}, found ${got.length}: ${usage(spec, this.registry, kind)}`,
      );
      ok = false;
    } else {
      for (let i = 0; i < got.length; i++) {
        const a = got[i] as Argument;
        const p = want[i];
        if (p !== undefined && !fits(a, p.type)) {
          this.error(a, "SIEVE_E_ARGUMENT", `${what} expects ${p.type} <${p.name}> but found ${describeArg(a)}`);
          ok = false;
        }
      }
    }
    if (spec.comparator) this.comparator(out, what);
    if (spec.matchType) this.matchType(out, what);
    if (!ok) return null;
    for (const h of tagHooks) h.spec.validate?.(h.tag, h.value, node, out, this);
    return out;
  }

  private comparator(out: ResolvedArguments, what: string): void {
    const entry = out.tags.get("comparator");
    if (entry === undefined || entry.value === null || entry.value.type !== "String") return;
    const name = entry.value.value.toLowerCase();
    out.comparator = name;
    const cap = this.registry.comparators.get(name);
    if (cap === undefined && !IMPLICIT_COMPARATORS.has(name)) {
      this.error(entry.value, "SIEVE_E_COMPARATOR", `unknown comparator "${entry.value.value}" for ${what}`);
      return;
    }
    if (!IMPLICIT_COMPARATORS.has(name) && cap !== undefined && !this.usable(cap)) {
      this.error(entry.value, "SIEVE_E_COMPARATOR", `comparator "${entry.value.value}" needs require "${cap}"`);
    }
  }

  private matchType(out: ResolvedArguments, what: string): void {
    // RFC 4790 §9.1: i;ascii-numeric offers equality and ordering, not substring matching.
    if (out.comparator === "i;ascii-numeric" && ["contains", "matches", "regex"].includes(out.matchType ?? "")) {
      const entry = out.tags.get(out.matchType ?? "");
      this.error(
        entry?.tag ?? { range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } },
        "SIEVE_E_MATCH_TYPE",
        `match type ':${out.matchType}' cannot be used with comparator "i;ascii-numeric" in ${what}`,
      );
    }
  }

  /** Runs the string checks of every required extension (variables, encoded-character, …). */
  private checkString(s: StringLiteral): void {
    for (const cap of this.required) this.registry.extensions.get(cap)?.checkString?.(s, this);
  }
}

/**
 * Validates a parsed script against the registry (RFC 5228 §2.6, §3.2 and every extension's
 * rules). Returns every diagnostic; never throws on bad input.
 *
 * Codes include `SIEVE_E_REQUIRE`, `SIEVE_E_UNKNOWN_EXTENSION`, `SIEVE_E_UNSUPPORTED_EXTENSION`,
 * `SIEVE_E_UNKNOWN_COMMAND`, `SIEVE_E_UNKNOWN_TEST`, `SIEVE_E_UNKNOWN_TAG`,
 * `SIEVE_E_TAG_CONFLICT`, `SIEVE_E_ARGUMENT`, `SIEVE_E_TEST`, `SIEVE_E_BLOCK`,
 * `SIEVE_E_COMPARATOR`, `SIEVE_E_MATCH_TYPE`, `SIEVE_E_CONTROL` and the extensions' own.
 *
 * @param ast - from {@link parse}
 * @param text - the text `ast` was parsed from (for positions); `parse(...).text`
 */
export function validate(ast: Script, text: string, options: ValidateOptions = {}): ValidateResult {
  const sink = new DiagnosticSink(new LineIndex(text), options.maxDiagnostics ?? 100);
  const v = new Validator(options.registry ?? defaultRegistry(), sink, options, text);
  v.script(ast);
  return { diagnostics: sink.finish(), requires: v.requiredList() };
}
