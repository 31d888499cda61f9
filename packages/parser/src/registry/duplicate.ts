/**
 * `duplicate` (RFC 7352): the `duplicate` test.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";
import { constantValue, isHeaderName } from "./literals.ts";

/** The duplicate extension. */
export const duplicate: ExtensionSpec = {
  capability: "duplicate",
  reference: "RFC 7352",
  tests: [
    {
      // RFC 7352 §3: duplicate [":handle" <handle: string>]
      //   [":header" <header-name: string> / ":uniqueid" <value: string>]
      //   [":seconds" <timeout: number>] [":last"]
      name: "duplicate",
      tags: [
        { name: "handle", value: "string" },
        { name: "header", value: "string", group: "duplicate-id" },
        { name: "uniqueid", value: "string", group: "duplicate-id" },
        { name: "seconds", value: "number" },
        { name: "last" },
      ],
      positional: [],
      validate(_node, args, ctx) {
        // §3.1: the :header value names a header field; Pigeonhole warns when it cannot be one.
        const header = args.tags.get("header")?.value;
        if (header?.type === "String") {
          const c = constantValue(header, ctx);
          if (c !== null && !isHeaderName(c.value)) {
            ctx.warning(header, "SIEVE_W_HEADER_NAME", `duplicate: "${c.value}" is not a valid header field name`);
          }
        }
      },
    },
  ],
};
