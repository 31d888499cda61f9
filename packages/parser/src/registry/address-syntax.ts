/**
 * RFC 5322 address syntax as Pigeonhole checks it at compile time: `redirect` addresses,
 * `vacation :from`, enotify `mailto:` recipients, report addresses.
 *
 * @module
 */

const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.\u0080-\u{10FFFF}]+$/u;

/** Removes RFC 5322 comments outside quoted strings; null when they are unbalanced. */
function stripComments(s: string): string | null {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === "\\" && (quoted || depth > 0)) {
      if (depth === 0) out += c + (s[i + 1] ?? "");
      i++;
      continue;
    }
    if (depth === 0 && c === '"') quoted = !quoted;
    else if (!quoted && c === "(") {
      depth++;
      continue;
    } else if (!quoted && c === ")") {
      if (depth === 0) return null;
      depth--;
      out += " ";
      continue;
    }
    if (depth === 0) out += c;
  }
  return depth === 0 && !quoted ? out : null;
}

function addrSpecProblem(spec: string): string | null {
  const s = spec.trim();
  if (s.length === 0) return "empty address";
  let local: string;
  let rest: string;
  if (s.startsWith('"')) {
    const m = /^"(?:[^"\\]|\\.)*"/.exec(s);
    if (m === null) return "invalid local part";
    local = m[0];
    rest = s.slice(local.length).trim();
  } else {
    const at = s.lastIndexOf("@");
    local = (at < 0 ? s : s.slice(0, at)).trim();
    rest = at < 0 ? "" : s.slice(at).trim();
    if (!ATEXT.test(local)) return `invalid or lonely local part '${local}' (expecting '@')`;
  }
  if (!rest.startsWith("@")) return `invalid or lonely local part '${local}' (expecting '@')`;
  const domain = rest.slice(1).trim();
  if (domain.length === 0) return "invalid or missing domain";
  if (domain.startsWith("[")) return /^\[[^[\]\\]*\]$/.test(domain) ? null : "invalid domain literal";
  if (!ATEXT.test(domain) || /[^A-Za-z0-9.\-\u0080-\u{10FFFF}]/u.test(domain) || /^\.|\.\.|\.$/.test(domain)) {
    return "invalid or missing domain";
  }
  return null;
}

/**
 * Why `text` is not a single RFC 5322 `mailbox` (`addr-spec` or `[display-name] <addr-spec>`),
 * or null when it is one. As lenient as Pigeonhole: dots anywhere in the local part.
 */
export function mailboxProblem(text: string): string | null {
  const s = stripComments(text);
  if (s === null) return "unbalanced comment or quoted string";
  if (s.trim().length === 0) return "empty address";
  // Split outside quoted strings.
  let quoted = false;
  let angle = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\" && quoted) {
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === "," && angle < 0) return "not a single address (found ',')";
    else if (!quoted && c === "<" && angle < 0) angle = i;
  }
  if (angle < 0) return addrSpecProblem(s);
  const close = s.indexOf(">", angle);
  if (close < 0 || s.slice(close + 1).trim().length > 0) return "invalid angle address";
  const phrase = s.slice(0, angle).trim();
  if (phrase.length > 0 && !/^(?:[^()<>[\]:;@\\,"\s]+|"(?:[^"\\]|\\.)*"|\s+)+$/u.test(phrase)) {
    return "invalid display name";
  }
  return addrSpecProblem(s.slice(angle + 1, close));
}

/** True when `text` is one RFC 5322 mailbox (see {@link mailboxProblem}). */
export function isMailbox(text: string): boolean {
  return mailboxProblem(text) === null;
}
