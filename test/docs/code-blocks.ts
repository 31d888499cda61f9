/**
 * Fenced code blocks of Markdown files, with the flags of their info string, for the tests that
 * run the documentation (test/docs-blocks.test.ts, test/webmail-backend.test.ts).
 *
 * The info string is the language and then space-separated flags:
 *
 * - `no-run`: the docs test does not execute the block (it needs a server, a secret, a terminal);
 * - `exit=N`: the block is expected to exit with status N (default 0);
 * - `dovecot`: the block runs against a private Dovecot (see test/docs-blocks.test.ts);
 * - `walkthrough`, `background`: steps of examples/webmail-backend/README.md, which its own test
 *   runs against a real Dovecot (`background`: a server that keeps running).
 *
 * A block whose language is `output` is what the block before it must print.
 *
 * @module
 */
import { readFileSync } from "node:fs";

/** One fenced block. */
export interface CodeBlock {
  /** The file it is in, as given. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The language (first word of the info string), lower-case; "" when none. */
  lang: string;
  /** The other words of the info string. */
  flags: string[];
  /** The text between the fences, with a final newline. */
  code: string;
}

/** Whether `block` carries `flag` (a bare word, or the `name` of `name=value`). */
export function hasFlag(block: CodeBlock, flag: string): boolean {
  return block.flags.some((f) => f === flag || f.startsWith(`${flag}=`));
}

/** The value of a `name=value` flag, or undefined. */
export function flagValue(block: CodeBlock, name: string): string | undefined {
  const f = block.flags.find((x) => x.startsWith(`${name}=`));
  return f?.slice(name.length + 1);
}

/**
 * Every fenced block (``` or ~~~, at least three, CommonMark's closing rule: the same character,
 * at least as many, nothing else on the line) of `file`, in order.
 */
export function codeBlocks(file: string, text = readFileSync(file, "utf8")): CodeBlock[] {
  const lines = text.split(/\r?\n/);
  const out: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[2]!;
    const [lang = "", ...flags] = open[3]!.trim().split(/\s+/).filter(Boolean);
    const body: string[] = [];
    let j = i + 1;
    const close = new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`);
    while (j < lines.length && !close.test(lines[j]!)) body.push(lines[j++]!);
    out.push({ file, line: i + 1, lang: lang.toLowerCase(), flags, code: body.length ? `${body.join("\n")}\n` : "" });
    i = j;
  }
  return out;
}
