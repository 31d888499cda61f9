/**
 * enotify's `notify` (RFC 5435 §3). The action is recorded; it does not cancel the implicit keep.
 *
 * @module
 */
import type { CommandCompiler } from "../arguments.ts";
import { positionOf } from "../runtime.ts";
import { addAction } from "./common.ts";

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
      addAction(
        rt,
        {
          type: "notify",
          method: rt.expand(method),
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
