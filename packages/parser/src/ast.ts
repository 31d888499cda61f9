/**
 * The Sieve abstract syntax tree.
 *
 * The tree mirrors the generic grammar of RFC 5228 §8.2: it knows commands, tests and
 * arguments, never what `fileinto` means (that is the registry's job). Every node carries a
 * {@link Range}; the whole tree is plain data, so `JSON.stringify(parse(x).ast)` is a stable,
 * documented format that rule editors can consume.
 *
 * @module
 */

/** A point in the source text. `line` and `column` are 1-based; `offset` is a 0-based UTF-16 index. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A half-open span of source text: `start` is the first character, `end` the one after the last. */
export interface Range {
  start: Position;
  end: Position;
}

/** A `# hash` or a `/* bracket *\/` comment (RFC 5228 §2.3). `text` is the whole comment as written. */
export interface Comment {
  type: "Comment";
  kind: "hash" | "bracket";
  text: string;
  range: Range;
}

/** The root: the top-level command list, plus every comment of the file in source order. */
export interface Script {
  type: "Script";
  commands: Command[];
  comments: Comment[];
  range: Range;
}

/**
 * `identifier arguments (";" / block)` (RFC 5228 §8.2).
 *
 * `test` is the single test (`if exists "x"`), `tests` a parenthesised test list; at most one of
 * them is set. `block` is null for a command ended by `;`.
 */
export interface Command {
  type: "Command";
  name: string;
  nameRange: Range;
  arguments: Argument[];
  test: Test | null;
  tests: Test[] | null;
  block: Block | null;
  range: Range;
}

/** `"{" commands "}"`. */
export interface Block {
  type: "Block";
  commands: Command[];
  range: Range;
}

/** `identifier arguments` in test position; `test` / `tests` as for {@link Command}. */
export interface Test {
  type: "Test";
  name: string;
  nameRange: Range;
  arguments: Argument[];
  test: Test | null;
  tests: Test[] | null;
  range: Range;
}

/**
 * A string, decoded: escapes of quoted strings and dot-stuffing of multi-line strings are
 * removed (RFC 5228 §2.4.2). `${…}` variable references and encoded characters are kept
 * verbatim; they are resolved by validation and at run time.
 */
export interface StringLiteral {
  type: "String";
  value: string;
  /** True for `text:` multi-line strings, so the printer can keep the form. */
  multiline: boolean;
  range: Range;
}

/** `"[" string *("," string) "]"`. A bare string argument is a {@link StringLiteral}, not a one-element list. */
export interface StringList {
  type: "StringList";
  items: StringLiteral[];
  range: Range;
}

/** A number with its K/M/G quantifier applied (RFC 5228 §2.4.1); `raw` is the text as written. */
export interface NumberLiteral {
  type: "Number";
  value: number;
  raw: string;
  range: Range;
}

/** A tagged argument such as `:comparator`; `name` excludes the colon and keeps the source case. */
export interface Tag {
  type: "Tag";
  name: string;
  range: Range;
}

/** Any positional or tagged argument. */
export type Argument = StringLiteral | StringList | NumberLiteral | Tag;

/** Every node type of the tree. */
export type Node = Script | Command | Block | Test | Argument | Comment;
