/**
 * The `:matches` glob (RFC 5228 §2.7.1) with match variables (RFC 5229 §3.2).
 *
 * A pattern is split at its `*`s into segments of literal characters and `?`s. A value
 * matches when the first segment matches at its start, the last at its end, and every middle
 * segment, in order, somewhere between. Placing each middle segment at its *leftmost*
 * occurrence is both correct (a later placement never leaves more room for the rest) and
 * exactly what RFC 5229 §3.2 asks of the captures: "the wildcards match as little as
 * possible", left to right, so `*` is non-greedy except that the last `*` takes whatever the
 * trailing segment leaves. This reproduces every expectation of Pigeonhole's
 * match-types/matches.svtest and variables/match.svtest (e.g. `*?op` on `klopfropstroptop`
 * gives `klopfropstrop`, `t`; `coyote@**.com` gives `""`, `ACME.Example`).
 *
 * It needs no backtracking: time is O(value × pattern) in the worst case, O(value) for
 * segments without `?` (native `indexOf`), and memory is the capture list.
 *
 * @module
 */
import type { Units } from "./comparators.ts";

/** A pattern prepared for one comparator: per segment, the folded key of each character, null for `?`. */
export interface CompiledGlob {
  readonly segments: ReadonlyArray<ReadonlyArray<string | null>>;
  /** Per segment: its keys joined, when it has no `?` (for the `indexOf` fast path). */
  readonly plain: ReadonlyArray<string | null>;
}

/**
 * Compiles a glob. `\` escapes the next character (so `\*` and `\?` are literal; RFC 5228
 * §2.7.1); a trailing lone `\` is a literal backslash, as Pigeonhole treats it ("End slash").
 * `unitsOf` folds literal text the way the comparator folds values.
 */
export function compileGlob(pattern: string, unitsOf: (s: string) => Units): CompiledGlob {
  const segments: Array<Array<string | null>> = [[]];
  let literal = "";
  const flush = (): void => {
    if (literal === "") return;
    const keys = unitsOf(literal).keys;
    const seg = segments[segments.length - 1] as Array<string | null>;
    for (let i = 0; i < keys.length; i++) seg.push(keys[i] as string);
    literal = "";
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\") {
      if (i + 1 < pattern.length) {
        i++;
        // Keep a surrogate pair together.
        const cp = pattern.codePointAt(i) as number;
        const ch = String.fromCodePoint(cp);
        literal += ch;
        i += ch.length - 1;
      } else literal += "\\";
    } else if (c === "*") {
      flush();
      segments.push([]);
    } else if (c === "?") {
      flush();
      (segments[segments.length - 1] as Array<string | null>).push(null);
    } else literal += c;
  }
  flush();
  const plain = segments.map((s) => (s.every((k) => k !== null) ? s.join("") : null));
  return { segments, plain };
}

function matchAt(seg: ReadonlyArray<string | null>, keys: ArrayLike<string>, at: number): boolean {
  for (let j = 0; j < seg.length; j++) {
    const k = seg[j];
    if (k !== null && k !== keys[at + j]) return false;
  }
  return true;
}

/** Leftmost position >= `from` and <= `last` where `seg` matches, or -1. */
function find(
  seg: ReadonlyArray<string | null>,
  plain: string | null,
  keys: ArrayLike<string>,
  from: number,
  last: number,
): number {
  if (from > last) return -1;
  if (plain !== null && typeof keys === "string" && plain.length === seg.length) {
    const at = keys.indexOf(plain, from);
    return at >= 0 && at <= last ? at : -1;
  }
  for (let at = from; at <= last; at++) if (matchAt(seg, keys, at)) return at;
  return -1;
}

/**
 * Runs a compiled glob over a prepared value. On success, when `captures` is given, it is
 * replaced by `[whole value, wildcard 1, wildcard 2, …]` (every `*` and `?` in pattern order,
 * RFC 5229 §3.2; beyond `${9}` too, which Pigeonhole also fills). On failure `captures` is left
 * untouched (§3.2: match variables change only on a successful match).
 */
export function runGlob(g: CompiledGlob, u: Units, captures: string[] | null): boolean {
  const keys = u.keys;
  const n = keys.length;
  const segs = g.segments;
  const first = segs[0] as ReadonlyArray<string | null>;
  if (segs.length === 1) {
    if (first.length !== n || !matchAt(first, keys, 0)) return false;
    if (captures !== null) {
      const caps = [u.slice(0, n)];
      for (let j = 0; j < first.length; j++) if (first[j] === null) caps.push(u.slice(j, j + 1));
      replaceAll(captures, caps);
    }
    return true;
  }
  const last = segs[segs.length - 1] as ReadonlyArray<string | null>;
  if (first.length + last.length > n) return false;
  const lastStart = n - last.length;
  if (!matchAt(first, keys, 0) || !matchAt(last, keys, lastStart)) return false;
  const starts: number[] = [0];
  let pos = first.length;
  for (let k = 1; k < segs.length - 1; k++) {
    const seg = segs[k] as ReadonlyArray<string | null>;
    const at = find(seg, g.plain[k] ?? null, keys, pos, lastStart - seg.length);
    if (at < 0) return false;
    starts.push(at);
    pos = at + seg.length;
  }
  starts.push(lastStart);
  if (captures !== null) {
    const caps = [u.slice(0, n)];
    for (let k = 0; k < segs.length; k++) {
      const seg = segs[k] as ReadonlyArray<string | null>;
      const s = starts[k] as number;
      if (k > 0) {
        // The `*` before segment k spans from the end of segment k-1 to the start of k.
        const prev = segs[k - 1] as ReadonlyArray<string | null>;
        caps.push(u.slice((starts[k - 1] as number) + prev.length, s));
      }
      for (let j = 0; j < seg.length; j++) if (seg[j] === null) caps.push(u.slice(s + j, s + j + 1));
    }
    replaceAll(captures, caps);
  }
  return true;
}

/** Replaces the contents of `target` (no spread: a pattern may have thousands of wildcards). */
function replaceAll(target: string[], items: readonly string[]): void {
  target.length = items.length;
  for (let i = 0; i < items.length; i++) target[i] = items[i] as string;
}

/** Compiles and runs in one go (see {@link compileGlob}, {@link runGlob}). */
export function globMatch(
  value: Units,
  pattern: string,
  unitsOf: (s: string) => Units,
  captures: string[] | null,
): boolean {
  return runGlob(compileGlob(pattern, unitsOf), value, captures);
}
