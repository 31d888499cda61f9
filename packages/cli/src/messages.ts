/**
 * Messages for `sievectl test`: `.eml` files, Maildirs, mbox files and stdin, read one message
 * at a time, so a Maildir or mbox of any size runs in constant memory. Also the envelope a
 * message implies when the command line gives none.
 *
 * @module
 */
import { closeSync, type Dirent, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describeFsError, displayName, entryType } from "./files.ts";

/** One message to run, or a path that could not be read. */
export type MessageItem =
  | {
      kind: "message";
      /** The name shown to the user: a path relative to the working directory, `mbox#3` for the third message of an mbox. */
      name: string;
      bytes: Uint8Array;
    }
  | { kind: "error"; name: string; message: string };

/** Options of {@link readMessages}. */
export interface ReadOptions {
  /** Relative paths resolve against this; names are shown relative to it. */
  cwd: string;
  /** Read for a `-` path. */
  stdin: AsyncIterable<Uint8Array | string>;
  /** The name of stdin's message. Default `<stdin>`. */
  stdinName?: string;
}

/** Bytes read from an mbox at a time. */
const CHUNK = 64 * 1024;

const FROM_ = Buffer.from("From ");

/** True when `bytes` begins like an mbox: with a `From ` separator line (RFC 4155 §2). */
export function isMboxStart(bytes: Uint8Array): boolean {
  return bytes.length >= FROM_.length && FROM_.every((b, i) => bytes[i] === b);
}

/**
 * Expands the command line's message paths, lazily and in order:
 *
 * - `-`: stdin, one message, or an mbox when it starts with `From `;
 * - a file: an mbox when it starts with `From `, otherwise one message (any extension);
 * - a Maildir (a directory with `cur/` or `new/`): the files of `cur/` then `new/`, each
 *   sorted by name; `tmp/` holds deliveries in progress and is skipped (Maildir spec);
 * - any other directory: its `*.eml` files and Maildirs, recursively, sorted, hidden
 *   entries skipped.
 *
 * Each file is read with `readFileSync` when its turn comes, an mbox in 64 KiB chunks. Paths
 * that cannot be read become `error` items so the caller reports them and goes on.
 */
export async function* readMessages(paths: readonly string[], opts: ReadOptions): AsyncGenerator<MessageItem> {
  for (const p of paths) {
    if (p === "-") {
      yield* readStdin(opts.stdin, opts.stdinName ?? "<stdin>");
      continue;
    }
    const abs = resolve(opts.cwd, p);
    const name = displayName(abs, opts.cwd);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (err) {
      yield { kind: "error", name, message: `cannot read '${name}': ${describeFsError(err)}` };
      continue;
    }
    if (isDir) yield* readDirectory(abs, opts.cwd, new Set());
    else yield* readFile(abs, name);
  }
}

/** One file: an mbox (streamed) or a single message. */
function* readFile(path: string, name: string): Generator<MessageItem> {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    yield { kind: "error", name, message: `cannot read '${name}': ${describeFsError(err)}` };
    return;
  }
  let n = 0;
  try {
    const head = Buffer.alloc(FROM_.length);
    const got = readSync(fd, head, 0, head.length, 0);
    if (!isMboxStart(head.subarray(0, got))) {
      yield { kind: "message", name, bytes: readFileSync(fd) };
      return;
    }
    const splitter = new MboxSplitter();
    let position = 0;
    for (;;) {
      // A fresh buffer per read: the splitter keeps slices of it until the message is complete.
      const buf = Buffer.allocUnsafe(CHUNK);
      const len = readSync(fd, buf, 0, CHUNK, position);
      if (len === 0) break;
      position += len;
      for (const bytes of splitter.push(buf.subarray(0, len))) yield { kind: "message", name: `${name}#${++n}`, bytes };
    }
    for (const bytes of splitter.end()) yield { kind: "message", name: `${name}#${++n}`, bytes };
  } catch (err) {
    yield { kind: "error", name, message: `cannot read '${name}': ${describeFsError(err)}` };
  } finally {
    closeSync(fd);
  }
}

/** A directory: a Maildir, or a folder of `.eml` files and Maildirs. */
function* readDirectory(dir: string, cwd: string, seen: Set<string>): Generator<MessageItem> {
  const name = displayName(dir, cwd);
  if (seen.has(dir)) return;
  seen.add(dir);
  if (isMaildir(dir)) {
    for (const sub of ["cur", "new"]) {
      const folder = join(dir, sub);
      let entries: Dirent[];
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") continue; // only one of cur/ and new/
        yield {
          kind: "error",
          name: displayName(folder, cwd),
          message: `cannot read '${displayName(folder, cwd)}': ${describeFsError(err)}`,
        };
        continue;
      }
      for (const e of sorted(entries)) {
        if (e.name.startsWith(".") || e.isDirectory()) continue;
        yield readOne(join(folder, e.name), cwd);
      }
    }
    return;
  }
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    yield { kind: "error", name, message: `cannot read '${name}': ${describeFsError(err)}` };
    return;
  }
  for (const e of sorted(entries)) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const path = join(dir, e.name);
    const type = entryType(path, e);
    if (type === "dir") yield* readDirectory(path, cwd, seen);
    else if (type === "file" && e.name.toLowerCase().endsWith(".eml")) yield readOne(path, cwd);
  }
}

/** A Maildir has `cur/` or `new/` (a freshly created one may lack messages in either). */
function isMaildir(dir: string): boolean {
  for (const sub of ["cur", "new"]) {
    try {
      if (statSync(join(dir, sub)).isDirectory()) return true;
    } catch {
      // not there
    }
  }
  return false;
}

function sorted(entries: Dirent[]): Dirent[] {
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Reads one message file. A Maildir file may vanish (moved from new/ to cur/) between listing and reading. */
function readOne(path: string, cwd: string): MessageItem {
  const name = displayName(path, cwd);
  try {
    return { kind: "message", name, bytes: readFileSync(path) };
  } catch (err) {
    return { kind: "error", name, message: `cannot read '${name}': ${describeFsError(err)}` };
  }
}

/** Stdin: an mbox when it starts with `From ` (streamed), otherwise one message. */
async function* readStdin(stdin: AsyncIterable<Uint8Array | string>, name: string): AsyncGenerator<MessageItem> {
  const head: Buffer[] = [];
  let headLength = 0;
  let splitter: MboxSplitter | null = null;
  let n = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk);
    if (splitter === null) {
      head.push(buf);
      headLength += buf.length;
      if (headLength < FROM_.length) continue;
      const first = Buffer.concat(head);
      if (!isMboxStart(first)) continue; // a single message: collect it all
      splitter = new MboxSplitter();
      head.length = 0;
      for (const bytes of splitter.push(first)) yield { kind: "message", name: `${name}#${++n}`, bytes };
      continue;
    }
    for (const bytes of splitter.push(buf)) yield { kind: "message", name: `${name}#${++n}`, bytes };
  }
  if (splitter !== null) {
    for (const bytes of splitter.end()) yield { kind: "message", name: `${name}#${++n}`, bytes };
  } else {
    yield { kind: "message", name, bytes: Buffer.concat(head) };
  }
}

/**
 * Splits an mbox incrementally (mboxrd, RFC 4155 and qmail's mbox(5)): every line starting with
 * `From ` begins a message and is not part of it; in a body line `>From `, `>>From `, … one `>`
 * is removed, undoing the writer's quoting. The blank line a writer puts after each message is
 * removed too. Only the message being assembled is held.
 */
export class MboxSplitter {
  /** Pieces of a line not yet ended by LF. */
  #partial: Buffer[] = [];
  /** The lines of the message being assembled; null before the first `From ` line. */
  #current: Buffer[] | null = null;

  /** Feeds bytes; returns the messages they completed. */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl < 0) {
        if (start < buf.length) this.#partial.push(buf.subarray(start));
        break;
      }
      let line = buf.subarray(start, nl + 1);
      if (this.#partial.length > 0) {
        line = Buffer.concat([...this.#partial, line]);
        this.#partial = [];
      }
      this.#line(line, out);
      start = nl + 1;
    }
    return out;
  }

  /** Ends the input; returns the last message, if any. */
  end(): Uint8Array[] {
    const out: Uint8Array[] = [];
    if (this.#partial.length > 0) {
      this.#line(Buffer.concat(this.#partial), out);
      this.#partial = [];
    }
    if (this.#current !== null) out.push(finish(this.#current));
    this.#current = null;
    return out;
  }

  #line(line: Buffer, out: Uint8Array[]): void {
    if (isMboxStart(line)) {
      if (this.#current !== null) out.push(finish(this.#current));
      this.#current = [];
      return;
    }
    // Text before the first separator (not an mbox after all) still counts as a message.
    this.#current ??= [];
    let quotes = 0;
    while (line[quotes] === 0x3e) quotes++; // '>'
    if (quotes > 0 && isMboxStart(line.subarray(quotes))) line = line.subarray(1);
    this.#current.push(line);
  }
}

/** Joins a message's lines, dropping the separating blank line the mbox writer added. */
function finish(lines: Buffer[]): Uint8Array {
  const last = lines[lines.length - 1];
  if (lines.length > 1 && last !== undefined && (last.equals(LF) || last.equals(CRLF))) lines.pop();
  return Buffer.concat(lines);
}

const LF = Buffer.from("\n");
const CRLF = Buffer.from("\r\n");

/** The envelope a message implies (see {@link envelopeFromHeaders}). */
export interface ImpliedEnvelope {
  /** The sender; null is the null sender `<>`. */
  from: string | null;
  /** The recipient; "" when the message names none. */
  to: string;
}

/**
 * The envelope to assume when the command line gives none, from the header (RFC 5322 §3.6):
 * sender = `Return-Path` (RFC 5321 §4.4: what the final delivery recorded, `<>` being the
 * null sender), else the first `From` address, else the null sender; recipient = the first
 * address of `Delivered-To` (the topmost one: the last delivery), else `X-Original-To`, else
 * `To`, else "".
 */
export function envelopeFromHeaders(bytes: Uint8Array): ImpliedEnvelope {
  const fields = headerFields(bytes);
  const get = (name: string) => fields.find((f) => f.name === name)?.value;
  let from: string | null = null;
  const returnPath = get("return-path");
  if (returnPath !== undefined) from = firstAddress(returnPath);
  else {
    const f = get("from");
    if (f !== undefined) from = firstAddress(f);
  }
  let to = "";
  for (const field of ["delivered-to", "x-original-to", "to"]) {
    const v = get(field);
    const a = v === undefined ? null : firstAddress(v);
    if (a !== null && a !== "") {
      to = a;
      break;
    }
  }
  return { from: from === "" ? null : from, to };
}

/** The unfolded header fields (RFC 5322 §2.2.3), names lower-cased, in order. */
function headerFields(bytes: Uint8Array): Array<{ name: string; value: string }> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The header ends at the first empty line (RFC 5322 §2.1); bare LF is accepted.
  let end = buf.length;
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
    const next = buf[i + 1];
    if (next === 0x0a || (next === 0x0d && buf[i + 2] === 0x0a)) {
      end = i + 1;
      break;
    }
  }
  if (buf[0] === 0x0a || (buf[0] === 0x0d && buf[1] === 0x0a)) end = 0;
  const text = buf.subarray(0, end).toString("utf8");
  const out: Array<{ name: string; value: string }> = [];
  for (const raw of text.split(/\r?\n/)) {
    if ((raw.startsWith(" ") || raw.startsWith("\t")) && out.length > 0) {
      const last = out[out.length - 1] as { name: string; value: string };
      last.value += raw;
      continue;
    }
    const colon = raw.indexOf(":");
    if (colon <= 0) continue;
    out.push({ name: raw.slice(0, colon).trim().toLowerCase(), value: raw.slice(colon + 1) });
  }
  return out;
}

/**
 * The first addr-spec of an address-list value (RFC 5322 §3.4): comments dropped, a group's
 * display name skipped, `<…>` preferred. "" for `<>`; null when there is no address.
 */
export function firstAddress(value: string): string | null {
  // Strip comments (RFC 5322 §3.2.2), keeping quoted strings intact.
  let text = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (quoted) {
      text += c;
      if (c === "\\" && i + 1 < value.length) text += value[++i];
      else if (c === '"') quoted = false;
    } else if (depth > 0) {
      if (c === "\\") i++;
      else if (c === "(") depth++;
      else if (c === ")") depth--;
    } else if (c === "(") depth++;
    else {
      if (c === '"') quoted = true;
      text += c;
    }
  }
  // Split the list at top-level commas; a group "name:" prefix and its ";" end are dropped.
  const parts: string[] = [];
  let cur = "";
  let angle = false;
  quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === "\\") cur += text[i++] ?? "";
      else if (c === '"') quoted = false;
      cur += c;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === "<") angle = true;
    else if (c === ">") angle = false;
    else if (!angle && (c === "," || c === ";")) {
      parts.push(cur);
      cur = "";
      continue;
    } else if (!angle && c === ":") {
      cur = ""; // group display name (RFC 5322 §3.4)
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  for (const part of parts) {
    const open = part.indexOf("<");
    if (open >= 0) {
      const close = part.indexOf(">", open);
      const addr = part.slice(open + 1, close < 0 ? undefined : close).trim();
      // An obsolete source route "<@relay:user@host>" (RFC 5321 §4.1.2) is ignored.
      return addr.startsWith("@") && addr.includes(":") ? addr.slice(addr.indexOf(":") + 1) : addr;
    }
    const bare = part.trim();
    if (bare !== "") return bare;
  }
  return null;
}
