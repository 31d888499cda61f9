/**
 * The shape of the extension registry. Each extension is one module (`registry/<capability>.ts`)
 * exporting an {@link ExtensionSpec}; the validator reads only these descriptions, so adding an
 * extension never touches the grammar or the engine.
 *
 * @module
 */
import type { Argument, Command, Range, StringLiteral, Tag, Test } from "../ast.ts";
import type { SieveDiagnosticCode } from "../errors.ts";

/** What an argument may be. `string-list` also accepts a single string (RFC 5228 §2.4.2.1). */
export type ValueType = "string" | "string-list" | "number";

/** A tagged argument (RFC 5228 §2.6.2), e.g. `:comparator <string>`. */
export interface TagSpec {
  /** Lower-case name without the colon. */
  name: string;
  /** The argument the tag takes, if any. */
  value?: ValueType;
  /**
   * Tags of one group exclude each other ("match-type", "comparator", "address-part", …);
   * the engine reports two tags of a group as a conflict.
   */
  group?: string;
  /** Capability that must be required for this tag, when it differs from its command's. */
  requires?: string;
  /**
   * Extra rules for this tag (e.g. the relational operator of `:count`, `:index` > 0), run for
   * every occurrence after the generic checks of its command or test passed. `value` is the
   * tag's argument (null when it takes none). Report through `ctx`; never throw.
   */
  validate?(
    tag: Tag,
    value: Argument | null,
    node: Command | Test,
    args: ResolvedArguments,
    ctx: ValidationContext,
  ): void;
}

/** A positional argument, in order. */
export interface PositionalSpec {
  /** Shown in usage messages: `<mailbox: string>`. */
  name: string;
  type: ValueType;
  optional?: boolean;
}

/** The arguments of one command or test, matched against its spec by the engine. */
export interface ResolvedArguments {
  /** Tags by lower-case name, with their value argument (null when the tag takes none). */
  tags: Map<string, { tag: Tag; value: Argument | null }>;
  /** Positional arguments in order. */
  positional: Argument[];
  /** The chosen match type (`is`, `contains`, …), if the test takes one; default `is`. */
  matchType: string | null;
  /** The comparator name, lower-case; default `i;ascii-casemap` where comparators apply. */
  comparator: string | null;
  /** The address part (`all`, `localpart`, …); default `all` where address parts apply. */
  addressPart: string | null;
}

/** Describes one command or test. */
export interface CommandSpec {
  /** Lower-case identifier. */
  name: string;
  /** Capability that must be required; absent for RFC 5228 core commands and tests. */
  requires?: string;
  /** Own tags. */
  tags?: TagSpec[];
  /** Accepts the match-type tags of every known extension (`:is`, `:count`, `:regex`, …). */
  matchType?: boolean;
  /** Accepts `:comparator`. */
  comparator?: boolean;
  /** Accepts address parts (`:all`, `:localpart`, `:domain`, `:user`, `:detail`). */
  addressPart?: boolean;
  positional: PositionalSpec[];
  /** Commands only: does it take a block. Default `none`. */
  block?: "required" | "none" | "optional";
  /** Does it take a test (`one`), a test list (`list`), or neither (default). */
  tests?: "none" | "one" | "list";
  /**
   * Tests only: true when the block of an `if`/`elsif` guarded directly by this test is never
   * run and so, as in Pigeonhole, not validated (e.g. `ihave` of an unknown capability,
   * RFC 5463 §4). Evaluated before the test itself is validated.
   */
  skipsBlock?(node: Test, ctx: ValidationContext): boolean;
  /**
   * Extension-specific rules, run after the generic checks passed for this node.
   * Report through `ctx`; never throw.
   */
  validate?(node: Command | Test, args: ResolvedArguments, ctx: ValidationContext): void;
}

/** A tag an extension adds to another extension's command or test (e.g. `:copy` on `fileinto`). */
export interface ExtraTagSpec {
  /** Names of the commands/tests it applies to. */
  to: string[];
  kind: "command" | "test";
  tag: TagSpec;
}

/** Describes one capability string of `require`. */
export interface ExtensionSpec {
  /** The capability string, lower-case (`fileinto`, `comparator-i;ascii-numeric`). */
  capability: string;
  /** The RFC or specification, for messages and docs. */
  reference: string;
  commands?: CommandSpec[];
  tests?: CommandSpec[];
  extraTags?: ExtraTagSpec[];
  /** Match types it adds (`count`, `value` take a relational operator string). */
  matchTypes?: TagSpec[];
  /** Address parts it adds. */
  addressParts?: TagSpec[];
  /** Comparators it makes available. */
  comparators?: string[];
  /** Capabilities that requiring this one also enables (e.g. `spamtestplus` enables `spamtest`). */
  implies?: string[];
  /** Capabilities that must also be required for this one to be usable. */
  dependsOn?: string[];
  /** Variable namespaces it provides (`env` for vnd.dovecot.environment). */
  variableNamespaces?: string[];
  /** Checks every string argument of the script when this extension is required. */
  checkString?(str: StringLiteral, ctx: ValidationContext): void;
  /** Runs once after the whole script was validated, when this extension is required. */
  finish?(ctx: ValidationContext): void;
  /**
   * Pigeonhole may only allow this one in global scripts (`sieve_global_extensions`); the
   * validator enforces it when the options say so.
   */
  vendor?: boolean;
}

/** What extension rules can see and do. */
export interface ValidationContext {
  /** Reports an error spanning `at` (a node or a range). */
  error(at: { range: Range } | Range, code: SieveDiagnosticCode, message: string): void;
  /** Reports a warning. */
  warning(at: { range: Range } | Range, code: SieveDiagnosticCode, message: string): void;
  /** True when `capability` was required (directly or implied) before this point. */
  has(capability: string): boolean;
  /** The enclosing commands and tests, innermost last. */
  readonly ancestors: ReadonlyArray<Command | Test>;
  /** The command before this one in the same block, if any. */
  readonly previous: Command | null;
  /** Free-form state shared by one extension's rules during one validation, keyed by capability. */
  state<T>(key: string, init: () => T): T;
  /** True when validating a global (sieve_before/after, include :global) script. */
  readonly global: boolean;
  /** The variable namespaces available now (from required extensions). */
  namespaces(): Set<string>;
  /**
   * Enables `capability` from here on as if it had been required (RFC 5463 `ihave`). Returns
   * false, enabling nothing, when it is unknown, unsupported or global-only here.
   */
  tryEnable?(capability: string): boolean;
}
