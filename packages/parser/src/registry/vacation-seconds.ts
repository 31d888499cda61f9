/**
 * `vacation-seconds` (RFC 6131): `:seconds` on `vacation`. Like Pigeonhole, requiring it also
 * enables `vacation`.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";
import { checkPeriod } from "./vacation.ts";

/** The vacation-seconds extension (RFC 6131 §2). */
export const vacationSeconds: ExtensionSpec = {
  capability: "vacation-seconds",
  reference: "RFC 6131",
  implies: ["vacation"],
  extraTags: [
    {
      to: ["vacation"],
      kind: "command",
      // RFC 6131 §2: ":seconds" and ":days" exclude each other.
      tag: {
        name: "seconds",
        value: "number",
        group: "period",
        validate: (tag, value, _node, _args, ctx) => checkPeriod(tag, value, ctx),
      },
    },
  ],
};
