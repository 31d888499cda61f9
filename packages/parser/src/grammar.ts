/**
 * The generic Sieve grammar of RFC 5228 §8.2 as one Chevrotain parser, built once per process
 * and reused (`parser.input = tokens`).
 *
 * The grammar is deliberately lax: every loop accepts whatever token comes and the rules report
 * what is wrong themselves. Chevrotain's own recovery would resynchronise silently and word its
 * errors for grammar authors; here every error says what was expected, after what, and where
 * the construct began ("expected ';' after command 'fileinto'", "unclosed '{' opened at 3:12"),
 * and parsing always continues, so one pass reports every syntax error of a file.
 *
 * @module
 */
import { EmbeddedActionsParser, type IToken, type TokenType } from "chevrotain";
import type { Argument, Block, Command, NumberLiteral, Range, StringList, StringLiteral, Tag, Test } from "./ast.ts";
import type { SieveDiagnosticCode } from "./errors.ts";
import {
  allTokens,
  Comma,
  Identifier,
  LBracket,
  LCurly,
  LParen,
  MultiLineString,
  NumberToken,
  QuotedString,
  RBracket,
  RCurly,
  RParen,
  Semicolon,
  TagToken,
} from "./lexer.ts";
import type { ParseLimits } from "./limits.ts";
import type { LineIndex } from "./positions.ts";

/** What the grammar needs from the caller for one parse. */
export interface GrammarContext {
  lines: LineIndex;
  limits: ParseLimits;
  /** Length of the text, for positions at the end of input. */
  length: number;
  report(code: SieveDiagnosticCode, message: string, start: number, end: number): void;
  /**
   * Commands and tests whose own syntax is broken (a missing ';', an unclosed list, …).
   * Validation skips their argument checks so one problem gives one message.
   */
  broken: Set<Command | Test>;
  /** True when an unterminated string, comment or `text:` swallowed the rest of the input. */
  truncated: boolean;
}

/**
 * Commands that are followed by a block rather than `;`. Only used to word the "expected ';'"
 * message; the grammar itself accepts a block or `;` after any command.
 */
const BLOCK_COMMANDS = new Set(["if", "elsif", "else", "foreverypart", "test"]);

const MAX_NUMBER = 18446744073709551615n; // Pigeonhole's sieve_number_t is 64-bit unsigned.
const QUANTIFIERS: Record<string, bigint> = { k: 1024n, m: 1024n ** 2n, g: 1024n ** 3n };

/** How a token is named in messages. */
export function describeToken(token: IToken | undefined): string {
  if (token === undefined || token.tokenType.name === "EOF") return "the end of the script";
  switch (token.tokenType) {
    case QuotedString:
    case MultiLineString:
      return "a string";
    case NumberToken:
      return `number ${token.image}`;
    case TagToken:
      return `tag '${token.image}'`;
    case Identifier:
      return `identifier '${token.image}'`;
    default:
      return `'${token.image}'`;
  }
}

function endOf(token: IToken): number {
  return token.startOffset + token.image.length;
}

/** Decodes a quoted string: `\x` stands for `x` (RFC 5228 §2.4.2; unknown escapes keep the character). */
export function decodeQuoted(image: string): string {
  const inner = image.slice(1, -1);
  return inner.includes("\\") ? inner.replace(/\\([\s\S])/g, "$1") : inner;
}

const MULTILINE_HEAD_LEN = /^text:[ \t]*(?:#[^\r\n]*)?\r?\n/i;

/** Decodes a `text:` string: drops the head line and the final `.` line, and un-stuffs leading dots. */
export function decodeMultiLine(image: string): string {
  const head = MULTILINE_HEAD_LEN.exec(image);
  const bodyStart = head === null ? image.length : head[0].length;
  // The terminator is the last "." line: strip ".\r\n", ".\n" or a final ".".
  let end = image.length;
  if (image.endsWith(".\r\n")) end -= 3;
  else if (image.endsWith(".\n")) end -= 2;
  else if (image.endsWith(".")) end -= 1;
  const body = end > bodyStart ? image.slice(bodyStart, end) : "";
  // RFC 5228 §2.4.2: a line starting ".." stands for one starting ".".
  return body.includes("..") ? body.replace(/(^|\n)\.\./g, "$1.") : body;
}

/** What an element of a bracketed list turned out to be. */
type ListItem<T> = { kind: "item"; node: T } | { kind: "comma"; token: IToken } | { kind: "junk"; token: IToken };

/**
 * The Chevrotain parser; use {@link parse} rather than this class.
 *
 * Every `OR` alternative array is built once in the constructor: rule bodies run for every
 * node, and allocating closures there dominated the parse time (tsx's keepNames even wraps each
 * one in a defineProperty call).
 */
export class SieveGrammar extends EmbeddedActionsParser {
  /** Set by {@link parse} before each run. */
  ctx!: GrammarContext;
  private blockDepth = 0;
  private testDepth = 0;
  private blockNestingReported = false;
  private testNestingReported = false;
  /** True while consecutive stray tokens are being skipped: they are reported once. */
  private garbageRun = false;
  /** One flag per command/test being parsed: did a syntax error occur in its own tokens. */
  private readonly brokenStack: Array<boolean | "block"> = [];

  // Alternatives, built once (see the class comment). Each returns a value instead of
  // writing to a local of the rule.
  private readonly topAlts: Array<{ ALT: () => Command | null }>;
  private readonly blockAlts: Array<{ ALT: () => Command | null }>;
  private readonly garbageTop: Array<{ ALT: () => IToken }>;
  private readonly garbageBlock: Array<{ ALT: () => IToken }>;
  private readonly endAlts: Array<{ ALT: () => Block | IToken }>;
  private readonly testAlts: Array<{ ALT: () => Test | TestListResult }>;
  private readonly argAlts: Array<{ ALT: () => Argument }>;
  private readonly stringAlts: Array<{ ALT: () => StringLiteral }>;
  private readonly stringListAlts: Array<{ ALT: () => ListItem<StringLiteral> }>;
  private readonly testListAlts: Array<{ ALT: () => ListItem<Test> }>;
  private readonly testListJunk: Array<{ ALT: () => IToken }>;

  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 1, skipValidations: true });
    const consumeAll = (kinds: TokenType[]) => kinds.map((k, i) => ({ ALT: () => this.consumeN(i, k) }));
    const junk: TokenType[] = [
      QuotedString,
      MultiLineString,
      NumberToken,
      TagToken,
      Semicolon,
      Comma,
      LParen,
      RParen,
      LBracket,
      RBracket,
      LCurly,
    ];
    this.garbageBlock = consumeAll(junk);
    this.garbageTop = consumeAll([...junk, RCurly]);
    this.topAlts = [
      { ALT: () => this.SUBRULE(this.command) },
      {
        ALT: () => {
          const t = this.OR2(this.garbageTop);
          this.ACTION(() => this.garbage(t, "where a command was expected"));
          return null;
        },
      },
    ];
    this.blockAlts = [
      { ALT: () => this.SUBRULE2(this.command) },
      {
        ALT: () => {
          const t = this.OR3(this.garbageBlock);
          this.ACTION(() => this.garbage(t, "where a command or '}' was expected"));
          return null;
        },
      },
    ];
    this.endAlts = [{ ALT: () => this.SUBRULE(this.block) }, { ALT: () => this.CONSUME(Semicolon) }];
    this.testAlts = [{ ALT: () => this.SUBRULE(this.test) }, { ALT: () => this.SUBRULE(this.testList) }];
    this.argAlts = [
      { ALT: () => this.SUBRULE(this.stringList) },
      { ALT: () => this.SUBRULE(this.string) },
      {
        ALT: () => {
          const t = this.CONSUME(NumberToken);
          return this.ACTION(() => this.number(t));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(TagToken);
          return this.ACTION((): Tag => {
            this.checkIdentifier(t);
            return { type: "Tag", name: t.image.slice(1), range: this.rangeOf(t.startOffset, endOf(t)) };
          });
        },
      },
    ];
    this.stringAlts = [
      {
        ALT: () => {
          const t = this.CONSUME(QuotedString);
          return this.ACTION(() => this.stringNode(t, decodeQuoted(t.image), false));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(MultiLineString);
          return this.ACTION(() => this.stringNode(t, decodeMultiLine(t.image), true));
        },
      },
    ];
    this.stringListAlts = [
      { ALT: () => ({ kind: "item", node: this.SUBRULE2(this.string) }) },
      { ALT: () => ({ kind: "comma", token: this.CONSUME(Comma) }) },
    ];
    this.testListJunk = consumeAll([QuotedString, MultiLineString, NumberToken, TagToken, LBracket, RBracket, LParen]);
    this.testListAlts = [
      { ALT: () => ({ kind: "item", node: this.SUBRULE2(this.test) }) },
      { ALT: () => ({ kind: "comma", token: this.CONSUME2(Comma) }) },
      // Arguments where a test belongs: a common slip, e.g. `anyof("a")`.
      { ALT: () => ({ kind: "junk", token: this.OR4(this.testListJunk) }) },
    ];
    this.performSelfAnalysis();
  }

  /** CONSUME with a distinct index per alternative, as Chevrotain requires for repeated token types. */
  private consumeN(i: number, k: TokenType): IToken {
    // Chevrotain tells occurrences apart by the method's number; each list stays below 12.
    switch (i) {
      case 0:
        return this.CONSUME3(k);
      case 1:
        return this.CONSUME4(k);
      case 2:
        return this.CONSUME5(k);
      case 3:
        return this.CONSUME6(k);
      case 4:
        return this.CONSUME7(k);
      case 5:
        return this.CONSUME8(k);
      case 6:
        return this.CONSUME9(k);
      default:
        return this.consumeHigh(i, k);
    }
  }

  private consumeHigh(i: number, k: TokenType): IToken {
    // CONSUME takes an explicit occurrence index beyond 9 through the generic form.
    return this.consume(i + 3, k);
  }

  /** Resets the per-parse state. */
  begin(tokens: IToken[], ctx: GrammarContext): void {
    this.input = tokens;
    this.ctx = ctx;
    this.blockDepth = 0;
    this.testDepth = 0;
    this.blockNestingReported = false;
    this.testNestingReported = false;
    this.garbageRun = false;
    this.brokenStack.length = 0;
  }

  private rangeOf(start: number, end: number) {
    return this.ctx.lines.range(start, end);
  }

  /** Reports a syntax error that belongs to the command or test being parsed. */
  private syntax(message: string, start: number, end: number): void {
    this.markBroken();
    this.ctx.report("SIEVE_E_SYNTAX", message, start, end);
  }

  /** Marks the command or test being parsed as broken (not a block frame). */
  private markBroken(): void {
    const top = this.brokenStack.length - 1;
    if (top >= 0 && this.brokenStack[top] !== "block") this.brokenStack[top] = true;
  }

  private garbage(token: IToken, where: string): void {
    // Several stray tokens in a row are one problem.
    if (this.garbageRun) return;
    this.garbageRun = true;
    this.ctx.report("SIEVE_E_SYNTAX", `unexpected ${describeToken(token)} ${where}`, token.startOffset, endOf(token));
  }

  /** `start = commands` */
  public script = this.RULE("script", (): Command[] => {
    const commands: Command[] = [];
    this.MANY(() => {
      const c = this.OR(this.topAlts);
      if (c != null) commands.push(c);
    });
    return commands;
  });

  /** `command = identifier arguments (";" / block)` */
  private command = this.RULE("command", (): Command => {
    const id = this.CONSUME(Identifier);
    this.ACTION(() => {
      this.garbageRun = false;
      this.brokenStack.push(false);
    });
    const args = this.SUBRULE(this.argumentsRule, { ARGS: [id] });
    const ending = this.OPTION(() => this.OR5(this.endAlts));
    return this.ACTION(() => {
      let block: Block | null = null;
      let end: number;
      if (ending == null) {
        end = args.end;
        const next = this.LA(1);
        const eof = next.tokenType.name === "EOF";
        // At the end of input after an unterminated string or comment, that error says it all;
        // so does an unclosed list of this command.
        const alreadyBroken = this.brokenStack[this.brokenStack.length - 1] === true;
        if (!(eof && this.ctx.truncated) && !alreadyBroken) {
          // `keep stop discard`: the ';' is missing after the last of the run-together commands.
          let last = id.image;
          if (!BLOCK_COMMANDS.has(id.image.toLowerCase())) {
            for (let t = args.test; t !== null && t.arguments.length === 0 && t.tests === null; t = t.test)
              last = t.name;
          }
          const wanted = last === id.image && BLOCK_COMMANDS.has(last.toLowerCase()) ? "'{'" : "';'";
          const at = eof ? this.ctx.length : next.startOffset;
          this.syntax(
            `expected ${wanted} after command '${last}' but found ${describeToken(next)}`,
            at,
            eof ? at : endOf(next),
          );
        } else this.markBroken();
        // A stray token that follows is this same problem; don't report it again as garbage.
        this.garbageRun = true;
      } else if ("type" in ending && ending.type === "Block") {
        block = ending;
        end = ending.range.end.offset;
      } else end = endOf(ending as IToken);
      this.checkIdentifier(id);
      const node: Command = {
        type: "Command",
        name: id.image,
        nameRange: this.rangeOf(id.startOffset, endOf(id)),
        arguments: args.arguments,
        test: args.test,
        tests: args.tests,
        block,
        range: this.rangeOf(id.startOffset, end),
      };
      if (this.brokenStack.pop() === true) this.ctx.broken.add(node);
      return node;
    });
  });

  private checkIdentifier(id: IToken): void {
    const name = id.tokenType === TagToken ? id.image.slice(1) : id.image;
    if (name.length > this.ctx.limits.maxIdentifierLength) {
      // The owner can't be a known command or test; validation stays quiet about it.
      this.markBroken();
      this.ctx.report(
        "SIEVE_E_IDENTIFIER_TOO_LONG",
        `${id.tokenType === TagToken ? "tag" : "identifier"} '${id.image}' is longer than ${this.ctx.limits.maxIdentifierLength} characters`,
        id.startOffset,
        endOf(id),
      );
    }
  }

  /** `block = "{" commands "}"` */
  private block = this.RULE("block", (): Block => {
    const open = this.CONSUME(LCurly);
    this.ACTION(() => {
      this.blockDepth++;
      if (this.blockDepth > this.ctx.limits.maxBlockNesting && !this.blockNestingReported) {
        this.blockNestingReported = true;
        this.ctx.report(
          "SIEVE_E_NESTING",
          `blocks nested more than ${this.ctx.limits.maxBlockNesting} deep`,
          open.startOffset,
          endOf(open),
        );
      }
      // Commands inside are parsed on their own account.
      this.brokenStack.push("block");
    });
    const commands: Command[] = [];
    this.MANY(() => {
      const c = this.OR6(this.blockAlts);
      if (c != null) commands.push(c);
    });
    const close = this.OPTION(() => this.CONSUME(RCurly));
    return this.ACTION(() => {
      this.brokenStack.pop();
      this.blockDepth--;
      if (this.blockDepth <= this.ctx.limits.maxBlockNesting) this.blockNestingReported = false;
      let end: number;
      if (close != null) end = endOf(close);
      else {
        const pos = this.ctx.lines.position(open.startOffset);
        if (!this.ctx.truncated) {
          this.syntax(
            `unclosed '{' opened at ${pos.line}:${pos.column}: expected '}' before the end of the script`,
            open.startOffset,
            endOf(open),
          );
        } else this.markBroken();
        end = this.ctx.length;
      }
      return { type: "Block", commands, range: this.rangeOf(open.startOffset, end) };
    });
  });

  /** `arguments = *argument [ test / test-list ]`; returns where the arguments end. */
  private argumentsRule = this.RULE("arguments", (owner: IToken): ArgumentsResult => {
    const args: Argument[] = [];
    this.MANY(() => {
      const arg = this.OR7(this.argAlts);
      this.ACTION(() => {
        args.push(arg);
        if (args.length === this.ctx.limits.maxArguments + 1) {
          this.ctx.report(
            "SIEVE_E_LIMIT",
            `'${owner.image}' has more than ${this.ctx.limits.maxArguments} arguments`,
            arg.range.start.offset,
            arg.range.end.offset,
          );
        }
      });
    });
    const t = this.OPTION2(() => this.OR8(this.testAlts));
    return this.ACTION((): ArgumentsResult => {
      let end = endOf(owner);
      const last = args[args.length - 1];
      if (last !== undefined) end = last.range.end.offset;
      if (t == null) return { arguments: args, test: null, tests: null, end };
      if ("type" in t) return { arguments: args, test: t, tests: null, end: t.range.end.offset };
      return { arguments: args, test: null, tests: t.tests, end: t.end };
    });
  });

  private number(t: IToken): NumberLiteral {
    const raw = t.image;
    const last = raw.charCodeAt(raw.length - 1);
    const hasQuantifier = last > 0x39;
    const digits = hasQuantifier ? raw.slice(0, -1) : raw;
    const mult = hasQuantifier ? (QUANTIFIERS[raw[raw.length - 1]?.toLowerCase() ?? ""] ?? 1n) : 1n;
    let value: number;
    if (digits.length <= 15 && mult === 1n) value = Number(digits);
    else {
      const big = BigInt(digits) * mult;
      if (big > MAX_NUMBER) {
        this.ctx.report(
          "SIEVE_E_NUMBER_OVERFLOW",
          `number ${raw} is too large (the largest is ${MAX_NUMBER})`,
          t.startOffset,
          endOf(t),
        );
      }
      value = Number(big);
    }
    return { type: "Number", value, raw, range: this.rangeOf(t.startOffset, endOf(t)) };
  }

  /** `string = quoted-string / multi-line` */
  private string = this.RULE("string", (): StringLiteral => this.OR9(this.stringAlts));

  private stringNode(t: IToken, value: string, multiline: boolean): StringLiteral {
    if (value.length > this.ctx.limits.maxStringLength) {
      this.ctx.report(
        "SIEVE_E_LIMIT",
        `string is longer than ${this.ctx.limits.maxStringLength} characters`,
        t.startOffset,
        endOf(t),
      );
    }
    return { type: "String", value, multiline, range: this.rangeOf(t.startOffset, endOf(t)) };
  }

  /**
   * Checks the shape `item *("," item)` of a bracketed list once it is read; reports the first
   * problem only. Returns the items.
   */
  private checkList<T extends { range: Range }>(
    seq: ListItem<T>[],
    open: IToken,
    close: IToken | undefined,
    what: { item: string; list: string; closer: string },
  ): { items: T[]; end: number } {
    const items: T[] = [];
    let expectItem = true;
    let problem: [string, number, number] | null = null;
    for (const el of seq) {
      if (el.kind === "item") {
        if (!expectItem && problem === null) {
          problem = [
            `expected ',' between the ${what.item}s of a ${what.list}`,
            el.node.range.start.offset,
            el.node.range.end.offset,
          ];
        }
        items.push(el.node);
        expectItem = false;
      } else if (el.kind === "comma") {
        if (expectItem && problem === null)
          problem = [`expected a ${what.item} before ',' in ${what.list}`, el.token.startOffset, endOf(el.token)];
        expectItem = true;
      } else if (problem === null) {
        problem = [
          `expected a ${what.item} but found ${describeToken(el.token)} in ${what.list}`,
          el.token.startOffset,
          endOf(el.token),
        ];
      }
    }
    const end = close !== undefined ? endOf(close) : (items[items.length - 1]?.range.end.offset ?? endOf(open));
    if (problem === null) {
      if (close === undefined) {
        const next = this.LA(1);
        const eof = next.tokenType.name === "EOF";
        if (!(eof && this.ctx.truncated)) {
          const pos = this.ctx.lines.position(open.startOffset);
          problem = [
            `unclosed '${open.image}' opened at ${pos.line}:${pos.column}: expected '${what.closer}' but found ${describeToken(next)}`,
            eof ? this.ctx.length : next.startOffset,
            eof ? this.ctx.length : endOf(next),
          ];
        }
        // Every enclosing command and test is cut short by this; their own "expected ';'" or
        // argument-count messages would repeat the problem.
        for (let i = this.brokenStack.length - 1; i >= 0 && this.brokenStack[i] !== "block"; i--)
          this.brokenStack[i] = true;
        this.garbageRun = true;
      } else if (items.length === 0)
        problem = [`empty ${what.list}: a list needs at least one ${what.item}`, open.startOffset, end];
      else if (expectItem)
        problem = [`expected a ${what.item} after ',' in ${what.list}`, close.startOffset, endOf(close)];
    }
    if (problem !== null) this.syntax(...problem);
    return { items, end };
  }

  /** `string-list = "[" string *("," string) "]"`, checked by hand for precise messages. */
  private stringList = this.RULE("stringList", (): StringList => {
    const open = this.CONSUME(LBracket);
    const seq: ListItem<StringLiteral>[] = [];
    this.MANY(() => {
      const el = this.or(10, this.stringListAlts);
      seq.push(el);
    });
    const close = this.OPTION(() => this.CONSUME(RBracket));
    return this.ACTION((): StringList => {
      const { items, end } = this.checkList(seq, open, close ?? undefined, {
        item: "string",
        list: "string list",
        closer: "]",
      });
      if (items.length > this.ctx.limits.maxStringListLength) {
        this.ctx.report(
          "SIEVE_E_LIMIT",
          `string list has more than ${this.ctx.limits.maxStringListLength} items`,
          open.startOffset,
          end,
        );
      }
      return { type: "StringList", items, range: this.rangeOf(open.startOffset, end) };
    });
  });

  /** `test = identifier arguments` */
  private test = this.RULE("test", (): Test => {
    const id = this.CONSUME(Identifier);
    this.ACTION(() => {
      this.enterTest(id);
      this.brokenStack.push(false);
    });
    const args = this.SUBRULE(this.argumentsRule, { ARGS: [id] });
    return this.ACTION((): Test => {
      this.testDepth--;
      if (this.testDepth <= this.ctx.limits.maxTestNesting) this.testNestingReported = false;
      this.checkIdentifier(id);
      const node: Test = {
        type: "Test",
        name: id.image,
        nameRange: this.rangeOf(id.startOffset, endOf(id)),
        arguments: args.arguments,
        test: args.test,
        tests: args.tests,
        range: this.rangeOf(id.startOffset, args.end),
      };
      if (this.brokenStack.pop() === true) this.ctx.broken.add(node);
      return node;
    });
  });

  private enterTest(id: IToken): void {
    this.testDepth++;
    if (this.testDepth > this.ctx.limits.maxTestNesting && !this.testNestingReported) {
      this.testNestingReported = true;
      this.ctx.report(
        "SIEVE_E_NESTING",
        `tests nested more than ${this.ctx.limits.maxTestNesting} deep`,
        id.startOffset,
        endOf(id),
      );
    }
  }

  /** `test-list = "(" test *("," test) ")"`, checked by hand like string lists. */
  private testList = this.RULE("testList", (): TestListResult => {
    const open = this.CONSUME(LParen);
    const seq: ListItem<Test>[] = [];
    this.MANY(() => {
      const el = this.or(11, this.testListAlts);
      seq.push(el);
    });
    const close = this.OPTION(() => this.CONSUME(RParen));
    return this.ACTION((): TestListResult => {
      const { items, end } = this.checkList(seq, open, close ?? undefined, {
        item: "test",
        list: "test list",
        closer: ")",
      });
      return { tests: items, end };
    });
  });
}

/** What the arguments rule returns. */
interface ArgumentsResult {
  arguments: Argument[];
  test: Test | null;
  tests: Test[] | null;
  end: number;
}

/** A test list and where its ')' ends. */
interface TestListResult {
  tests: Test[];
  end: number;
}
