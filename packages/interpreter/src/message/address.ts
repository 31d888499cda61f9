/**
 * RFC 5322 §3.4 address lists, parsed the way the `address` test needs them (RFC 5228 §5.1,
 * §2.7.4): mailboxes and the members of groups (group names never match), comments and
 * display names dropped from the address, quoted local parts unquoted, obsolete routes
 * (`<@a,@b:user@host>`, RFC 5322 §4.4) skipped, encoded words decoded in display names only
 * (RFC 2047 §5; an encoded `@` in a display name is not an address, Pigeonhole's
 * "Mime encoding of '@' in display name").
 *
 * Errors are local: an item of the list that does not parse becomes one entry with
 * `valid: false` and its raw text, which `:all` still matches and `:localpart`/`:domain` never
 * do (RFC 5228 §2.7.4; Pigeonhole's test-address.svtest.in "Invalid addresses"). UTF-8 in
 * local parts and domains is accepted (RFC 6532).
 *
 * The parser is a single left-to-right pass over the value: linear time, no regular
 * expression backtracking, so a 100,000-recipient header costs time and memory in proportion.
 *
 * @module
 */
import { decodeEncodedWords } from "./encoded-words.ts";

/** One address of a header (or an unparsable item of it, `valid: false`). */
export interface ParsedAddress {
  /** The local part, unquoted (quoted-pairs resolved); best effort when invalid. */
  localPart: string;
  /** The domain as written (case kept; a domain literal keeps its brackets); null when absent. */
  domain: string | null;
  /** The display name, encoded words decoded; null when there is none. */
  display: string | null;
  /** The item as written in the header (trimmed), comments and display name included. */
  raw: string;
  /** False when the item is not an RFC 5322 mailbox. */
  valid: boolean;
}

const KIND = {
  ATOM: 0,
  QSTR: 1,
  DLIT: 2,
  SPECIAL: 3,
} as const;

interface Token {
  kind: number;
  /** Atom text, quoted-string content, domain literal with brackets, or the special character. */
  text: string;
  start: number;
  end: number;
  /** False for an unterminated quoted string or domain literal. */
  ok: boolean;
}

// RFC 5322 §3.2.3 specials, plus white space and controls: everything else is atext (with
// UTF-8 allowed by RFC 6532).
function isAtext(c: number): boolean {
  if (c <= 0x20 || c === 0x7f) return false;
  switch (c) {
    case 0x28: // (
    case 0x29: // )
    case 0x3c: // <
    case 0x3e: // >
    case 0x5b: // [
    case 0x5d: // ]
    case 0x3a: // :
    case 0x3b: // ;
    case 0x40: // @
    case 0x5c: // \
    case 0x2c: // ,
    case 0x2e: // .
    case 0x22: // "
      return false;
    default:
      return true;
  }
}

/** Tokenises a header value; comments (RFC 5322 §3.2.2, nested, with quoted-pairs) are dropped. */
function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
      i++;
    } else if (c === 0x28) {
      let depth = 0;
      for (; i < n; i++) {
        const d = s.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x28) depth++;
        else if (d === 0x29 && --depth === 0) {
          i++;
          break;
        }
      }
    } else if (c === 0x22) {
      const start = i;
      let text = "";
      let ok = false;
      for (i++; i < n; i++) {
        const d = s.charCodeAt(i);
        if (d === 0x5c && i + 1 < n) {
          i++;
          text += s[i];
        } else if (d === 0x22) {
          ok = true;
          i++;
          break;
        } else if (d !== 0x0d && d !== 0x0a) text += s[i];
      }
      out.push({ kind: KIND.QSTR, text, start, end: i, ok });
    } else if (c === 0x5b) {
      const start = i;
      const close = s.indexOf("]", i);
      i = close < 0 ? n : close + 1;
      out.push({ kind: KIND.DLIT, text: s.slice(start, i).replace(/[ \t\r\n]+/g, ""), start, end: i, ok: close >= 0 });
    } else if (isAtext(c)) {
      const start = i;
      while (i < n && isAtext(s.charCodeAt(i))) i++;
      out.push({ kind: KIND.ATOM, text: s.slice(start, i), start, end: i, ok: true });
    } else {
      out.push({ kind: KIND.SPECIAL, text: s[i] as string, start: i, end: i + 1, ok: true });
      i++;
    }
  }
  return out;
}

const isSpecial = (t: Token | undefined, ch: string): boolean =>
  t !== undefined && t.kind === KIND.SPECIAL && t.text === ch;

/** Parses `local-part "@" domain` from `toks`, or null (RFC 5322 §3.4.1, with obs-local-part). */
function addrSpec(toks: Token[]): { localPart: string; domain: string } | null {
  let i = 0;
  let local = "";
  // local-part: word *("." word); a lone quoted string may be empty.
  for (;;) {
    const t = toks[i];
    if (t === undefined || !(t.kind === KIND.ATOM || t.kind === KIND.QSTR) || !t.ok) return null;
    local += t.text;
    i++;
    if (isSpecial(toks[i], ".")) {
      local += ".";
      i++;
      continue;
    }
    break;
  }
  if (!isSpecial(toks[i], "@")) return null;
  i++;
  const first = toks[i];
  if (first === undefined) return null;
  let domain: string;
  if (first.kind === KIND.DLIT) {
    if (!first.ok) return null;
    domain = first.text;
    i++;
  } else {
    domain = "";
    for (;;) {
      const t = toks[i];
      if (t === undefined || t.kind !== KIND.ATOM) return null;
      domain += t.text;
      i++;
      if (isSpecial(toks[i], ".")) {
        domain += ".";
        i++;
        continue;
      }
      break;
    }
  }
  if (i !== toks.length) return null;
  // An unquoted empty local part ("@example.org") is not an address.
  if (local === "" && toks[0]?.kind !== KIND.QSTR) return null;
  return { localPart: local, domain };
}

/**
 * Display name of a phrase: its words with one space wherever white space or a comment
 * separated them (so obs-phrase "Joe Q. Public" keeps its dot), then encoded words decoded.
 */
function phrase(toks: Token[]): string | null {
  if (toks.length === 0) return null;
  let s = "";
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as Token;
    const prev = toks[k - 1];
    if (prev !== undefined && t.start > prev.end) s += " ";
    s += t.text;
  }
  return decodeEncodedWords(s);
}

/** An invalid item, with best-effort parts: the text around its last "@". */
function invalidItem(raw: string): ParsedAddress {
  const at = raw.lastIndexOf("@");
  return {
    localPart: at < 0 ? raw : raw.slice(0, at),
    domain: at < 0 ? null : raw.slice(at + 1),
    display: null,
    raw,
    valid: false,
  };
}

/** Builds the entry for one item (mailbox) given its tokens and raw text. Plain loops: this runs once per address. */
function mailbox(toks: Token[], raw: string): ParsedAddress {
  let lt = -1;
  for (let k = 0; k < toks.length; k++) {
    if (isSpecial(toks[k], "<")) {
      lt = k;
      break;
    }
  }
  if (lt < 0) {
    const a = addrSpec(toks);
    return a === null
      ? invalidItem(raw)
      : { localPart: a.localPart, domain: a.domain, display: null, raw, valid: true };
  }
  // "<" … ">" must close the item.
  let gt = -1;
  for (let k = lt + 1; k < toks.length; k++) {
    if (isSpecial(toks[k], ">")) {
      gt = k;
      break;
    }
  }
  if (gt < 0 || gt !== toks.length - 1) return invalidItem(raw);
  // The phrase may only hold words (and obs-phrase dots).
  for (let k = 0; k < lt; k++) {
    const t = toks[k] as Token;
    if (!(t.kind === KIND.ATOM || t.kind === KIND.QSTR || isSpecial(t, "."))) return invalidItem(raw);
  }
  let from = lt + 1;
  // obs-route (RFC 5322 §4.4): "@a,@b:" before the addr-spec is skipped.
  if (isSpecial(toks[from], "@")) {
    while (from < gt && !isSpecial(toks[from], ":")) from++;
    if (from === gt) return invalidItem(raw);
    from++;
  }
  const a = addrSpec(toks.slice(from, gt));
  if (a === null) return invalidItem(raw);
  return { localPart: a.localPart, domain: a.domain, display: phrase(toks.slice(0, lt)), raw, valid: true };
}

/**
 * Parses an address-list header value (RFC 5322 §3.4) into its addresses, in order.
 * An empty value yields one invalid entry with raw `""` (so `address :all :is ""` matches it,
 * as in Pigeonhole); an empty group (`undisclosed-recipients:;`) yields nothing. Never throws.
 */
export function parseAddressList(value: string): ParsedAddress[] {
  const toks = tokenize(value);
  if (toks.length === 0) {
    return value.trim() === "" ? [{ localPart: "", domain: null, display: null, raw: "", valid: false }] : [];
  }
  const out: ParsedAddress[] = [];
  let inGroup = false;
  let itemStart = 0; // token index
  let angle = false;
  const flush = (end: number): void => {
    if (end > itemStart) {
      const first = toks[itemStart] as Token;
      const last = toks[end - 1] as Token;
      out.push(mailbox(toks.slice(itemStart, end), value.slice(first.start, last.end).trim()));
    }
    itemStart = end + 1;
  };
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as Token;
    if (t.kind !== KIND.SPECIAL) continue;
    if (t.text === "<") angle = true;
    else if (t.text === ">") angle = false;
    else if (angle) continue;
    else if (t.text === ",") flush(k);
    else if (t.text === ":" && !inGroup) {
      // A group (RFC 5322 §3.4): "display-name:" when what precedes is a phrase; its name is
      // never an address (RFC 5228 §5.1). Otherwise the colon is an error inside the item.
      const before = toks.slice(itemStart, k);
      if (before.length > 0 && before.every((b) => b.kind === KIND.ATOM || b.kind === KIND.QSTR || isSpecial(b, "."))) {
        inGroup = true;
        itemStart = k + 1;
      }
    } else if (t.text === ";" && inGroup) {
      flush(k);
      inGroup = false;
    }
  }
  flush(toks.length);
  return out;
}

/**
 * Parses a single addr-spec, optionally in angle brackets (an envelope path, RFC 5321 §4.1.2).
 * `<>` and `""` give an invalid entry with empty raw text.
 */
export function parseAddress(value: string): ParsedAddress {
  const list = parseAddressList(value);
  if (list.length === 1) return list[0] as ParsedAddress;
  return { localPart: "", domain: null, display: null, raw: value.trim(), valid: false };
}
