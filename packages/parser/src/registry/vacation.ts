/**
 * `vacation` (RFC 5230).
 *
 * Pigeonhole's defaults decide the `:days` range: under one day is only a warning (the minimum
 * period applies instead), and there is no maximum. A literal `:from` must be one valid
 * RFC 5322 mailbox; `:addresses` items are only checked when the reply is sent, so invalid ones
 * are warnings here.
 *
 * @module
 */
import type { Argument, Command, StringLiteral, Tag, Test } from "../ast.ts";
import type { ExtensionSpec, ResolvedArguments, ValidationContext } from "./types.ts";
import { hasVariableReference } from "./variables.ts";

/** Shortest period Pigeonhole accepts without a warning, in seconds (`sieve_vacation_min_period`). */
export const MIN_PERIOD_SECONDS = 24 * 60 * 60;

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

function constant(a: Argument | null, ctx: ValidationContext): StringLiteral | null {
  return a?.type === "String" && !hasVariableReference(a.value, ctx) ? a : null;
}

/** The `:days` / `:seconds` minimum (RFC 5230 §4.1, RFC 6131 §2; Pigeonhole's minimum period). */
export function checkPeriod(tag: Tag, value: Argument | null, ctx: ValidationContext): void {
  if (value?.type !== "Number") return;
  const seconds = tag.name.toLowerCase() === "days" ? value.value * 86400 : value.value;
  if (seconds < MIN_PERIOD_SECONDS) {
    ctx.warning(
      value,
      "SIEVE_W_VALUE",
      `':${tag.name.toLowerCase()}' ${value.raw} is under the minimum period of one day; the minimum is used`,
    );
  }
}

function validateVacation(_node: Command | Test, args: ResolvedArguments, ctx: ValidationContext): void {
  const from = constant(args.tags.get("from")?.value ?? null, ctx);
  if (from !== null) {
    const problem = mailboxProblem(from.value);
    if (problem !== null) {
      ctx.error(from, "SIEVE_E_ADDRESS", `':from' "${from.value}" is not a valid address: ${problem} (RFC 5230 §4.4)`);
    }
  }
  const addresses = args.tags.get("addresses")?.value ?? null;
  const items = addresses?.type === "StringList" ? addresses.items : addresses?.type === "String" ? [addresses] : [];
  for (const item of items) {
    const s = constant(item, ctx);
    if (s === null) continue;
    const problem = mailboxProblem(s.value);
    if (problem !== null) {
      ctx.warning(
        s,
        "SIEVE_W_VALUE",
        `':addresses' item "${s.value}" is not a valid address and is ignored: ${problem}`,
      );
    }
  }
}

/** The vacation extension (RFC 5230). */
export const vacation: ExtensionSpec = {
  capability: "vacation",
  reference: "RFC 5230",
  commands: [
    {
      // RFC 5230 §4: vacation [":days" number] [":subject" string] [":from" string]
      //   [":addresses" string-list] [":mime"] [":handle" string] <reason: string>
      name: "vacation",
      tags: [
        {
          name: "days",
          value: "number",
          group: "period",
          validate: (tag, value, _node, _args, ctx) => checkPeriod(tag, value, ctx),
        },
        { name: "subject", value: "string" },
        { name: "from", value: "string" },
        { name: "addresses", value: "string-list" },
        { name: "mime" },
        { name: "handle", value: "string" },
      ],
      positional: [{ name: "reason", type: "string" }],
      validate: validateVacation,
    },
  ],
};
