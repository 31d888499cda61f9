/**
 * `imapsieve` (RFC 6785): Sieve scripts run by IMAP events (APPEND, COPY, flag changes).
 *
 * The capability adds no command or test of its own. It registers environment items
 * (RFC 6785 §3.4, for the `environment` test of RFC 5183) and changes the meaning of some actions
 * at run time. Pigeonhole offers it only to scripts run from IMAP; the validator accepts it
 * everywhere, since whether a script runs from IMAP is a deployment matter.
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/** Environment items RFC 6785 §3.4 registers; `imap.changedflags` only for FLAG events. */
export const IMAPSIEVE_ENVIRONMENT_ITEMS: readonly string[] = [
  "imap.user",
  "imap.email",
  "imap.cause",
  "imap.mailbox",
  "imap.changedflags",
];

/** The imapsieve extension. */
export const imapsieve: ExtensionSpec = {
  capability: "imapsieve",
  reference: "RFC 6785",
};
