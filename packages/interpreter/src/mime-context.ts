/**
 * The MIME context of RFC 5703: which parts a `:mime` test looks at (the current part of the
 * innermost `foreverypart` loop, the message outside any loop; with `:anychild` that part and
 * every part below it) and the `:type` / `:subtype` / `:contenttype` / `:param` views of a
 * structured MIME header (RFC 5703 §4.2), RFC 2231 parameter continuations and charsets
 * included.
 *
 * @module
 */
import type { CompileContext, ResolvedArgs } from "./arguments.ts";
import { charsetDecoder, decodeUnknown } from "./message/encoded-words.ts";
import type { MimePart } from "./message/mime.ts";
import type { Runtime } from "./runtime.ts";
import type { Template } from "./strings.ts";

/** The part `:mime` tests look at: the current loop part, else the message (RFC 5703 §4.1). */
export function currentPart(rt: Runtime): MimePart {
  return rt.mimePart ?? rt.message.root();
}

/**
 * The parts a `:mime` test looks at (RFC 5703 §4.1): the current part, or with `:anychild`
 * the current part and every part nested in it (outside a loop: every part of the message),
 * depth first. The current part is included, as Pigeonhole does (mime/header.svtest
 * "Multipart anychild" finds the top-level header with `:anychild`).
 */
export function targetParts(rt: Runtime, anychild: boolean): MimePart[] {
  const part = currentPart(rt);
  return anychild ? part.flatten() : [part];
}

/** A `:mime` option of `header` (RFC 5703 §4.2). */
export type MimeOption =
  | { kind: "type" }
  | { kind: "subtype" }
  | { kind: "contenttype" }
  | { kind: "param"; names: Template[] };

/** The option a `header :mime` test was given, or null for the whole value (RFC 5703 §4.2). */
export function mimeOptionOf(args: ResolvedArgs, cc: Pick<CompileContext, "templates">): MimeOption | null {
  if (args.tags.has("type")) return { kind: "type" };
  if (args.tags.has("subtype")) return { kind: "subtype" };
  if (args.tags.has("contenttype")) return { kind: "contenttype" };
  const param = args.tags.get("param");
  if (param != null) return { kind: "param", names: cc.templates(param) };
  return null;
}

/** A structured MIME header value: `type[/subtype] *(; param)` (RFC 2045 §5.1, RFC 2183 §2). */
export interface StructuredValue {
  /** The type as written (for Content-Disposition, the disposition type). */
  type: string;
  /** The subtype as written, "" when the value has none (Content-Disposition). */
  subtype: string;
  /** Parameters by lower-case name, RFC 2231 continuations joined and charsets decoded. */
  params: Map<string, string>;
}

// RFC 2045 §5.1 token: printable ASCII except tspecials and space.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/** Splits a value at `;` outside quoted strings (RFC 2045 §5.1). */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (quoted) {
      cur += c;
      if (c === "\\" && i + 1 < value.length) cur += value[++i];
      else if (c === '"') quoted = false;
    } else if (c === '"') {
      quoted = true;
      cur += c;
    } else if (c === ";") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Undoes RFC 2231 §4 `%XX` escapes into bytes. */
function percentBytes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      const b = Buffer.from(s[i] as string, "utf8");
      for (const x of b) out.push(x);
    }
  }
  return out;
}

/**
 * Parses a structured MIME header value; null when it does not start with a token. Malformed
 * parameters are skipped. RFC 2231 §3 continuations (`name*0`, `name*1*`, …) are joined in
 * order, and §4 extended values (`charset'lang'%XX…`) decoded.
 */
export function parseStructured(value: string): StructuredValue | null {
  const [head = "", ...rest] = splitParams(value.replace(/\r?\n/g, ""));
  const h = head.trim();
  const slash = h.indexOf("/");
  const type = (slash < 0 ? h : h.slice(0, slash)).trim();
  const subtype = slash < 0 ? "" : h.slice(slash + 1).trim();
  if (!TOKEN.test(type) || TOKEN.exec(type)?.[0] !== type) return null;
  // name → segments by index: [text, extended?]; charset of segment 0 when extended.
  const plain = new Map<string, string>();
  const segmented = new Map<string, Map<number, { text: string; extended: boolean }>>();
  for (const raw of rest) {
    const p = raw.trim();
    const eq = p.indexOf("=");
    if (eq <= 0) continue;
    const name = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"')) v = v.replace(/^"|"$/g, "").replace(/\\(.)/g, "$1");
    const m = /^([^*]+)\*(?:(\d+)(\*)?)?$/.exec(name);
    if (m === null) {
      if (!plain.has(name)) plain.set(name, v);
      continue;
    }
    const base = m[1] as string;
    const index = m[2] === undefined ? 0 : Number.parseInt(m[2], 10);
    // `name*` alone is a single extended value; `name*N*` an extended segment; `name*N` plain.
    const extended = m[2] === undefined || m[3] !== undefined;
    let segs = segmented.get(base);
    if (segs === undefined) {
      segs = new Map();
      segmented.set(base, segs);
    }
    if (!segs.has(index)) segs.set(index, { text: v, extended });
  }
  const params = new Map(plain);
  for (const [name, segs] of segmented) {
    let charset: string | null = null;
    const bytes: number[] = [];
    // RFC 2231 §3: segments are numbered from 0 without gaps; stop at the first gap.
    for (let i = 0; segs.has(i); i++) {
      const seg = segs.get(i) as { text: string; extended: boolean };
      let text = seg.text;
      if (seg.extended && i === 0) {
        const q1 = text.indexOf("'");
        const q2 = q1 < 0 ? -1 : text.indexOf("'", q1 + 1);
        if (q2 >= 0) {
          charset = text.slice(0, q1) || null;
          text = text.slice(q2 + 1);
        }
      }
      if (seg.extended) bytes.push(...percentBytes(text));
      else for (const b of Buffer.from(text, "utf8")) bytes.push(b);
    }
    const u8 = Uint8Array.from(bytes);
    const d = charset === null ? null : charsetDecoder(charset);
    params.set(name, d === null ? decodeUnknown(u8) : d.decode(u8));
  }
  return { type, subtype, params };
}

/** The values `option` selects from one header value (RFC 5703 §4.2); [] when it has none. */
export function optionValues(value: string, option: MimeOption, paramNames: readonly string[]): string[] {
  const s = parseStructured(value);
  if (s === null) return [];
  switch (option.kind) {
    case "type":
      return [s.type];
    case "subtype":
      return [s.subtype];
    case "contenttype":
      return [s.subtype === "" ? s.type : `${s.type}/${s.subtype}`];
    case "param": {
      const out: string[] = [];
      for (const n of paramNames) {
        const v = s.params.get(n.toLowerCase());
        if (v !== undefined) out.push(v);
      }
      return out;
    }
  }
}
