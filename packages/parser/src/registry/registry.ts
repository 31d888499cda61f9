/**
 * The registry: every known extension, indexed for the validator.
 *
 * @module
 */
import type { CommandSpec, ExtensionSpec, TagSpec } from "./types.ts";

/** An indexed, immutable set of {@link ExtensionSpec}s. Build once, share freely. */
export class Registry {
  /** Extensions by capability string (lower-case). The core has capability "". */
  readonly extensions: ReadonlyMap<string, ExtensionSpec>;
  /** Commands and tests by lower-case name, with the capability that defines them. */
  readonly commands: ReadonlyMap<string, { spec: CommandSpec; capability: string }>;
  readonly tests: ReadonlyMap<string, { spec: CommandSpec; capability: string }>;
  /** Match types, address parts and comparators with the capability that brings them. */
  readonly matchTypes: ReadonlyMap<string, { tag: TagSpec; capability: string }>;
  readonly addressParts: ReadonlyMap<string, { tag: TagSpec; capability: string }>;
  readonly comparators: ReadonlyMap<string, string>;
  /** Extra tags by `command:name` / `test:name`. */
  readonly extraTags: ReadonlyMap<string, Array<{ tag: TagSpec; capability: string }>>;

  /** Indexes `extensions`; a later extension defining the same command name wins. */
  constructor(extensions: Iterable<ExtensionSpec>) {
    const ext = new Map<string, ExtensionSpec>();
    const commands = new Map<string, { spec: CommandSpec; capability: string }>();
    const tests = new Map<string, { spec: CommandSpec; capability: string }>();
    const matchTypes = new Map<string, { tag: TagSpec; capability: string }>();
    const addressParts = new Map<string, { tag: TagSpec; capability: string }>();
    const comparators = new Map<string, string>();
    const extraTags = new Map<string, Array<{ tag: TagSpec; capability: string }>>();
    for (const e of extensions) {
      const cap = e.capability;
      ext.set(cap, e);
      for (const c of e.commands ?? []) commands.set(c.name, { spec: c, capability: c.requires ?? cap });
      for (const t of e.tests ?? []) tests.set(t.name, { spec: t, capability: t.requires ?? cap });
      for (const m of e.matchTypes ?? []) matchTypes.set(m.name, { tag: m, capability: m.requires ?? cap });
      for (const a of e.addressParts ?? []) addressParts.set(a.name, { tag: a, capability: a.requires ?? cap });
      for (const c of e.comparators ?? []) comparators.set(c, cap);
      for (const x of e.extraTags ?? []) {
        for (const target of x.to) {
          const key = `${x.kind}:${target}`;
          const list = extraTags.get(key) ?? [];
          list.push({ tag: x.tag, capability: x.tag.requires ?? cap });
          extraTags.set(key, list);
        }
      }
    }
    this.extensions = ext;
    this.commands = commands;
    this.tests = tests;
    this.matchTypes = matchTypes;
    this.addressParts = addressParts;
    this.comparators = comparators;
    this.extraTags = extraTags;
  }

  /** Every capability string a `require` may name (the core's "" excluded), sorted. */
  capabilities(): string[] {
    return [...this.extensions.keys()].filter((c) => c !== "").sort();
  }
}
