/**
 * `parse()`: text or bytes in, an AST and every syntax diagnostic out. Never throws on bad
 * input (only on bad options).
 *
 * @module
 */
import type { IToken } from "chevrotain";
import type { Command, Comment, Script, Test } from "./ast.ts";
import type { Diagnostic, SieveDiagnosticCode } from "./errors.ts";
import { SieveGrammar } from "./grammar.ts";
import { Comma, Identifier, LCurly, LParen, MultiLineString, RCurly, RParen, Semicolon, sieveLexer } from "./lexer.ts";
import { type ParseLimits, resolveLimits } from "./limits.ts";
import { LineIndex } from "./positions.ts";
import { decodeScript, utf8ByteLength } from "./utf8.ts";

/** Options of {@link parse}. */
export interface ParseOptions {
  /** Bounds; see {@link ParseLimits} for the defaults. */
  limits?: Partial<ParseLimits>;
}

/** What {@link parse} returns. `ast` is always a tree, possibly partial when there are errors. */
export interface ParseResult {
  ast: Script;
  diagnostics: Diagnostic[];
  /** The decoded source text (BOM removed); every offset in the tree and diagnostics refers to it. */
  text: string;
  /**
   * Commands and tests whose own syntax is broken; pass it to {@link validate} (as `broken`) so
   * it doesn't add a second message for the same problem. Not part of the JSON tree.
   */
  broken: ReadonlySet<Command | Test>;
}

let grammar: SieveGrammar | undefined;

/** The one parser instance of the process, built on first use (ARCHITECTURE.md, rule 2). */
function getGrammar(): SieveGrammar {
  grammar ??= new SieveGrammar();
  return grammar;
}

/** Matches the summary line a capped list ends with. */
const SUMMARY = /^(\d+) more diagnostics? not shown$/;

/**
 * Caps a diagnostic list at `max`, in source order, ending it with one summary diagnostic that
 * counts what was left out (an error when any left-out one was). Summaries already in `list`
 * (from an earlier cap) are merged into the new one.
 */
export function capDiagnostics(
  list: Diagnostic[],
  max: number,
  alreadyDropped = { count: 0, errors: 0 },
): Diagnostic[] {
  let dropped = alreadyDropped.count;
  let droppedErrors = alreadyDropped.errors;
  const kept: Diagnostic[] = [];
  for (const d of list) {
    const m = d.code === "SIEVE_E_LIMIT" ? SUMMARY.exec(d.message) : null;
    if (m !== null) {
      dropped += Number(m[1]);
      if (d.severity === "error") droppedErrors++;
    } else kept.push(d);
  }
  kept.sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset);
  const out = kept.length > max ? kept.slice(0, max) : kept;
  for (let i = out.length; i < kept.length; i++) {
    dropped++;
    if ((kept[i] as Diagnostic).severity === "error") droppedErrors++;
  }
  if (dropped > 0) {
    const at = out[out.length - 1] ?? kept[0] ?? list[0];
    const base = at ?? { line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0 };
    out.push({
      severity: droppedErrors > 0 ? "error" : "warning",
      code: "SIEVE_E_LIMIT",
      message: `${dropped} more diagnostics not shown`,
      line: base.line,
      column: base.column,
      endLine: base.endLine,
      endColumn: base.endColumn,
      offset: base.offset,
      endOffset: base.endOffset,
    });
  }
  return out;
}

/** Collects diagnostics, keeping at most `max` (counting the rest). */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];
  private dropped = 0;
  private droppedErrors = 0;
  private firstDropped: Diagnostic | null = null;
  private readonly lines: LineIndex;
  private readonly max: number;

  /**
   * @param lines - to turn offsets into positions
   * @param max - most diagnostics kept
   */
  constructor(lines: LineIndex, max: number) {
    this.lines = lines;
    this.max = max;
  }

  /** Adds one diagnostic spanning the offsets `start` to `end`. */
  add(severity: "error" | "warning", code: SieveDiagnosticCode, message: string, start: number, end: number): void {
    const s = this.lines.position(start);
    const e = this.lines.position(Math.max(start, end));
    const d: Diagnostic = {
      severity,
      code,
      message,
      line: s.line,
      column: s.column,
      endLine: e.line,
      endColumn: e.column,
      offset: s.offset,
      endOffset: e.offset,
    };
    // Keep a few over the cap so that sorting by position still picks the first ones.
    if (this.list.length >= this.max * 2 + 16) {
      this.dropped++;
      if (severity === "error") this.droppedErrors++;
      this.firstDropped ??= d;
      return;
    }
    this.list.push(d);
  }

  /** The diagnostics in source order, capped, with a last one saying how many were left out. */
  finish(): Diagnostic[] {
    if (this.firstDropped !== null && this.list.length === 0) this.list.push(this.firstDropped);
    return capDiagnostics(this.list, this.max, { count: this.dropped, errors: this.droppedErrors });
  }
}

const EMPTY_POS = { line: 1, column: 1, offset: 0 };

/** The comment a `text:` line may end with. */
const MULTILINE_HEAD_COMMENT = /^text:[ \t]*(#[^\r\n]*)/i;

/**
 * Nesting beyond which the script is not parsed at all, whatever the limits say: the parser,
 * validator and printer recurse per level and would overflow the stack (around 450 levels).
 */
export const HARD_NESTING_LIMIT = 256;

/**
 * Finds the token where the recursion the parser would need exceeds {@link HARD_NESTING_LIMIT}:
 * open `{` and `(` plus runs of identifiers (`not not not …`, or commands missing their `;`),
 * each of which nests one rule deeper. Cheap and conservative; null when the script is safe.
 */
function findStackHazard(tokens: IToken[]): IToken | null {
  let depth = 0;
  let chain = 0;
  for (const t of tokens) {
    switch (t.tokenType) {
      case LCurly:
      case LParen:
        depth++;
        chain = 0;
        break;
      case RCurly:
      case RParen:
        if (depth > 0) depth--;
        chain = 0;
        break;
      case Semicolon:
      case Comma:
        chain = 0;
        break;
      case Identifier:
        chain++;
        break;
      default:
    }
    if (depth + chain > HARD_NESTING_LIMIT) return t;
  }
  return null;
}

/**
 * Parses a Sieve script (RFC 5228 §8).
 *
 * Accepts a string or the raw bytes of a file; bytes are checked for UTF-8 and an invalid
 * sequence is reported at its byte (`SIEVE_E_UTF8`). A leading BOM is dropped. Every syntax
 * error of the file is reported, each with its position; the tree holds what could be parsed.
 *
 * Diagnostic codes: `SIEVE_E_SYNTAX`, `SIEVE_E_UTF8`, `SIEVE_E_CHAR`, `SIEVE_E_UNTERMINATED_*`,
 * `SIEVE_E_NUMBER_OVERFLOW`, `SIEVE_E_IDENTIFIER_TOO_LONG`, `SIEVE_E_NESTING`, `SIEVE_E_LIMIT`.
 *
 * @throws TypeError only when `options.limits` holds an invalid value.
 */
export function parse(source: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const limits = resolveLimits(options.limits);
  let text: string;
  let byteLength: number;
  let badOffset = -1;
  let badByte = -1;
  if (typeof source === "string") {
    text = source;
    byteLength = -1;
  } else {
    byteLength = source.length;
    const decoded = decodeScript(source);
    text = decoded.text;
    badOffset = decoded.badOffset;
    badByte = decoded.badByte;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = new LineIndex(text);
  const sink = new DiagnosticSink(lines, limits.maxDiagnostics);
  const emptyScript = (): Script => ({
    type: "Script",
    commands: [],
    comments: [],
    range: { start: EMPTY_POS, end: lines.position(text.length) },
  });

  if (byteLength < 0 && limits.maxScriptSize !== Number.POSITIVE_INFINITY) {
    // Cheap upper bound first: a UTF-16 unit never needs more than 3 UTF-8 bytes.
    byteLength = text.length * 3 <= limits.maxScriptSize ? 0 : utf8ByteLength(text);
  }
  if (byteLength > limits.maxScriptSize) {
    sink.add(
      "error",
      "SIEVE_E_LIMIT",
      `script is ${byteLength} bytes, more than the limit of ${limits.maxScriptSize}`,
      0,
      0,
    );
    return { ast: emptyScript(), diagnostics: sink.finish(), text, broken: new Set() };
  }
  if (badOffset >= 0) {
    // decodeScript measured the offset without the BOM already.
    const at = badOffset;
    sink.add(
      "error",
      "SIEVE_E_UTF8",
      `invalid UTF-8 at byte ${badByte}: scripts must be UTF-8 (RFC 5228 §2.1)`,
      at,
      at + 1,
    );
  }

  const lexed = sieveLexer.tokenize(text);
  for (const err of lexed.errors) {
    const ch = text.slice(err.offset, err.offset + err.length);
    if (ch === "\0") continue; // reported once below, with its own message
    const shown =
      ch.length === 1 && ch.charCodeAt(0) < 0x20
        ? `U+${ch.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`
        : `'${ch}'`;
    sink.add("error", "SIEVE_E_CHAR", `unexpected character ${shown}`, err.offset, err.offset + err.length);
  }
  const invalid = (lexed.groups.invalid ?? []) as IToken[];
  for (const t of invalid) {
    const pos = lines.position(t.startOffset);
    const at = `${pos.line}:${pos.column}`;
    switch (t.tokenType.name) {
      case "UnterminatedString":
        sink.add(
          "error",
          "SIEVE_E_UNTERMINATED_STRING",
          `unterminated string started at ${at}`,
          t.startOffset,
          t.startOffset + 1,
        );
        break;
      case "UnterminatedComment":
        sink.add(
          "error",
          "SIEVE_E_UNTERMINATED_COMMENT",
          `unterminated comment started at ${at}: missing '*/'`,
          t.startOffset,
          t.startOffset + 2,
        );
        break;
      default:
        if (/^text:[ \t]*(#[^\r\n]*)?\r?\n/i.test(t.image)) {
          sink.add(
            "error",
            "SIEVE_E_UNTERMINATED_MULTILINE",
            `unterminated multi-line string started at ${at}: missing a line holding only '.'`,
            t.startOffset,
            t.startOffset + 5,
          );
        } else {
          sink.add(
            "error",
            "SIEVE_E_SYNTAX",
            "'text:' must be followed by the end of the line (only white space or a '#' comment may come between)",
            t.startOffset,
            t.startOffset + t.image.length,
          );
        }
    }
  }
  // NUL is not allowed anywhere in a script (RFC 5228 §8.1 excludes %x00 from every production).
  const nul = text.indexOf("\0");
  if (nul >= 0) sink.add("error", "SIEVE_E_CHAR", "NUL character (U+0000) is not allowed in a script", nul, nul + 1);

  const comments: Comment[] = ((lexed.groups.comments ?? []) as IToken[]).map((t) => ({
    type: "Comment",
    kind: t.tokenType.name === "HashComment" ? "hash" : "bracket",
    text: t.image,
    range: lines.range(t.startOffset, t.startOffset + t.image.length),
  }));
  // A hash comment on the `text:` line is part of the string token (RFC 5228 §2.4.2); list it
  // too, so nothing that reads `comments` (the printer) loses it.
  let headComments = false;
  for (const t of lexed.tokens) {
    if (t.tokenType !== MultiLineString) continue;
    const m = MULTILINE_HEAD_COMMENT.exec(t.image);
    if (m === null) continue;
    const start = t.startOffset + (m.index ?? 0) + (m[0].length - (m[1] as string).length);
    comments.push({
      type: "Comment",
      kind: "hash",
      text: m[1] as string,
      range: lines.range(start, start + (m[1] as string).length),
    });
    headComments = true;
  }
  if (headComments) comments.sort((x, y) => x.range.start.offset - y.range.start.offset);

  const tooDeep = findStackHazard(lexed.tokens);
  if (tooDeep !== null) {
    sink.add(
      "error",
      "SIEVE_E_NESTING",
      `blocks and tests nested more than ${HARD_NESTING_LIMIT} levels deep: the script is not parsed further`,
      tooDeep.startOffset,
      tooDeep.startOffset + tooDeep.image.length,
    );
    return { ast: { ...emptyScript(), comments }, diagnostics: sink.finish(), text, broken: new Set() };
  }
  const broken = new Set<Command | Test>();
  const g = getGrammar();
  g.begin(lexed.tokens, {
    lines,
    limits,
    length: text.length,
    report: (code, message, start, end) => sink.add("error", code, message, start, end),
    broken,
    truncated: invalid.some((t) => t.startOffset + t.image.length >= text.length),
  });
  let commands = g.script();
  if (!Array.isArray(commands)) commands = [];
  const ast: Script = {
    type: "Script",
    commands,
    comments,
    range: { start: EMPTY_POS, end: lines.position(text.length) },
  };
  return { ast, diagnostics: sink.finish(), text, broken };
}
