/**
 * The Sieve lexer (RFC 5228 §8.1), built once per process.
 *
 * Error tokens (unterminated strings and comments, a bad `text:` line) are lexed as tokens of
 * the `invalid` group, so the parser never sees them and the diagnostics can say where the
 * broken construct started.
 *
 * @module
 */
import { createToken, Lexer, type CustomPatternMatcherReturn, type TokenType } from "chevrotain";

/** Spaces, tabs and line breaks (CRLF or bare LF; a lone CR is tolerated). */
export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
/** `# …` to the end of the line. */
export const HashComment = createToken({ name: "HashComment", pattern: /#[^\r\n]*/, group: "comments" });
/** `/* … *\/`; RFC 5228 §2.3 says they do not nest. */
export const BracketComment = createToken({
  name: "BracketComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: "comments",
  line_breaks: true,
});
/** A bracket comment that never ends. */
export const UnterminatedComment = createToken({
  name: "UnterminatedComment",
  pattern: /\/\*[\s\S]*/,
  group: "invalid",
  line_breaks: true,
});

const MULTILINE_HEAD = /text:[ \t]*(#[^\r\n]*)?(\r?\n)/iy;
const MULTILINE_BAD_HEAD = /text:[^\r\n]*/iy;

/**
 * `text:` multi-line strings (RFC 5228 §2.4.2): the head line may hold white space and a hash
 * comment; the body runs to a line holding only `.`.
 */
function matchMultiLine(text: string, offset: number): CustomPatternMatcherReturn | null {
  MULTILINE_HEAD.lastIndex = offset;
  const head = MULTILINE_HEAD.exec(text);
  if (head === null) return null;
  let pos = offset + head[0].length;
  for (;;) {
    if (text.charCodeAt(pos) === 0x2e /* . */) {
      const next = text.charCodeAt(pos + 1);
      if (next === 0x0a) return [text.slice(offset, pos + 2)];
      if (next === 0x0d && text.charCodeAt(pos + 2) === 0x0a) return [text.slice(offset, pos + 3)];
      // A final "." without its line break at the end of the file is accepted.
      if (pos + 1 === text.length) return [text.slice(offset, pos + 1)];
    }
    const nl = text.indexOf("\n", pos);
    if (nl < 0) return null;
    pos = nl + 1;
  }
}

/** A `text:` string that never reaches its terminating `.` line. */
function matchUnterminatedMultiLine(text: string, offset: number): CustomPatternMatcherReturn | null {
  MULTILINE_HEAD.lastIndex = offset;
  const head = MULTILINE_HEAD.exec(text);
  if (head !== null) return [text.slice(offset)];
  // `text:` followed by something other than white space and a comment on its line.
  MULTILINE_BAD_HEAD.lastIndex = offset;
  const bad = MULTILINE_BAD_HEAD.exec(text);
  return bad === null ? null : [bad[0]];
}

/** `text: … .` */
export const MultiLineString = createToken({
  name: "MultiLineString",
  pattern: { exec: matchMultiLine },
  start_chars_hint: ["t", "T"],
  line_breaks: true,
});
/** A `text:` string without its end, or with junk after `text:`. */
export const BadMultiLineString = createToken({
  name: "BadMultiLineString",
  pattern: { exec: matchUnterminatedMultiLine },
  start_chars_hint: ["t", "T"],
  line_breaks: true,
  group: "invalid",
});
/** `"…"` with `\` escapes; may span lines. */
export const QuotedString = createToken({
  name: "QuotedString",
  pattern: /"(?:[^"\\]|\\[\s\S])*"/,
  line_breaks: true,
});
/** A quoted string that never ends. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\]|\\[\s\S])*/,
  line_breaks: true,
  group: "invalid",
});
/** `1*DIGIT [QUANTIFIER]`. */
export const NumberToken = createToken({ name: "Number", pattern: /[0-9]+[KkMmGg]?/ });
/** `":" identifier`. */
export const TagToken = createToken({ name: "Tag", pattern: /:[A-Za-z_][A-Za-z0-9_]*/ });
/** `(ALPHA / "_") *(ALPHA / DIGIT / "_")`. */
export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/ });
export const Semicolon = createToken({ name: "Semicolon", pattern: ";", label: "';'" });
export const Comma = createToken({ name: "Comma", pattern: ",", label: "','" });
export const LParen = createToken({ name: "LParen", pattern: "(", label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: ")", label: "')'" });
export const LBracket = createToken({ name: "LBracket", pattern: "[", label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: "]", label: "']'" });
export const LCurly = createToken({ name: "LCurly", pattern: "{", label: "'{'" });
export const RCurly = createToken({ name: "RCurly", pattern: "}", label: "'}'" });

/** Every token type, in matching order. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  HashComment,
  BracketComment,
  UnterminatedComment,
  MultiLineString,
  BadMultiLineString,
  QuotedString,
  UnterminatedString,
  NumberToken,
  TagToken,
  Identifier,
  Semicolon,
  Comma,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
  RCurly,
];

/** The one lexer instance of the process. */
export const sieveLexer = new Lexer(allTokens, {
  positionTracking: "full",
  ensureOptimizations: false,
  skipValidations: true,
  lineTerminatorCharacters: ["\n"],
  lineTerminatorsPattern: /\n/g,
});
