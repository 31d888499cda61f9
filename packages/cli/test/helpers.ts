/**
 * Test helpers: run `main()` in-process with captured streams.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../src/main.ts";

/** The fixtures folder. */
export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
/** The launcher. */
export const BIN = fileURLToPath(new URL("../bin/sievectl.mjs", import.meta.url));

/** What a run printed and returned. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link run}. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdin?: string | Uint8Array;
  tty?: boolean;
}

/** Runs `sievectl ARGV…` in-process. Default cwd: the fixtures folder; default env: empty. */
export async function run(argv: string[], opts: RunOptions = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const input = opts.stdin ?? "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: opts.tty ?? false },
    stdin: (async function* () {
      yield typeof input === "string" ? Buffer.from(input) : input;
    })(),
    env: opts.env ?? {},
    cwd: opts.cwd ?? FIXTURES,
  });
  return { code, stdout, stderr };
}

/** A fresh temporary copy of a fixture folder (or of all fixtures); call `done()` to remove it. */
export function scratch(sub = ""): { dir: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), "sievectl-test-"));
  cpSync(join(FIXTURES, sub), dir, { recursive: true });
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}
