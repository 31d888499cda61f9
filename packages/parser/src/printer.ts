/**
 * `print()`: an AST back to Sieve text, in one canonical layout that keeps every comment.
 *
 * @module
 */
import type { Argument, Block, Command, Comment, Script, StringLiteral, Test } from "./ast.ts";

/** Options of {@link print}. */
export interface PrintOptions {
  /**
   * One level of indentation: a number of spaces, or a string of spaces and tabs such as `"\t"`.
   * Default: 2 spaces.
   */
  indent?: number | string;
  /** The line break written between lines. Default: `"\n"`. */
  lineEnding?: "\n" | "\r\n";
}

/** A test list whose one-line form would make a line longer than this is broken one test per line. */
const MAX_WIDTH = 100;

/** Either a command or a test: both have a name, arguments and an optional test or test list. */
type Header = Command | Test;

const isElse = (name: string): boolean => {
  const n = name.toLowerCase();
  return n === "elsif" || n === "else";
};
const opensChain = (name: string): boolean => {
  const n = name.toLowerCase();
  return n === "if" || n === "elsif";
};

/**
 * Prints a script in the canonical layout of the toolkit. The output parses back to the same
 * tree (modulo ranges), and printing is idempotent: `print(parse(print(ast)).ast)` equals
 * `print(ast)`.
 *
 * The layout:
 *
 * - One command per line, indented one level (`options.indent`) per block. A block is
 *   `name arguments {` … `}`, the `}` on its own line at the command's indentation; an empty block
 *   prints as `{` and `}` on two lines.
 * - `elsif` and `else` are cuddled: `} elsif exists "x" {`, `} else {`, unless a comment sits
 *   between the `}` and them; then they start their own line below the comment.
 * - Tokens are separated by one space: `header :contains "subject" ["a", "b"]`. String lists are
 *   `["a", "b"]` (no padding inside the brackets, `", "` between items); test lists are
 *   `anyof (a, b)` (a space before `(`, `", "` between tests), as in RFC 5228's examples.
 * - A test list whose one-line form would make a line longer than 100 characters is broken:
 *   `anyof (`, then one test per line indented one more level (each but the last ended by `,`),
 *   then `)` on a line of its own at the indentation of the line that opened it. Nested lists
 *   decide the same way. Other lists (string lists, arguments) are never broken.
 * - Names of commands, tests and tags keep the case of the tree; numbers print as written (`raw`).
 * - Strings print quoted, with `\` and `"` escaped as `\\` and `\"`; line breaks in the value are
 *   written as they are. A string parsed from `text:` prints as `text:` again (with dot-stuffing of
 *   lines starting with `.`) when its value is empty or ends with a line break; otherwise it prints
 *   quoted, since a `text:` body always ends with one. The body keeps its own line breaks; the
 *   `text:` and `.` lines use `options.lineEnding`. What follows a `text:` string (`;`, `,`, `]`,
 *   `)`, `{` or another argument) starts the next line at the indentation of the command or test.
 * - Blank lines: where the source had one or more empty lines between two commands or comments of
 *   the same command list (the top level or a block), exactly one is printed; none is printed after
 *   `{`, before `}` or at the start of the file. The output ends with one line break (an empty
 *   script prints as `""`).
 *
 * Comments (`script.comments`, placed by their ranges) are all kept, with their text unchanged:
 *
 * - a comment on the line where a command ends (after its `;` or `}`) or on the line of a `{`
 *   stays at the end of that line, as do further comments starting on the line where such a
 *   comment ends;
 * - other comments before a command, or after the last command of a block or of the script, print
 *   on their own lines at the indentation of that list (comments on one line stay on one line);
 * - a comment inside a command's arguments or tests (before its `;` or `{`) moves to a line of its
 *   own just above the command.
 *
 * A `# comment` on the `text:` line of a multi-line string is part of that string's token, not of
 * `script.comments`, and the tree does not keep it: it is not printed. A tree with syntax errors
 * prints as far as it goes; comments it cannot place go to the end. Comments are placed by their
 * ranges, so a tree built by hand should have an empty `comments` list.
 */
export function print(ast: Script, options: PrintOptions = {}): string {
  return new Printer(ast.comments, options).script(ast);
}

class Printer {
  private readonly eol: string;
  private readonly unit: string;
  private readonly comments: Comment[];
  private next = 0;
  /** The output so far, in pieces (reading back a growing string would flatten it every time). */
  private readonly parts: string[] = [];
  /** The last piece written. */
  private last = "";
  /** The column the output has reached on its last line. */
  private column = 0;

  constructor(comments: Comment[], options: PrintOptions) {
    this.eol = options.lineEnding ?? "\n";
    if (this.eol !== "\n" && this.eol !== "\r\n") throw new TypeError('lineEnding must be "\\n" or "\\r\\n"');
    const indent = options.indent ?? 2;
    if (typeof indent === "number") {
      if (!Number.isInteger(indent) || indent < 0) throw new TypeError("indent must be a non-negative integer");
      this.unit = " ".repeat(indent);
    } else {
      if (!/^[ \t]*$/.test(indent)) throw new TypeError("indent must hold only spaces and tabs");
      this.unit = indent;
    }
    this.comments = [...comments].sort((a, b) => a.range.start.offset - b.range.start.offset);
  }

  script(ast: Script): string {
    this.list(ast.commands, 0, Number.POSITIVE_INFINITY);
    // Whatever could not be placed (only in trees with errors) goes at the end.
    while (this.peek() !== undefined) this.standaloneRun(0, Number.POSITIVE_INFINITY, null);
    return this.parts.length === 0 ? "" : this.parts.join("") + this.eol;
  }

  private write(piece: string): void {
    if (piece === "") return;
    this.parts.push(piece);
    this.last = piece;
    const nl = piece.lastIndexOf("\n");
    this.column = nl < 0 ? this.column + piece.length : piece.length - nl - 1;
  }

  private indent(level: number): string {
    return this.unit.repeat(level);
  }

  private peek(): Comment | undefined {
    return this.comments[this.next];
  }

  /** Takes the next comment if it starts before `limit` (an offset). */
  private takeBefore(limit: number): Comment | undefined {
    const c = this.peek();
    if (c === undefined || c.range.start.offset >= limit) return undefined;
    this.next++;
    return c;
  }

  /** Starts a new line (unless the output is empty) at `level`, after an empty line if `blank`. */
  private startLine(level: number, blank: boolean): void {
    if (this.parts.length > 0) this.write(blank ? this.eol + this.eol : this.eol);
    this.write(this.indent(level));
  }

  /**
   * Appends, on the current line, the comments that start on `line` and before `limit`, then those
   * starting on the line where the previous one ends. Returns the source line the last one ends on,
   * or `line` when there was none.
   */
  private trailing(line: number, limit: number): number {
    for (;;) {
      const c = this.peek();
      if (c === undefined || c.range.start.offset >= limit || c.range.start.line !== line) return line;
      this.next++;
      this.write(` ${c.text}`);
      line = c.range.end.line;
    }
  }

  /**
   * Prints one line of standalone comments: the next comment (which must start before `limit`)
   * and those starting on the line where the previous one ends. Returns the end line.
   */
  private standaloneRun(level: number, limit: number, prevEnd: number | null): number {
    const first = this.takeBefore(limit)!;
    this.startLine(level, prevEnd !== null && first.range.start.line - prevEnd > 1);
    this.write(first.text);
    return this.trailing(first.range.end.line, limit);
  }

  /** Prints a command list at `level`, with the comments that start before `end`. */
  private list(commands: Command[], level: number, end: number): void {
    let prevEnd: number | null = null;
    let canCuddle = false;
    for (let i = 0; i < commands.length; i++) {
      const cmd = commands[i] as Command;
      const start = cmd.range.start.offset;
      // A comment after the next command (even on this line) belongs to that one.
      const nextStart = commands[i + 1]?.range.start.offset ?? end;
      let hadComments = false;
      while (this.peek() !== undefined && this.peek()!.range.start.offset < start) {
        prevEnd = this.standaloneRun(level, start, prevEnd);
        hadComments = true;
      }
      const headerEnd = cmd.block !== null ? cmd.block.range.start.offset : cmd.range.end.offset;
      const hoisted: Comment[] = [];
      for (let c = this.takeBefore(headerEnd); c !== undefined; c = this.takeBefore(headerEnd)) hoisted.push(c);

      if (canCuddle && !hadComments && hoisted.length === 0 && isElse(cmd.name)) {
        this.write(" ");
      } else {
        // An empty line before the command goes above the comments moved out of it.
        let blank = prevEnd !== null && cmd.range.start.line - prevEnd > 1;
        for (const c of hoisted) {
          this.startLine(level, blank);
          this.write(c.text);
          blank = false;
        }
        this.startLine(level, blank);
      }
      this.write(this.header(cmd, level, this.column, false));
      if (cmd.block !== null) {
        this.block(cmd.block, level);
      } else {
        this.write(";");
      }
      const before = this.next;
      prevEnd = this.trailing(cmd.range.end.line, nextStart);
      canCuddle = cmd.block !== null && this.next === before && opensChain(cmd.name);
    }
    while (this.peek() !== undefined && this.peek()!.range.start.offset < end) {
      prevEnd = this.standaloneRun(level, end, prevEnd);
    }
  }

  private block(block: Block, level: number): void {
    this.write(endsAfterText(this.last) ? "{" : " {");
    const close = block.range.end.offset - 1;
    const firstStart = block.commands[0]?.range.start.offset ?? close;
    this.trailing(block.range.start.line, Math.min(firstStart, close));
    this.list(block.commands, level + 1, close);
    this.startLine(level, false);
    this.write("}");
  }

  /**
   * `name arguments [test / test-list]` of a command or test, starting at column `lead` of a line
   * indented `level` levels. With `flat`, test lists are never broken.
   */
  private header(node: Header, level: number, lead: number, flat: boolean): string {
    const ind = this.indent(level);
    let head = node.name;
    for (const arg of node.arguments) head = glue(head, " ", this.argument(arg, ind));
    if (node.test !== null) {
      const col = columnAfter(head, lead) + 1;
      return glue(head, " ", this.header(node.test, level, col, flat));
    }
    if (node.tests === null) return head;
    const tests = node.tests;
    let one = `${glue(head, " ", "(")}`;
    tests.forEach((t, i) => {
      const col = columnAfter(one, lead);
      one =
        i === 0 ? one + this.header(t, level, col, true) : glue(one, "", `, ${this.header(t, level, col + 2, true)}`);
    });
    one = glue(one, "", ")");
    if (flat || fits(one, lead)) return one;
    const inner = this.indent(level + 1);
    let broken = glue(head, " ", "(");
    tests.forEach((t, i) => {
      broken += this.eol + inner + this.header(t, level + 1, inner.length, false);
      if (i < tests.length - 1) broken = glue(broken, "", ",");
    });
    return `${broken}${this.eol}${ind})`;
  }

  private argument(arg: Argument, ind: string): string {
    switch (arg.type) {
      case "Tag":
        return `:${arg.name}`;
      case "Number":
        return arg.raw;
      case "String":
        return this.string(arg, ind);
      case "StringList": {
        let s = "[";
        arg.items.forEach((item, i) => {
          s = i === 0 ? s + this.string(item, ind) : glue(s, "", `, ${this.string(item, ind)}`);
        });
        return glue(s, "", "]");
      }
    }
  }

  private string(s: StringLiteral, ind: string): string {
    if (s.multiline && (s.value === "" || s.value.endsWith("\n"))) {
      // RFC 5228 §2.4.2: a body line starting with "." gets another one.
      const body = s.value.replace(/(^|\n)\./g, "$1..");
      return `text:${this.eol}${body}.${this.eol}${ind}`;
    }
    return `"${s.value.replace(/[\\"]/g, "\\$&")}"`;
  }
}

/** True when `s` ends with a `text:` string's terminating line (and the indentation after it). */
function endsAfterText(s: string): boolean {
  // Scans back from the end (a regex anchored with `$` would scan the whole output).
  let i = s.length - 1;
  while (i >= 0 && (s[i] === " " || s[i] === "\t")) i--;
  if (s[i] !== "\n") return false;
  i--;
  if (s[i] === "\r") i--;
  return s[i] === "." && s[i - 1] === "\n";
}

/**
 * Joins `b` to `a` with `sep`, except right after a `text:` string, where the next token already
 * starts a fresh line and needs no separator.
 */
function glue(a: string, sep: string, b: string): string {
  return endsAfterText(a) ? a + b : a + sep + b;
}

/** The column reached after writing `s` from column `lead`. */
function columnAfter(s: string, lead: number): number {
  const i = s.lastIndexOf("\n");
  return i < 0 ? lead + s.length : s.length - i - 1;
}

/** Whether every line of `s`, the first starting at column `lead`, stays within {@link MAX_WIDTH}. */
function fits(s: string, lead: number): boolean {
  const lines = s.split("\n");
  return lines.every((line, i) => (i === 0 ? lead : 0) + line.replace(/\r$/, "").length <= MAX_WIDTH);
}
