/**
 * Paths on the command line to scripts to read, and the atomic write of `fmt --write`.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { type Dirent, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { lstat, open, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** Extensions picked up when walking a directory. `.svtest` and others only when named explicitly. */
export const SCRIPT_EXTENSIONS: readonly string[] = [".sieve", ".siv"];

/** One script to process. */
export type Input =
  | { kind: "file"; path: string; file: string }
  | { kind: "stdin"; file: string }
  | { kind: "error"; path: string; file: string; message: string };

/** The name to show for an absolute path: relative to `cwd` when inside it. */
export function displayName(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === "") return basename(path);
  if (rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel)) return path;
  return rel;
}

/** A short, user-facing reason for a file system error. */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "not a directory";
    case "ELOOP":
      return "too many levels of symbolic links";
    default:
      return e.message ?? String(err);
  }
}

/**
 * Expands the command line's paths: files as given (any extension), directories recursively
 * (`*.sieve`, `*.siv`, sorted, hidden entries skipped, symbolic links followed once), `-` as
 * stdin. Paths that cannot be read become `error` inputs so the caller can report them and
 * go on with the others.
 */
export async function collectInputs(paths: readonly string[], cwd: string, stdinName: string): Promise<Input[]> {
  const out: Input[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    if (p === "-") {
      out.push({ kind: "stdin", file: stdinName });
      continue;
    }
    const abs = resolve(cwd, p);
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(abs);
    } catch (err) {
      out.push({ kind: "error", path: abs, file: displayName(abs, cwd), message: describeFsError(err) });
      continue;
    }
    if (st.isDirectory()) {
      await walk(abs, cwd, out, seen, new Set());
    } else {
      const real = realpathOr(abs);
      if (seen.has(real)) continue;
      seen.add(real);
      out.push({ kind: "file", path: abs, file: displayName(abs, cwd) });
    }
  }
  return out;
}

/**
 * What a directory entry is, following a symbolic link: `"dir"`, `"file"`, or null for anything
 * else, including a dangling link (found while walking, not something the user asked for).
 */
export function entryType(path: string, entry: Dirent): "dir" | "file" | null {
  let isDir = entry.isDirectory();
  let isFile = entry.isFile();
  if (entry.isSymbolicLink()) {
    try {
      const st = statSync(path);
      isDir = st.isDirectory();
      isFile = st.isFile();
    } catch {
      return null;
    }
  }
  return isDir ? "dir" : isFile ? "file" : null;
}

/** realpath, or the path itself when it cannot be resolved. */
export function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

// The walk and the reads are synchronous on purpose: over a directory of many small scripts,
// one await per stat/realpath/read left the process idle half the time (a thread-pool round
// trip each), and a batch checker has nothing else to do meanwhile.
async function walk(dir: string, cwd: string, out: Input[], seen: Set<string>, dirs: Set<string>): Promise<void> {
  const real = realpathOr(dir);
  if (dirs.has(real)) return; // a symbolic link loop
  dirs.add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch (err) {
    out.push({ kind: "error", path: dir, file: displayName(dir, cwd), message: describeFsError(err) });
    return;
  }
  for (const entry of entries) {
    const name = entry.name;
    if (name.startsWith(".") || name === "node_modules") continue;
    const path = join(dir, name);
    const type = entryType(path, entry);
    if (type === "dir") {
      await walk(path, cwd, out, seen, dirs);
    } else if (type === "file" && SCRIPT_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) {
      // The directory's real path joined with a plain file's name is that file's real path;
      // only a link needs resolving.
      const r = entry.isSymbolicLink() ? realpathOr(path) : join(real, name);
      if (seen.has(r)) continue;
      seen.add(r);
      out.push({ kind: "file", path, file: displayName(path, cwd) });
    }
  }
}

/** Reads a file as bytes (so invalid UTF-8 reaches the parser, which reports it). */
export async function readBytes(path: string): Promise<Uint8Array> {
  return readFileSync(path);
}

/**
 * Replaces `path`'s content atomically: writes a temporary file in the same directory (so the
 * rename cannot cross file systems), flushes it, gives it the original's mode, then renames it
 * over the original. A symbolic link is followed, so the link stays a link. On any failure the
 * temporary file is removed and the original is untouched.
 */
export async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const target = await realpath(path).catch(() => path);
  const mode = await lstat(target).then(
    (s) => s.mode & 0o7777,
    () => 0o644,
  );
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(tmp, "wx", mode);
    await handle.writeFile(data);
    await handle.chmod(mode);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, target);
  } catch (err) {
    await handle?.close().catch(() => {});
    await rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
}
