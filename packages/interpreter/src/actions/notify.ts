/**
 * enotify's `notify` (RFC 5435 §3). The action is recorded; it does not cancel the implicit keep.
 * The number of notifications per result is bounded by `maxNotifications` (RFC 5435 §8).
 *
 * @module
 */
import type { CommandCompiler } from "../arguments.ts";
import { SieveCompileError, SieveRuntimeError } from "../errors.ts";
import { positionOf } from "../runtime.ts";
import { addAction } from "./common.ts";

/** The message of a notify refused by a `maxNotifications` of 0 (Pigeonhole's wording, enotify/limits.svtest). */
const PROHIBITED = "local policy prohibits the use of a notify action";

/** Compiles `notify [:from] [:importance] [:options] [:message] <method>`; importance defaults to 2 (§3.4). */
export const notify: CommandCompiler = (node, args, cc) => {
  const method = cc.template(args.positional[0]);
  const from = args.tags.has("from") ? cc.template(args.tags.get("from")) : null;
  const importance = args.tags.has("importance") ? cc.template(args.tags.get("importance")) : null;
  const options = cc.templates(args.tags.get("options"));
  const message = args.tags.has("message") ? cc.template(args.tags.get("message")) : null;
  const where = { name: "notify", ...positionOf(node) };
  return {
    ...where,
    exec(rt) {
      const imp = importance === null ? 2 : Number(rt.expand(importance));
      const uri = rt.expand(method);
      // RFC 5435 §8 item 2: the administrator's limit on notify actions. A notify that merges
      // into an earlier one with the same method adds nothing, so it is not counted.
      const max = rt.limits.maxNotifications;
      if (max === 0) throw new SieveRuntimeError("SIEVE_E_ACTION_LIMIT", PROHIBITED, where);
      const earlier = rt.result.finish([]).actions.filter((a) => a.type === "notify");
      if (earlier.length >= max && !earlier.some((a) => a.method === uri)) {
        throw new SieveRuntimeError(
          "SIEVE_E_ACTION_LIMIT",
          `number of notify actions exceeds policy limit (${earlier.length + 1} > ${max})`,
          where,
        );
      }
      addAction(
        rt,
        {
          type: "notify",
          method: uri,
          from: from === null ? null : rt.expand(from),
          importance: imp >= 1 && imp <= 3 ? imp : 2,
          options: rt.expandAll(options),
          message: message === null ? null : rt.expand(message),
        },
        where,
      );
      return "next";
    },
  };
};

/**
 * The `notify` compiler when `maxNotifications` is 0: local policy prohibits the action, so a
 * script that uses it does not compile (RFC 5435 §8 item 2).
 */
export const prohibitedNotify: CommandCompiler = (node) => {
  const at = node.nameRange;
  throw new SieveCompileError([
    {
      severity: "error",
      code: "SIEVE_E_LIMIT",
      message: `notify: ${PROHIBITED} (RFC 5435 §8)`,
      line: at.start.line,
      column: at.start.column,
      endLine: at.end.line,
      endColumn: at.end.column,
      offset: at.start.offset,
      endOffset: at.end.offset,
    },
  ]);
};
