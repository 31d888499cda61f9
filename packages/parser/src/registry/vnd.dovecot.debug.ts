/**
 * `vnd.dovecot.debug` (spec-bosch-sieve-debug): the `debug_log` command.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** The Dovecot debug extension. */
export const vndDovecotDebug: ExtensionSpec = {
  capability: "vnd.dovecot.debug",
  reference: "spec-bosch-sieve-debug",
  vendor: true,
  // §3: debug_log <message: string>
  commands: [{ name: "debug_log", positional: [{ name: "message", type: "string" }] }],
};
