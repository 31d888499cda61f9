/**
 * `addheader` and `deleteheader` (RFC 5293). Both edit the message view's header layer, so
 * every later test (`header`, `exists`, `size`, spamtest, …) sees the current header
 * (RFC 5293 §7), and `run()` reports the edits in `RunResult.headers`.
 *
 * Policy (RFC 5293 §6), from the host's Pigeonhole settings (conformance README §3.3):
 * - `Received` and `Auto-Submitted` can never be deleted; `Subject` can always be added and
 *   deleted; other names may be forbidden with `sieve_editheader_header` (a list of names)
 *   and `sieve_editheader_header/<h>/name`, `…/forbid_add`, `…/forbid_delete`, or the 0.5
 *   lists `sieve_editheader_protected` (both), `sieve_editheader_forbid_add`,
 *   `sieve_editheader_forbid_delete`. A forbidden change is silently ignored.
 * - `sieve_editheader_max_header_size`: the largest value addheader accepts, in octets.
 *   Default 2048; at least 1024 (values below are raised), which RFC 5293 §4 ("MUST NOT be
 *   less than 998 characters") allows.
 *
 * Runtime errors (code `SIEVE_E_RUNTIME`, the run fails and the implicit keep files the
 * original message, RFC 5293 §7): a field name built at run time that is not an RFC 5322
 * field-name (RFC 5293 §4, §5 "MUST flag an error"), a value with NUL, a value over the size
 * limit. Literal names and values are checked by the validator.
 *
 * @module
 */
import type { CommandCompiler } from "../arguments.ts";
import { SieveRuntimeError } from "../errors.ts";
import { compileMatch } from "../matching.ts";
import { isFieldName } from "../message/headers.ts";
import { type CompiledCommand, positionOf, type Runtime } from "../runtime.ts";

/** Default and minimum of `sieve_editheader_max_header_size` (conformance README §2.5). */
export const EDITHEADER_DEFAULT_MAX_HEADER_SIZE = 2048;
/** The smallest `sieve_editheader_max_header_size` honoured. */
export const EDITHEADER_MIN_MAX_HEADER_SIZE = 1024;

/** A setting of the host, or null. */
function setting(rt: Runtime, name: string): string | null {
  return rt.host.setting?.(name) ?? null;
}

/** Pigeonhole booleans: yes/no, true/false, 1/0. */
function yes(value: string | null): boolean {
  return value !== null && /^(yes|y|true|1|on)$/i.test(value.trim());
}

/** A space-separated list setting, lower-cased. */
function list(value: string | null): string[] {
  return value === null
    ? []
    : value
        .toLowerCase()
        .split(/[\s,]+/)
        .filter((s) => s !== "");
}

/** Is adding (`"add"`) or deleting (`"delete"`) the header field `name` forbidden by policy? */
export function editForbidden(rt: Runtime, name: string, change: "add" | "delete"): boolean {
  const lower = name.toLowerCase();
  // RFC 5293 §6: "MUST NOT permit attempts to delete 'Received' and 'Auto-Submitted'".
  if (change === "delete" && (lower === "received" || lower === "auto-submitted")) return true;
  // RFC 5293 §6: "MUST permit both addition and deletion of the 'Subject' header field".
  if (lower === "subject") return false;
  const key = change === "add" ? "forbid_add" : "forbid_delete";
  if (list(setting(rt, "sieve_editheader_protected")).includes(lower)) return true;
  if (list(setting(rt, `sieve_editheader_${key}`)).includes(lower)) return true;
  for (const h of (setting(rt, "sieve_editheader_header") ?? "").split(/\s+/)) {
    if (h === "") continue;
    const configured = setting(rt, `sieve_editheader_header/${h}/name`) ?? h;
    if (configured.toLowerCase() === lower && yes(setting(rt, `sieve_editheader_header/${h}/${key}`))) return true;
  }
  return false;
}

/** `sieve_editheader_max_header_size` in octets (`k`/`m` suffixes accepted), at least 1024. */
export function maxHeaderSize(rt: Runtime): number {
  const raw = setting(rt, "sieve_editheader_max_header_size");
  const m = raw === null ? null : /^\s*(\d+)\s*([kKmM]?)[bB]?\s*$/.exec(raw);
  if (m === null) return EDITHEADER_DEFAULT_MAX_HEADER_SIZE;
  const unit = (m[2] ?? "").toLowerCase();
  const n = Number(m[1]) * (unit === "k" ? 1024 : unit === "m" ? 1024 * 1024 : 1);
  return Math.max(n, EDITHEADER_MIN_MAX_HEADER_SIZE);
}

/** Compiles `addheader [":last"] <field-name: string> <value: string>` (RFC 5293 §4). */
export const addheader: CommandCompiler = (node, args, cc) => {
  const name = cc.template(args.positional[0]);
  const value = cc.template(args.positional[1]);
  const last = args.tags.has("last");
  const at = positionOf(node);
  const self: CompiledCommand = {
    name: "addheader",
    ...at,
    exec(rt) {
      const field = rt.expand(name);
      const text = rt.expand(value);
      if (!isFieldName(field)) {
        throw new SieveRuntimeError(
          "SIEVE_E_RUNTIME",
          `addheader action: specified field name '${field}' is invalid (RFC 5322 §3.6.8)`,
          at,
        );
      }
      if (text.includes("\0")) {
        throw new SieveRuntimeError("SIEVE_E_RUNTIME", `addheader action: specified value '${text}' is invalid`, at);
      }
      const size = Buffer.byteLength(text, "utf8");
      const max = maxHeaderSize(rt);
      if (size > max) {
        throw new SieveRuntimeError(
          "SIEVE_E_RUNTIME",
          `addheader action: value of header '${field}' is too large (${size} > ${max} octets)`,
          at,
        );
      }
      // RFC 5293 §6: "If a script tries to make a change that isn't permitted, the attempt
      // MUST be silently ignored."
      if (editForbidden(rt, field, "add")) return "next";
      rt.message.addHeader(field, text, { last });
      return "next";
    },
  };
  return self;
};

/**
 * Compiles `deleteheader [":index" <fieldno: number> [":last"]] [COMPARATOR] [MATCH-TYPE]
 * <field-name: string> [<value-patterns: string-list>]` (RFC 5293 §5).
 */
export const deleteheader: CommandCompiler = (node, args, cc) => {
  const name = cc.template(args.positional[0]);
  const patterns = args.positional[1] === undefined ? null : cc.templates(args.positional[1]);
  // RFC 5293 §5: "If no value-patterns are specified, then the comparator and match-type
  // options are silently ignored."
  const match = patterns === null ? null : compileMatch(args, patterns);
  const idx = args.tags.get("index");
  const index = idx != null && idx.type === "Number" ? idx.value : null;
  const fromEnd = args.tags.has("last");
  const at = positionOf(node);
  const self = { name: "deleteheader", ...at };
  return {
    ...self,
    exec(rt) {
      const field = rt.expand(name);
      if (!isFieldName(field)) {
        throw new SieveRuntimeError(
          "SIEVE_E_RUNTIME",
          `deleteheader action: specified field name '${field}' is invalid (RFC 5322 §3.6.8)`,
          at,
        );
      }
      if (editForbidden(rt, field, "delete")) return "next";
      // Matching here is not a test: it must not change ${1}… (RFC 5229 §3.2 speaks of tests).
      const saved = rt.matchVars;
      try {
        rt.message.deleteHeader(field, (value, i, count) => {
          // RFC 5293 §5: :index counts occurrences (from the end with :last) before any
          // value-pattern match; an index past the last occurrence deletes nothing.
          if (index !== null && i !== (fromEnd ? count - index : index - 1)) return false;
          // "performed as if by the 'header' test": the decoded value, leading and trailing
          // white space ignored.
          return match === null || match.test(rt, [value], self);
        });
      } finally {
        rt.matchVars = saved;
      }
      return "next";
    },
  };
};
