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
import type { Argument, Block, Command, NumberLiteral, StringList, StringLiteral, Tag, Test } from "./ast.ts";
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

/** The Chevrotain parser; use {@link parse} rather than this class. */
export class SieveGrammar extends EmbeddedActionsParser {
  /** Set by {@link parse} before each run. */
  ctx!: GrammarContext;
  private blockDepth = 0;
  private testDepth = 0;
  private blockNestingReported = false;
  private testNestingReported = false;
  /** True while consecutive stray tokens are being skipped: they are reported once. */
  private garbageRun = false;

  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 1, skipValidations: true });
    this.performSelfAnalysis();
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
  }

  private rangeOf(start: number, end: number) {
    return this.ctx.lines.range(start, end);
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
      this.OR([
        { ALT: () => commands.push(this.SUBRULE(this.command)) },
        {
          ALT: () => {
            const t = this.OR2(this.garbageAlternatives(true));
            this.ACTION(() => this.garbage(t, "where a command was expected"));
          },
        },
      ]);
    });
    return commands;
  });

  private garbageAlternatives(withRCurly: boolean) {
    const kinds: TokenType[] = [
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
    if (withRCurly) kinds.push(RCurly);
    return kinds.map((k) => ({ ALT: () => this.CONSUME(k) }));
  }

  /** `command = identifier arguments (";" / block)` */
  private command = this.RULE("command", (): Command => {
    const id = this.CONSUME(Identifier);
    this.ACTION(() => {
      this.garbageRun = false;
    });
    const args = this.SUBRULE(this.argumentsRule, { ARGS: [id] });
    let block: Block | null = null;
    let semi: IToken | null = null;
    this.OPTION(() => {
      this.OR([{ ALT: () => (block = this.SUBRULE(this.block)) }, { ALT: () => (semi = this.CONSUME(Semicolon)) }]);
    });
    return this.ACTION(() => {
      const b = block as Block | null;
      const s = semi as IToken | null;
      let end: number;
      if (b !== null) end = b.range.end.offset;
      else if (s !== null) end = endOf(s);
      else {
        end = args.end;
        const next = this.LA(1);
        const wanted = BLOCK_COMMANDS.has(id.image.toLowerCase()) ? "'{'" : "';'";
        const at = next.tokenType.name === "EOF" ? this.ctx.length : next.startOffset;
        this.ctx.report(
          "SIEVE_E_SYNTAX",
          `expected ${wanted} after command '${id.image}' but found ${describeToken(next)}`,
          at,
          next.tokenType.name === "EOF" ? at : endOf(next),
        );
        // A stray token that follows is this same problem; don't report it again as garbage.
        this.garbageRun = true;
      }
      this.checkIdentifier(id);
      return {
        type: "Command",
        name: id.image,
        nameRange: this.rangeOf(id.startOffset, endOf(id)),
        arguments: args.arguments,
        test: args.test,
        tests: args.tests,
        block: b,
        range: this.rangeOf(id.startOffset, end),
      };
    });
  });

  private checkIdentifier(id: IToken): void {
    const name = id.tokenType === TagToken ? id.image.slice(1) : id.image;
    if (name.length > this.ctx.limits.maxIdentifierLength) {
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
    });
    const commands: Command[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => commands.push(this.SUBRULE(this.command)) },
        {
          ALT: () => {
            const t = this.OR2(this.garbageAlternatives(false));
            this.ACTION(() => this.garbage(t, "where a command or '}' was expected"));
          },
        },
      ]);
    });
    let close: IToken | null = null;
    this.OPTION(() => (close = this.CONSUME(RCurly)));
    return this.ACTION(() => {
      this.blockDepth--;
      if (this.blockDepth <= this.ctx.limits.maxBlockNesting) this.blockNestingReported = false;
      const c = close as IToken | null;
      let end: number;
      if (c !== null) end = endOf(c);
      else {
        const pos = this.ctx.lines.position(open.startOffset);
        this.ctx.report(
          "SIEVE_E_SYNTAX",
          `unclosed '{' opened at ${pos.line}:${pos.column}: expected '}' before the end of the script`,
          open.startOffset,
          endOf(open),
        );
        end = this.ctx.length;
      }
      return { type: "Block", commands, range: this.rangeOf(open.startOffset, end) };
    });
  });

  /** `arguments = *argument [ test / test-list ]`; returns where the arguments end. */
  private argumentsRule = this.RULE(
    "arguments",
    (owner: IToken): { arguments: Argument[]; test: Test | null; tests: Test[] | null; end: number } => {
      const args: Argument[] = [];
      let test: Test | null = null;
      let tests: Test[] | null = null;
      this.MANY(() => {
        const arg = this.SUBRULE(this.argument);
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
      this.OPTION(() => {
        this.OR([
          { ALT: () => (test = this.SUBRULE(this.test)) },
          { ALT: () => (tests = this.SUBRULE(this.testList)) },
        ]);
      });
      return this.ACTION(() => {
        const t = test as Test | null;
        const ts = tests as (Test[] & { end?: number }) | null;
        let end = endOf(owner);
        const last = args[args.length - 1];
        if (last !== undefined) end = last.range.end.offset;
        if (t !== null) end = t.range.end.offset;
        if (ts !== null && ts.end !== undefined) end = ts.end;
        if (ts !== null) delete ts.end;
        return { arguments: args, test: t, tests: ts, end };
      });
    },
  );

  /** `argument = string-list / number / tag` */
  private argument = this.RULE("argument", (): Argument => {
    return this.OR([
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
    ]);
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
  private string = this.RULE("string", (): StringLiteral => {
    return this.OR([
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
    ]);
  });

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

  /** `string-list = "[" string *("," string) "]"`, checked by hand for precise messages. */
  private stringList = this.RULE("stringList", (): StringList => {
    const open = this.CONSUME(LBracket);
    const items: StringLiteral[] = [];
    // Each element records what came, so the shape can be checked once: s , s , s
    const seq: Array<{ kind: "string"; node: StringLiteral } | { kind: "comma"; token: IToken }> = [];
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const s = this.SUBRULE(this.string);
            this.ACTION(() => seq.push({ kind: "string", node: s }));
          },
        },
        {
          ALT: () => {
            const c = this.CONSUME(Comma);
            this.ACTION(() => seq.push({ kind: "comma", token: c }));
          },
        },
      ]);
    });
    let close: IToken | null = null;
    this.OPTION(() => (close = this.CONSUME(RBracket)));
    return this.ACTION((): StringList => {
      let expectString = true;
      let reported = false;
      const report = (message: string, start: number, end: number) => {
        if (!reported) this.ctx.report("SIEVE_E_SYNTAX", message, start, end);
        reported = true;
      };
      for (const el of seq) {
        if (el.kind === "string") {
          if (!expectString)
            report(
              "expected ',' between the strings of a string list",
              el.node.range.start.offset,
              el.node.range.end.offset,
            );
          items.push(el.node);
          expectString = false;
        } else {
          if (expectString)
            report("expected a string before ',' in string list", el.token.startOffset, endOf(el.token));
          expectString = true;
        }
      }
      const c = close as IToken | null;
      const end = c !== null ? endOf(c) : (items[items.length - 1]?.range.end.offset ?? endOf(open));
      if (c === null) {
        const pos = this.ctx.lines.position(open.startOffset);
        const next = this.LA(1);
        report(
          `unclosed '[' opened at ${pos.line}:${pos.column}: expected ']' but found ${describeToken(next)}`,
          next.tokenType.name === "EOF" ? this.ctx.length : next.startOffset,
          next.tokenType.name === "EOF" ? this.ctx.length : endOf(next),
        );
      } else if (items.length === 0) {
        report("empty string list: a list needs at least one string", open.startOffset, end);
      } else if (expectString) {
        report("expected a string after ',' in string list", c.startOffset, endOf(c));
      }
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
    this.ACTION(() => this.enterTest(id));
    const args = this.SUBRULE(this.argumentsRule, { ARGS: [id] });
    return this.ACTION((): Test => {
      this.testDepth--;
      if (this.testDepth <= this.ctx.limits.maxTestNesting) this.testNestingReported = false;
      this.checkIdentifier(id);
      return {
        type: "Test",
        name: id.image,
        nameRange: this.rangeOf(id.startOffset, endOf(id)),
        arguments: args.arguments,
        test: args.test,
        tests: args.tests,
        range: this.rangeOf(id.startOffset, args.end),
      };
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
  private testList = this.RULE("testList", (): Test[] => {
    const open = this.CONSUME(LParen);
    const seq: Array<
      { kind: "test"; node: Test } | { kind: "comma"; token: IToken } | { kind: "junk"; token: IToken }
    > = [];
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const t = this.SUBRULE(this.test);
            this.ACTION(() => seq.push({ kind: "test", node: t }));
          },
        },
        {
          ALT: () => {
            const c = this.CONSUME(Comma);
            this.ACTION(() => seq.push({ kind: "comma", token: c }));
          },
        },
        {
          // Arguments where a test belongs: a common slip, e.g. `anyof("a")`.
          ALT: () => {
            const j = this.OR2([
              { ALT: () => this.CONSUME(QuotedString) },
              { ALT: () => this.CONSUME(MultiLineString) },
              { ALT: () => this.CONSUME(NumberToken) },
              { ALT: () => this.CONSUME(TagToken) },
              { ALT: () => this.CONSUME(LBracket) },
              { ALT: () => this.CONSUME(RBracket) },
              { ALT: () => this.CONSUME(LParen) },
            ]);
            this.ACTION(() => seq.push({ kind: "junk", token: j }));
          },
        },
      ]);
    });
    let close: IToken | null = null;
    this.OPTION(() => (close = this.CONSUME(RParen)));
    return this.ACTION((): Test[] => {
      const tests: Test[] = [];
      let expectTest = true;
      let reported = false;
      const report = (message: string, start: number, end: number) => {
        if (!reported) this.ctx.report("SIEVE_E_SYNTAX", message, start, end);
        reported = true;
      };
      for (const el of seq) {
        if (el.kind === "test") {
          if (!expectTest)
            report(
              "expected ',' between the tests of a test list",
              el.node.range.start.offset,
              el.node.range.end.offset,
            );
          tests.push(el.node);
          expectTest = false;
        } else if (el.kind === "comma") {
          if (expectTest) report("expected a test before ',' in test list", el.token.startOffset, endOf(el.token));
          expectTest = true;
        } else {
          report(
            `expected a test but found ${describeToken(el.token)} in test list`,
            el.token.startOffset,
            endOf(el.token),
          );
        }
      }
      const c = close as IToken | null;
      const end = c !== null ? endOf(c) : (tests[tests.length - 1]?.range.end.offset ?? endOf(open));
      if (c === null) {
        const pos = this.ctx.lines.position(open.startOffset);
        const next = this.LA(1);
        report(
          `unclosed '(' opened at ${pos.line}:${pos.column}: expected ')' but found ${describeToken(next)}`,
          next.tokenType.name === "EOF" ? this.ctx.length : next.startOffset,
          next.tokenType.name === "EOF" ? this.ctx.length : endOf(next),
        );
      } else if (tests.length === 0) {
        report("empty test list: a list needs at least one test", open.startOffset, end);
      } else if (expectTest) {
        report("expected a test after ',' in test list", c.startOffset, endOf(c));
      }
      // The list's end travels with it so the owner's range covers the ')'.
      return Object.assign(tests, { end });
    });
  });
}
