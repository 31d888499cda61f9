/**
 * `include` (RFC 6609) for `check`: finds the include commands of a script and resolves them
 * to files in the global or personal script directory, the way Pigeonhole's file storage does
 * (`NAME.sieve` in the directory).
 *
 * @module
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { Block, Command, Range, Script, StringLiteral } from "@sieve-toolkit/parser";

/** One `include` command found in a script. */
export interface IncludeRef {
  /** RFC 6609 §3.2: `:personal` is the default location. */
  location: "personal" | "global";
  name: string;
  optional: boolean;
  once: boolean;
  /** The script-name string, where problems are reported. */
  at: Range;
}

/**
 * Every `include` command of the script, inside blocks too, in source order. Commands whose
 * name argument is not a single string are skipped (the validator reports them).
 */
export function findIncludes(script: Script): IncludeRef[] {
  const out: IncludeRef[] = [];
  const visit = (commands: Command[]) => {
    for (const cmd of commands) {
      if (cmd.name.toLowerCase() === "include") {
        const ref = toRef(cmd);
        if (ref) out.push(ref);
      }
      if (cmd.block) visit((cmd.block as Block).commands);
    }
  };
  visit(script.commands);
  return out;
}

function toRef(cmd: Command): IncludeRef | null {
  let location: IncludeRef["location"] = "personal";
  let optional = false;
  let once = false;
  let name: StringLiteral | null = null;
  for (const a of cmd.arguments) {
    if (a.type === "Tag") {
      const t = a.name.toLowerCase();
      if (t === "global") location = "global";
      else if (t === "personal") location = "personal";
      else if (t === "optional") optional = true;
      else if (t === "once") once = true;
    } else if (a.type === "String" && name === null) {
      name = a;
    } else if (a.type === "StringList" && name === null && a.items.length === 1) {
      name = a.items[0] ?? null;
    }
  }
  if (name === null) return null;
  return { location, name: name.value, optional, once, at: name.range };
}

/**
 * Why a script name cannot name a file, or null when it can. RFC 5804 §1.6 forbids control
 * characters in script names; a path separator or `.`/`..` would escape the script directory.
 */
export function invalidScriptName(name: string): string | null {
  if (name === "") return "the script name is empty";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: RFC 5804 §1.6 excludes these characters
  if (/[\x00-\x1f\x7f]/.test(name)) return "the script name holds a control character";
  if (name.includes("/") || name.includes("\\")) return "the script name holds a path separator";
  if (name === "." || name === "..") return `'${name}' is not a script name`;
  return null;
}

/**
 * The file of script `name` in `dir`: `NAME.sieve`, else `NAME.siv`, else `NAME` as is; null
 * when none is a regular file.
 */
export async function resolveScript(dir: string, name: string): Promise<string | null> {
  for (const candidate of [`${name}.sieve`, `${name}.siv`, name]) {
    const path = join(dir, candidate);
    try {
      if ((await stat(path)).isFile()) return path;
    } catch {
      // try the next form
    }
  }
  return null;
}
