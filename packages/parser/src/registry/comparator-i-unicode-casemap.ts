/**
 * `comparator-i;unicode-casemap` (RFC 5051). Pigeonhole also allows it without `require`; the
 * engine treats it as implicit, so requiring it only documents the dependency.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The i;unicode-casemap comparator: Unicode titlecase/NFKD folding (RFC 5051 §2). */
export const comparatorIUnicodeCasemap: ExtensionSpec = {
  capability: "comparator-i;unicode-casemap",
  reference: "RFC 5051",
  comparators: ["i;unicode-casemap"],
};
