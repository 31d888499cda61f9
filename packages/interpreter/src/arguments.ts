/**
 * Argument resolution for compiled commands and tests: tags with their values and positional
 * arguments (RFC 5228 §2.6), the way the parser's validator sees them, plus the context every
 * command and test compiler receives.
 *
 * @module
 */
import type { Argument, Command, CommandSpec, Registry, Test } from "@sieve-toolkit/parser";
import type { CompiledCommand, CompiledTest } from "./runtime.ts";
import type { Template } from "./strings.ts";

/** The arguments of one node, resolved against its registry spec. */
export interface ResolvedArgs {
  /** Tags by lower-case name; the value is the tag's argument (null when it takes none). */
  tags: Map<string, Argument | null>;
  positional: Argument[];
  /** `is` unless a match-type tag says otherwise (RFC 5228 §2.7.1). */
  matchType: string;
  /** The operator string of `:count`/`:value` (RFC 5231 §4), or null. */
  relation: Template | null;
  /** `i;ascii-casemap` unless `:comparator` says otherwise (RFC 5228 §2.7.3). */
  comparator: Template | null;
  /** `all` unless an address-part tag says otherwise (RFC 5228 §2.7.4). */
  addressPart: string;
}

/** What a command or test compiler may use. */
export interface CompileContext {
  /** Capabilities the script required (implied ones included). */
  readonly requires: ReadonlySet<string>;
  /** A string argument as a template ("" when absent). */
  template(arg: Argument | null | undefined): Template;
  /** A string-list argument as templates ([] when absent). */
  templates(arg: Argument | null | undefined): Template[];
  /** Can `ihave` enable this capability (RFC 5463 §4)? */
  supports(capability: string): boolean;
  /** Compiles a nested test. */
  test(node: Test): CompiledTest;
  /** Compiles a block. */
  block(commands: readonly Command[]): CompiledCommand[];
}

/** Compiles one command: `node` is validated, `args` resolved. */
export type CommandCompiler = (node: Command, args: ResolvedArgs, cc: CompileContext) => CompiledCommand;
/** Compiles one test. */
export type TestCompiler = (node: Test, args: ResolvedArgs, cc: CompileContext) => CompiledTest;

/** Does `name` of `spec` take a value, per the registry? */
function tagTakesValue(registry: Registry, spec: CommandSpec, kind: "command" | "test", name: string): boolean | null {
  for (const t of spec.tags ?? []) if (t.name === name) return t.value !== undefined;
  for (const x of registry.extraTags.get(`${kind}:${spec.name}`) ?? [])
    if (x.tag.name === name) return x.tag.value !== undefined;
  if (spec.matchType) {
    const m = registry.matchTypes.get(name);
    if (m) return m.tag.value !== undefined;
  }
  if (spec.addressPart && registry.addressParts.has(name)) return false;
  if (spec.comparator && name === "comparator") return true;
  return null;
}

/** Resolves the arguments of a validated node. */
export function resolveArgs(
  node: Command | Test,
  spec: CommandSpec,
  kind: "command" | "test",
  registry: Registry,
  cc: Pick<CompileContext, "template">,
): ResolvedArgs {
  const out: ResolvedArgs = {
    tags: new Map(),
    positional: [],
    matchType: "is",
    relation: null,
    comparator: null,
    addressPart: "all",
  };
  const args = node.arguments;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Argument;
    if (a.type !== "Tag") {
      out.positional.push(a);
      continue;
    }
    const name = a.name.toLowerCase();
    const takes = tagTakesValue(registry, spec, kind, name);
    const value = takes ? (args[i + 1] ?? null) : null;
    if (takes) i++;
    out.tags.set(name, value);
    if (spec.matchType && registry.matchTypes.has(name)) {
      out.matchType = name;
      if (value !== null) out.relation = cc.template(value);
    } else if (spec.addressPart && registry.addressParts.has(name)) {
      out.addressPart = name;
    } else if (spec.comparator && name === "comparator") {
      out.comparator = cc.template(value);
    }
  }
  return out;
}
