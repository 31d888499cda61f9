/**
 * `enotify` (RFC 5435) with the `mailto` notification method (RFC 5436): the `notify` action and
 * the `valid_notify_method` and `notify_method_capability` tests.
 *
 * Literal method URIs are checked as Pigeonhole does: the scheme must be a supported method
 * (only `mailto`) and a mailto URI must be well formed (RFC 6068 §2) with valid recipients and
 * header names. The `:encodeurl` modifier of `set` (RFC 5435 §6) belongs to the variables module.
 *
 * @module
 */
import type { StringLiteral } from "../ast.ts";
import type { ExtensionSpec, ValidationContext } from "./types.ts";
import { constantValue, isHeaderName, stringsOf } from "./literals.ts";
import { isMailbox } from "./address-syntax.ts";

/** Notification methods this toolkit knows (RFC 5436 mailto). */
export const NOTIFY_METHODS: ReadonlySet<string> = new Set(["mailto"]);

/** RFC 5435 §3.5: optionname = l-d *l-d-p; value = *(%x01-09 / %x0B-0C / %x0E-FF). */
const OPTION = /^[A-Za-z0-9][A-Za-z0-9._-]*=[^\0\r\n]*$/s;

/** RFC 6068 §2 qchar (unreserved / some-delims) plus "/" and "?" of RFC 3986 query, per part. */
const TO_CHAR = /[A-Za-z0-9\-._~!$'()*+,;:@]/;
const HF_CHAR = /[A-Za-z0-9\-._~!$'()*+,;:@/?]/;

function percentDecode(s: string): string | null {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === "%") {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...enc.encode(ch));
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/**
 * Problems of a mailto URI (RFC 6068 §2, RFC 5436 §2.1): errors, and warnings that Pigeonhole
 * only warns about (no recipients).
 */
export function mailtoProblems(uri: string): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const body = uri.slice(uri.indexOf(":") + 1);
  const q = body.indexOf("?");
  const to = q < 0 ? body : body.slice(0, q);
  let recipients = 0;
  const addRecipients = (raw: string, where: string): void => {
    const decoded = percentDecode(raw);
    if (decoded === null) {
      errors.push("invalid % encoding");
      return;
    }
    for (const r of decoded.split(",")) {
      if (r.trim() === "") continue;
      if (!isMailbox(r)) errors.push(`invalid recipient "${r}" in ${where}`);
      else recipients++;
    }
  };
  for (const ch of to) {
    if (ch !== "%" && !TO_CHAR.test(ch)) {
      errors.push(`invalid character '${ch}' in 'to' part`);
      return { errors, warnings };
    }
  }
  addRecipients(to, "'to' part");
  if (q >= 0) {
    for (const field of body.slice(q + 1).split("&")) {
      if (field === "") continue;
      const eq = field.indexOf("=");
      const rawName = eq < 0 ? field : field.slice(0, eq);
      const rawValue = eq < 0 ? "" : field.slice(eq + 1);
      const bad =
        [...rawName].find((c) => c !== "%" && !TO_CHAR.test(c)) ??
        [...rawValue].find((c) => c !== "%" && c !== "=" && !HF_CHAR.test(c));
      if (bad !== undefined) {
        errors.push(`invalid character '${bad}' in header field`);
        continue;
      }
      const name = percentDecode(rawName);
      if (name === null || percentDecode(rawValue) === null) {
        errors.push("invalid % encoding");
        continue;
      }
      if (name === "") continue;
      if (!isHeaderName(name)) {
        errors.push(`invalid header field name "${name}"`);
        continue;
      }
      const lower = name.toLowerCase();
      if (lower === "to" || lower === "cc" || lower === "bcc") addRecipients(rawValue, `'${lower}' field`);
    }
  }
  if (errors.length === 0 && recipients === 0) warnings.push("the notification URI specifies no recipients");
  return { errors, warnings };
}

/** The scheme of a method URI (lower-case), or null when it has none. */
function schemeOf(uri: string): string | null {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri);
  return m === null ? null : (m[1] as string).toLowerCase();
}

function checkMethod(method: StringLiteral, ctx: ValidationContext): string | null {
  const c = constantValue(method, ctx);
  if (c === null) return null;
  const scheme = schemeOf(c.value);
  if (scheme === null) {
    ctx.error(method, "SIEVE_E_VALUE", `notify: "${c.value}" is not a URI (RFC 5435 §3.1)`);
    return null;
  }
  if (!NOTIFY_METHODS.has(scheme)) {
    ctx.error(method, "SIEVE_E_VALUE", `notify: unsupported notification method '${scheme}'`);
    return null;
  }
  const { errors, warnings } = mailtoProblems(c.value);
  for (const e of errors) ctx.error(method, "SIEVE_E_VALUE", `notify: mailto URI: ${e}`);
  for (const w of warnings) ctx.warning(method, "SIEVE_W_VALUE", `notify: mailto URI: ${w}`);
  return scheme;
}

/** The enotify extension. */
export const enotify: ExtensionSpec = {
  capability: "enotify",
  reference: "RFC 5435, RFC 5436",
  commands: [
    {
      // RFC 5435 §3: notify [":from" string] [":importance" <"1" / "2" / "3">]
      //   [":options" string-list] [":message" string] <method: string>
      name: "notify",
      tags: [
        { name: "from", value: "string" },
        {
          name: "importance",
          value: "string",
          validate(_tag, value, _node, _args, ctx) {
            // §3.4: "1" high, "2" normal, "3" low.
            if (value?.type !== "String") return;
            const c = constantValue(value, ctx);
            if (c !== null && !["1", "2", "3"].includes(c.value)) {
              ctx.error(value, "SIEVE_E_VALUE", `notify: :importance must be "1", "2" or "3", not "${c.value}"`);
            }
          },
        },
        {
          name: "options",
          value: "string-list",
          validate(_tag, value, _node, _args, ctx) {
            // §3.5: "<optionname>=<value>".
            for (const s of stringsOf(value)) {
              const c = constantValue(s, ctx);
              if (c !== null && !OPTION.test(c.value)) {
                ctx.error(s, "SIEVE_E_VALUE", `notify: invalid :options item "${c.value}" (RFC 5435 §3.5: name=value)`);
              }
            }
          },
        },
        { name: "message", value: "string" },
      ],
      positional: [{ name: "method", type: "string" }],
      validate(_node, args, ctx) {
        const scheme = checkMethod(args.positional[0] as StringLiteral, ctx);
        if (scheme !== "mailto") return;
        // RFC 5436 §2.3: :from must be a valid address.
        const from = args.tags.get("from")?.value;
        if (from?.type === "String") {
          const c = constantValue(from, ctx);
          if (c !== null && !isMailbox(c.value)) {
            ctx.error(from, "SIEVE_E_ADDRESS", `notify: :from "${c.value}" is not a valid address`);
          }
        }
        // RFC 5436 defines no options.
        const options = args.tags.get("options");
        if (options !== undefined && stringsOf(options.value).length > 0) {
          ctx.warning(options.tag, "SIEVE_W_VALUE", "notify: the mailto method accepts no options");
        }
      },
    },
  ],
  tests: [
    {
      // RFC 5435 §4: valid_notify_method <notification-uris: string-list>
      name: "valid_notify_method",
      positional: [{ name: "notification-uris", type: "string-list" }],
    },
    {
      // RFC 5435 §5: notify_method_capability [COMPARATOR] [MATCH-TYPE]
      //   <notification-uri: string> <notification-capability: string> <key-list: string-list>
      name: "notify_method_capability",
      comparator: true,
      matchType: true,
      positional: [
        { name: "notification-uri", type: "string" },
        { name: "notification-capability", type: "string" },
        { name: "key-list", type: "string-list" },
      ],
    },
  ],
};
