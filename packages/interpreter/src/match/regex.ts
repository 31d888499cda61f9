/**
 * `:regex` (draft-murchison-sieve-regex-07 §3): POSIX extended regular expressions, run by a
 * small Pike VM (a Thompson NFA simulation that carries capture positions) instead of
 * JavaScript's backtracking `RegExp`.
 *
 * Why not translate to `RegExp`: a backtracking engine is exponential on patterns like
 * `(a+)+b` and polynomial on `.*.*.*x`, and both the pattern (script author) and the value
 * (any sender) are untrusted; the draft's §4 names exactly this risk. Refusing "dangerous"
 * patterns cannot be made both sound and permissive (`([a-z]+\.)+` is common and safe), so
 * instead the VM runs in O(value × pattern) time whatever the pattern, and every run is also
 * capped by a step budget ({@link RegexOptions.maxSteps}, default 10,000,000 VM steps per
 * test) that throws `SIEVE_E_REGEX_LIMIT` rather than spin. Programs are capped at
 * {@link MAX_PROGRAM} instructions (counted repetition expands) and `{n,m}` at 255
 * (POSIX RE_DUP_MAX), both reported as `SIEVE_E_REGEX`.
 *
 * Semantics follow POSIX as Pigeonhole's libc `regexec` (REG_EXTENDED, no REG_NEWLINE) does:
 * unanchored search, `.` matches any character including newline, `^`/`$` anchor the whole
 * value, and the overall match is leftmost-longest. Sub-expression captures are those of
 * the highest-priority thread that produced that match (greedy, left to right), which agrees
 * with POSIX for every pattern in the Pigeonhole suite but may differ on contrived
 * ambiguous ones (`(a|ab)(c|bcd)`). Supported: `. [] [^] [:class:] [=c=] [.c.] ? * + {n}
 * {n,} {n,m} | () ^ $`, `\` escapes, and the GNU `\w \W \s \S \b \B \< \>` glibc accepts.
 * Back-references (`\1`) are refused: the draft excludes them and a linear engine cannot run them.
 *
 * @module
 */
import { SieveError } from "@sieve-toolkit/parser";

/** Most instructions one compiled pattern may have. */
export const MAX_PROGRAM = 20_000;
/** Largest bound of `{n,m}` (POSIX RE_DUP_MAX). */
export const MAX_REPEAT = 255;
/** Default {@link RegexOptions.maxSteps}. */
export const DEFAULT_REGEX_STEPS = 10_000_000;

/** Options of {@link compileRegex}. */
export interface RegexOptions {
  /** Case-insensitive matching (`i;ascii-casemap`: ASCII letters; `unicode`: any letter). Default false. */
  caseInsensitive?: false | "ascii" | "unicode";
}

/** A bad `:regex` pattern. Code `SIEVE_E_REGEX`; `pattern` is the offending key. */
export class RegexSyntaxError extends SieveError {
  /** The pattern as given. */
  readonly pattern: string;
  /**
   * @param pattern - the key
   * @param message - what is wrong
   */
  constructor(pattern: string, message: string) {
    super("SIEVE_E_REGEX", `invalid regular expression "${pattern}": ${message}`);
    this.name = "RegexSyntaxError";
    this.pattern = pattern;
  }
}

/** A `:regex` run that exceeded its step budget. Code `SIEVE_E_REGEX_LIMIT`. */
export class RegexLimitError extends SieveError {
  /** @param limit - the budget that was exhausted */
  constructor(limit: number) {
    super("SIEVE_E_REGEX_LIMIT", `regular expression matching exceeded ${limit} steps`);
    this.name = "RegexLimitError";
  }
}

type Pred = (cp: number) => boolean;

type Node =
  | { t: "set"; pred: Pred }
  | { t: "cat"; items: Node[] }
  | { t: "alt"; items: Node[] }
  | { t: "group"; idx: number; body: Node }
  | { t: "rep"; min: number; max: number; body: Node }
  | { t: "assert"; kind: Assertion };

type Assertion = "bol" | "eol" | "word" | "nonword" | "wordstart" | "wordend";

const isDigit: Pred = (c) => c >= 0x30 && c <= 0x39;
const isUpper: Pred = (c) => (c >= 0x41 && c <= 0x5a) || (c > 0x7f && isUnicodeUpper(c));
const isLower: Pred = (c) => (c >= 0x61 && c <= 0x7a) || (c > 0x7f && isUnicodeLower(c));
const isAlpha: Pred = (c) =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c > 0x7f && /\p{L}/u.test(String.fromCodePoint(c)));
const isAlnum: Pred = (c) => isAlpha(c) || isDigit(c);
const isSpace: Pred = (c) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isWord: Pred = (c) => isAlnum(c) || c === 0x5f;
function isUnicodeUpper(c: number): boolean {
  return /\p{Lu}/u.test(String.fromCodePoint(c));
}
function isUnicodeLower(c: number): boolean {
  return /\p{Ll}/u.test(String.fromCodePoint(c));
}

// POSIX character classes (the C locale, extended to Unicode letters for alpha/upper/lower).
const CLASSES: Readonly<Record<string, Pred>> = {
  alnum: isAlnum,
  alpha: isAlpha,
  blank: (c) => c === 0x20 || c === 0x09,
  cntrl: (c) => c < 0x20 || c === 0x7f,
  digit: isDigit,
  graph: (c) => c > 0x20 && c !== 0x7f,
  lower: isLower,
  print: (c) => c >= 0x20 && c !== 0x7f,
  punct: (c) =>
    (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e),
  space: isSpace,
  upper: isUpper,
  xdigit: (c) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
};

/** Recursive-descent parser of a POSIX ERE into a small AST. */
class Parser {
  readonly src: string;
  readonly cps: number[];
  pos = 0;
  groups = 0;
  depth = 0;
  constructor(src: string) {
    this.src = src;
    this.cps = [...src].map((c) => c.codePointAt(0) as number);
  }
  fail(msg: string): never {
    throw new RegexSyntaxError(this.src, msg);
  }
  peek(): number | undefined {
    return this.cps[this.pos];
  }
  parseAlt(): Node {
    // Bound recursion: nesting deeper than this is hostile, never useful.
    if (++this.depth > 200) this.fail("parentheses nested too deeply");
    const items = [this.parseCat()];
    while (this.peek() === 0x7c /* | */) {
      this.pos++;
      items.push(this.parseCat());
    }
    this.depth--;
    return items.length === 1 ? (items[0] as Node) : { t: "alt", items };
  }
  parseCat(): Node {
    const items: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === 0x7c || c === 0x29 /* ) */) break;
      let atom = this.parseAtom();
      for (;;) {
        const q = this.peek();
        let min: number;
        let max: number;
        if (q === 0x2a /* * */) [min, max] = [0, Number.POSITIVE_INFINITY];
        else if (q === 0x2b /* + */) [min, max] = [1, Number.POSITIVE_INFINITY];
        else if (q === 0x3f /* ? */) [min, max] = [0, 1];
        else if (q === 0x7b /* { */ && isDigit(this.cps[this.pos + 1] ?? -1)) {
          const b = this.parseBound();
          [min, max] = b;
          this.pos--; // parseBound leaves pos after '}'; the shared increment below re-advances
        } else break;
        this.pos++;
        if (atom.t === "assert") this.fail("quantifier after an anchor");
        atom = { t: "rep", min, max, body: atom };
      }
      items.push(atom);
    }
    return items.length === 1 ? (items[0] as Node) : { t: "cat", items };
  }
  parseBound(): [number, number] {
    this.pos++; // '{'
    const num = (): number | null => {
      let s = "";
      while (isDigit(this.peek() ?? -1)) s += String.fromCodePoint(this.cps[this.pos++] as number);
      return s === "" ? null : Number(s);
    };
    const min = num() as number;
    let max = min;
    if (this.peek() === 0x2c /* , */) {
      this.pos++;
      max = num() ?? Number.POSITIVE_INFINITY;
    }
    if (this.peek() !== 0x7d /* } */) this.fail("unterminated {} bound");
    this.pos++;
    if (min > MAX_REPEAT || (max !== Number.POSITIVE_INFINITY && max > MAX_REPEAT)) {
      this.fail(`repetition bound above ${MAX_REPEAT}`);
    }
    if (max < min) this.fail("invalid {} bound");
    return [min, max];
  }
  parseAtom(): Node {
    const c = this.cps[this.pos++] as number;
    switch (c) {
      case 0x28: {
        // (
        const idx = ++this.groups;
        const body = this.peek() === 0x29 ? ({ t: "cat", items: [] } as Node) : this.parseAlt();
        if (this.peek() !== 0x29) this.fail("unmatched (");
        this.pos++;
        return { t: "group", idx, body };
      }
      case 0x29:
        return this.fail("unmatched )");
      case 0x2a:
      case 0x2b:
      case 0x3f:
        return this.fail("quantifier without an operand");
      case 0x7b:
        // '{' not starting a bound is a literal (glibc).
        return lit(c);
      case 0x2e:
        return { t: "set", pred: () => true };
      case 0x5e:
        return { t: "assert", kind: "bol" };
      case 0x24:
        return { t: "assert", kind: "eol" };
      case 0x5b:
        return this.parseBracket();
      case 0x5c: {
        const e = this.cps[this.pos++];
        if (e === undefined) return this.fail("trailing backslash");
        switch (e) {
          case 0x77: // \w
            return { t: "set", pred: isWord };
          case 0x57: // \W
            return { t: "set", pred: (x) => !isWord(x) };
          case 0x73: // \s
            return { t: "set", pred: isSpace };
          case 0x53: // \S
            return { t: "set", pred: (x) => !isSpace(x) };
          case 0x62: // \b
            return { t: "assert", kind: "word" };
          case 0x42: // \B
            return { t: "assert", kind: "nonword" };
          case 0x3c: // \<
            return { t: "assert", kind: "wordstart" };
          case 0x3e: // \>
            return { t: "assert", kind: "wordend" };
          default:
            if (e >= 0x31 && e <= 0x39) return this.fail("back-references are not supported");
            return lit(e);
        }
      }
      default:
        return lit(c);
    }
  }
  parseBracket(): Node {
    let neg = false;
    if (this.peek() === 0x5e) {
      neg = true;
      this.pos++;
    }
    const preds: Pred[] = [];
    const ranges: number[] = [];
    let first = true;
    for (;;) {
      const c = this.cps[this.pos];
      if (c === undefined) this.fail("unterminated [ ]");
      if (c === 0x5d /* ] */ && !first) {
        this.pos++;
        break;
      }
      first = false;
      let lo: number;
      if (
        c === 0x5b &&
        (this.cps[this.pos + 1] === 0x3a || this.cps[this.pos + 1] === 0x3d || this.cps[this.pos + 1] === 0x2e)
      ) {
        const kind = this.cps[this.pos + 1] as number;
        const close = this.findClose(kind, this.pos + 2);
        const name = String.fromCodePoint(...this.cps.slice(this.pos + 2, close));
        this.pos = close + 2;
        if (kind === 0x3a) {
          const p = CLASSES[name];
          if (p === undefined) this.fail(`unknown character class [:${name}:]`);
          preds.push(p);
          continue;
        }
        // [=c=] and [.c.]: only single-character elements exist in this engine's "locale".
        const cps = [...name];
        if (cps.length !== 1) this.fail(`unsupported collating element "${name}"`);
        lo = (cps[0] as string).codePointAt(0) as number;
      } else {
        lo = c;
        this.pos++;
      }
      if (this.peek() === 0x2d /* - */ && this.cps[this.pos + 1] !== undefined && this.cps[this.pos + 1] !== 0x5d) {
        this.pos++;
        let hi = this.cps[this.pos++] as number;
        if (hi === 0x5b && (this.peek() === 0x2e || this.peek() === 0x3d)) {
          const kind = this.peek() as number;
          const close = this.findClose(kind, this.pos + 1);
          const name = [...String.fromCodePoint(...this.cps.slice(this.pos + 1, close))];
          if (name.length !== 1) this.fail("unsupported collating element");
          hi = (name[0] as string).codePointAt(0) as number;
          this.pos = close + 2;
        }
        if (hi < lo) this.fail("invalid range end");
        ranges.push(lo, hi);
      } else ranges.push(lo, lo);
    }
    const inSet: Pred = (x) => {
      for (let i = 0; i < ranges.length; i += 2)
        if (x >= (ranges[i] as number) && x <= (ranges[i + 1] as number)) return true;
      for (const p of preds) if (p(x)) return true;
      return false;
    };
    return { t: "set", pred: neg ? (x) => !inSet(x) : inSet };
  }
  findClose(kind: number, from: number): number {
    for (let i = from; i + 1 < this.cps.length; i++) {
      if (this.cps[i] === kind && this.cps[i + 1] === 0x5d) return i;
    }
    return this.fail("unterminated bracket element");
  }
}

function lit(c: number): Node {
  return { t: "set", pred: (x) => x === c };
}

// VM instructions.
const CHAR = 0;
const SPLIT = 1;
const JMP = 2;
const SAVE = 3;
const ASSERT = 4;
const MATCH = 5;

interface Inst {
  op: number;
  pred?: Pred;
  x?: number;
  y?: number;
  n?: number;
  kind?: Assertion;
}

class Compiler {
  readonly prog: Inst[] = [];
  readonly src: string;
  /** Wraps a character predicate for case-insensitive matching, or null. */
  readonly foldPred: ((p: Pred) => Pred) | null;
  constructor(src: string, foldPred: ((p: Pred) => Pred) | null) {
    this.src = src;
    this.foldPred = foldPred;
  }
  emit(i: Inst): number {
    if (this.prog.length >= MAX_PROGRAM) throw new RegexSyntaxError(this.src, "pattern too complex");
    this.prog.push(i);
    return this.prog.length - 1;
  }
  gen(n: Node): void {
    switch (n.t) {
      case "set":
        this.emit({ op: CHAR, pred: this.foldPred ? this.foldPred(n.pred) : n.pred });
        return;
      case "assert":
        this.emit({ op: ASSERT, kind: n.kind });
        return;
      case "cat":
        for (const i of n.items) this.gen(i);
        return;
      case "group":
        this.emit({ op: SAVE, n: 2 * n.idx });
        this.gen(n.body);
        this.emit({ op: SAVE, n: 2 * n.idx + 1 });
        return;
      case "alt": {
        const jumps: Inst[] = [];
        for (let k = 0; k < n.items.length; k++) {
          if (k < n.items.length - 1) {
            const split = this.emit({ op: SPLIT });
            (this.prog[split] as Inst).x = this.prog.length;
            this.gen(n.items[k] as Node);
            jumps.push(this.prog[this.emit({ op: JMP })] as Inst);
            (this.prog[split] as Inst).y = this.prog.length;
          } else this.gen(n.items[k] as Node);
        }
        for (const j of jumps) j.x = this.prog.length;
        return;
      }
      case "rep": {
        for (let k = 0; k < n.min; k++) this.gen(n.body);
        if (n.max === Number.POSITIVE_INFINITY) {
          const split = this.emit({ op: SPLIT });
          (this.prog[split] as Inst).x = this.prog.length;
          this.gen(n.body);
          this.emit({ op: JMP, x: split });
          (this.prog[split] as Inst).y = this.prog.length;
        } else {
          const splits: Inst[] = [];
          for (let k = n.min; k < n.max; k++) {
            const split = this.prog[this.emit({ op: SPLIT })] as Inst;
            split.x = this.prog.length;
            splits.push(split);
            this.gen(n.body);
          }
          for (const s of splits) s.y = this.prog.length;
        }
        return;
      }
    }
  }
}

function swapAsciiCase(c: number): number {
  if (c >= 0x41 && c <= 0x5a) return c + 32;
  if (c >= 0x61 && c <= 0x7a) return c - 32;
  return c;
}

function swapUnicodeCase(c: number): number {
  if (c < 0x80) return swapAsciiCase(c);
  const s = String.fromCodePoint(c);
  const l = s.toLowerCase();
  const u = s.toUpperCase();
  const other = l !== s ? l : u;
  return [...other].length === 1 ? (other.codePointAt(0) as number) : c;
}

/** A compiled `:regex` key. */
export interface CompiledRegex {
  /** The pattern as given. */
  readonly source: string;
  /** Number of parenthesised groups. */
  readonly groups: number;
  /**
   * Searches `value`. On a match, when `captures` is given, it is replaced by `${0}` (the
   * match) and one string per group ("" for groups that did not take part). `budget.steps`
   * is decremented by the VM steps used.
   *
   * @throws RegexLimitError `SIEVE_E_REGEX_LIMIT` when `budget.steps` runs out
   */
  exec(value: string, captures: string[] | null, budget: { steps: number; limit: number }): boolean;
}

/**
 * Compiles a POSIX ERE.
 *
 * @throws RegexSyntaxError `SIEVE_E_REGEX` for a malformed or unsupported pattern (back-references,
 *   `{n,m}` above 255, more than {@link MAX_PROGRAM} instructions)
 */
export function compileRegex(pattern: string, options: RegexOptions = {}): CompiledRegex {
  const p = new Parser(pattern);
  const ast = p.parseAlt();
  if (p.pos < p.cps.length) p.fail("unmatched )");
  const swap =
    options.caseInsensitive === "unicode"
      ? swapUnicodeCase
      : options.caseInsensitive === "ascii"
        ? swapAsciiCase
        : null;
  const c = new Compiler(pattern, swap === null ? null : (pred) => (x) => pred(x) || pred(swap(x)));
  c.emit({ op: SAVE, n: 0 });
  c.gen(ast);
  c.emit({ op: SAVE, n: 1 });
  c.emit({ op: MATCH });
  const prog = c.prog;
  const groups = p.groups;
  // A pattern anchored with a leading ^ needs only the thread started at position 0.
  const anchored = prog[1]?.op === ASSERT && prog[1]?.kind === "bol";
  return {
    source: pattern,
    groups,
    exec: (value, captures, budget) => runVm(prog, groups, anchored, value, captures, budget),
  };
}

interface Thread {
  pc: number;
  caps: number[];
}

function runVm(
  prog: readonly Inst[],
  groups: number,
  anchored: boolean,
  value: string,
  captures: string[] | null,
  budget: { steps: number; limit: number },
): boolean {
  const ncap = 2 * (groups + 1);
  let clist: Thread[] = [];
  let nlist: Thread[] = [];
  // mark[pc] === gen: pc already has a thread at this position (one thread per pc: the
  // higher-priority one wins, which bounds the work per position by the program size).
  const mark = new Int32Array(prog.length);
  // Generation of the list being built; clist was built with the current value.
  let gen = 1;
  let best: number[] | null = null;
  const stack: Thread[] = [];

  const charAt = (i: number): number => (i < value.length ? (value.codePointAt(i) as number) : -1);
  const prevAt = (i: number): number => {
    if (i <= 0) return -1;
    const lo = value.charCodeAt(i - 1);
    if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) return value.codePointAt(i - 2) as number;
    return lo;
  };

  // Adds a thread and its epsilon closure to `list`, in priority order, at position `pos`.
  const add = (list: Thread[], t: Thread, pos: number): void => {
    stack.push(t);
    while (stack.length > 0) {
      const th = stack.pop() as Thread;
      if (mark[th.pc] === gen) continue;
      mark[th.pc] = gen;
      if (--budget.steps < 0) throw new RegexLimitError(budget.limit);
      const inst = prog[th.pc] as Inst;
      switch (inst.op) {
        case JMP:
          stack.push({ pc: inst.x as number, caps: th.caps });
          break;
        case SPLIT:
          // Push the lower-priority branch first so the preferred one is explored first.
          stack.push({ pc: inst.y as number, caps: th.caps });
          stack.push({ pc: inst.x as number, caps: th.caps });
          break;
        case SAVE: {
          const caps = th.caps.slice();
          caps[inst.n as number] = pos;
          stack.push({ pc: th.pc + 1, caps });
          break;
        }
        case ASSERT:
          if (assertHolds(inst.kind as Assertion, prevAt(pos), charAt(pos), pos, value.length)) {
            stack.push({ pc: th.pc + 1, caps: th.caps });
          }
          break;
        default:
          list.push(th);
      }
    }
  };

  let pos = 0;
  for (;;) {
    if (best === null && (!anchored || pos === 0)) {
      // Seed a new attempt at this position, with the lowest priority (leftmost wins); the
      // marks of clist's generation still hold, so it cannot duplicate a running thread.
      add(clist, { pc: 0, caps: new Array<number>(ncap).fill(-1) }, pos);
    }
    // No thread left: done once a match is known or no further attempt may start.
    if (clist.length === 0 && (best !== null || anchored)) break;
    const cp = charAt(pos);
    const next = cp < 0 ? pos : pos + (cp > 0xffff ? 2 : 1);
    gen++;
    for (let k = 0; k < clist.length; k++) {
      const th = clist[k] as Thread;
      const inst = prog[th.pc] as Inst;
      if (inst.op === MATCH) {
        const start = th.caps[0] as number;
        const end = th.caps[1] as number;
        if (best === null || start < (best[0] as number) || (start === best[0] && end > (best[1] as number)))
          best = th.caps;
        // Lower-priority threads started later: a leftmost match exists, drop them; threads
        // with the same start continue, they may find a longer match (POSIX leftmost-longest).
        const keep: Thread[] = [];
        for (let j = k + 1; j < clist.length; j++) {
          const o = clist[j] as Thread;
          if ((o.caps[0] as number) <= start) keep.push(o);
        }
        clist.length = k + 1;
        for (const o of keep) clist.push(o);
        continue;
      }
      if (--budget.steps < 0) throw new RegexLimitError(budget.limit);
      if (cp >= 0 && (inst.pred as Pred)(cp)) add(nlist, { pc: th.pc + 1, caps: th.caps }, next);
    }
    if (cp < 0) break;
    [clist, nlist] = [nlist, clist];
    nlist.length = 0;
    pos = next;
  }
  if (best === null) return false;
  if (captures !== null) {
    captures.length = groups + 1;
    for (let g = 0; g <= groups; g++) {
      const a = best[2 * g] as number;
      const b = best[2 * g + 1] as number;
      captures[g] = a >= 0 && b >= a ? value.slice(a, b) : "";
    }
  }
  return true;
}

function assertHolds(kind: Assertion, prev: number, cur: number, pos: number, len: number): boolean {
  const w1 = prev >= 0 && isWord(prev);
  const w2 = cur >= 0 && isWord(cur);
  switch (kind) {
    case "bol":
      return pos === 0;
    case "eol":
      return pos === len;
    case "word":
      return w1 !== w2;
    case "nonword":
      return w1 === w2;
    case "wordstart":
      return !w1 && w2;
    case "wordend":
      return w1 && !w2;
  }
}
