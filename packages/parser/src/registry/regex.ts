/**
 * `regex` (draft-murchison-sieve-regex-07): the `:regex` match type.
 *
 * Literal patterns are POSIX extended regular expressions (draft §3, IEEE Std 1003.2 §2.8.4).
 * Like Pigeonhole, which compiles them with glibc's `regcomp()` at compile time, a literal
 * pattern that cannot compile is an error. {@link posixEreError} reproduces glibc's verdicts.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";
import { constantValue, stringsOf } from "./literals.ts";

/** glibc's RE_DUP_MAX: the largest bound of an interval `{m,n}`. */
const RE_DUP_MAX = 0x7fff;

const CLASSES = new Set([
  "alpha",
  "upper",
  "lower",
  "digit",
  "xdigit",
  "space",
  "print",
  "punct",
  "graph",
  "cntrl",
  "blank",
  "alnum",
]);

/** Parses a bracket expression starting after `[`; returns the index after `]`, or an error. */
function bracket(p: string, start: number): number | string {
  let i = start;
  if (p[i] === "^") i++;
  let first = true;
  let prev: number | null = null;
  while (i < p.length) {
    const c = p[i] as string;
    if (c === "]" && !first) return i + 1;
    first = false;
    if (c === "[" && (p[i + 1] === ":" || p[i + 1] === "." || p[i + 1] === "=")) {
      const kind = p[i + 1] as string;
      const end = p.indexOf(`${kind}]`, i + 2);
      if (end < 0) return "unmatched [, [^, [:, [., or [=";
      const name = p.slice(i + 2, end);
      if (kind === ":" && !CLASSES.has(name)) return "invalid character class name";
      prev = kind === ":" ? null : (name.codePointAt(0) ?? null);
      i = end + 2;
      continue;
    }
    if (c === "-" && prev !== null && p[i + 1] !== undefined && p[i + 1] !== "]") {
      let hi = p.codePointAt(i + 1) as number;
      let step = String.fromCodePoint(hi).length;
      if (p[i + 1] === "[" && (p[i + 2] === "." || p[i + 2] === "=")) {
        const kind = p[i + 2] as string;
        const end = p.indexOf(`${kind}]`, i + 3);
        if (end < 0) return "unmatched [, [^, [:, [., or [=";
        hi = p.codePointAt(i + 3) ?? 0;
        step = end + 2 - (i + 1);
      }
      if (hi < prev) return "invalid range end";
      prev = null;
      i += 1 + step;
      continue;
    }
    prev = p.codePointAt(i) as number;
    i += String.fromCodePoint(prev).length;
  }
  return "unmatched [, [^, [:, [., or [=";
}

/**
 * Why `pattern` is not a POSIX ERE that glibc `regcomp(REG_EXTENDED)` accepts, or null.
 * Covers what differs from JavaScript: a leading `]` in brackets, quantifiers with nothing
 * to repeat (also after `^`, `$`, `(` and `|`), interval syntax and bounds, back references to
 * groups not yet closed, character class names, and a trailing backslash.
 */
export function posixEreError(pattern: string): string | null {
  const p = pattern;
  let depth = 0;
  let closed = 0;
  const open: number[] = [];
  // Can the next quantifier apply to something?
  let atom = false;
  for (let i = 0; i < p.length; ) {
    const c = p[i] as string;
    switch (c) {
      case "\\": {
        const n = p[i + 1];
        if (n === undefined) return "trailing backslash";
        if (/[1-9]/.test(n) && Number(n) > closed) return "invalid back reference";
        atom = true;
        i += 2;
        continue;
      }
      case "[": {
        const r = bracket(p, i + 1);
        if (typeof r === "string") return r;
        atom = true;
        i = r;
        continue;
      }
      case "(":
        depth++;
        open.push(i);
        atom = false;
        i++;
        continue;
      case ")":
        if (depth === 0) {
          atom = true; // an unmatched ')' is an ordinary character in glibc's ERE
        } else {
          depth--;
          open.pop();
          closed++;
          atom = true;
        }
        i++;
        continue;
      case "|":
        atom = false;
        i++;
        continue;
      case "^":
      case "$":
        atom = false;
        i++;
        continue;
      case "*":
      case "+":
      case "?":
        if (!atom) return "invalid preceding regular expression";
        i++;
        continue;
      case "{": {
        if (!atom) return "invalid preceding regular expression";
        const end = p.indexOf("}", i);
        if (end < 0) return "unmatched \\{";
        const m = /^(\d*)(?:(,)(\d*))?$/.exec(p.slice(i + 1, end));
        if (m === null || (m[1] === "" && m[2] === undefined)) return "invalid content of \\{\\}";
        const lo = m[1] === "" ? 0 : Number(m[1]);
        const hi = m[2] === undefined ? lo : m[3] === "" ? null : Number(m[3]);
        if (lo > RE_DUP_MAX || (hi !== null && hi > RE_DUP_MAX)) return "regular expression too big";
        if (hi !== null && hi < lo) return "invalid content of \\{\\}";
        i = end + 1;
        continue;
      }
      default:
        atom = true;
        i += String.fromCodePoint(p.codePointAt(i) as number).length;
    }
  }
  if (depth > 0) return "unmatched ( or \\(";
  return null;
}

/** The regex extension. */
export const regex: ExtensionSpec = {
  capability: "regex",
  reference: "draft-murchison-sieve-regex-07",
  matchTypes: [
    {
      // §3: the ":regex" match type; keys are POSIX EREs.
      name: "regex",
      group: "match-type",
      validate(_tag, _value, node, args, ctx) {
        const keys = args.positional[args.positional.length - 1];
        for (const s of stringsOf(keys)) {
          const c = constantValue(s, ctx);
          if (c === null) continue;
          const why = posixEreError(c.value);
          if (why !== null) {
            ctx.error(s, "SIEVE_E_VALUE", `${node.name}: invalid regular expression "${c.value}": ${why}`);
          }
        }
      },
    },
  ],
};
