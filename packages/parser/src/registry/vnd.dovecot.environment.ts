/**
 * `vnd.dovecot.environment` (spec-bosch-sieve-dovecot-environment): Dovecot environment items
 * and the read-only `env` variables namespace (`${env.vnd.dovecot.default_mailbox}`).
 *
 * @module
 */
import type { ExtensionSpec } from "./types.ts";

/**
 * Environment items the spec adds (§3). `vnd.dovecot.config.<setting>` is a family: any name
 * with that prefix reads a server setting.
 */
export const DOVECOT_ENVIRONMENT_ITEMS: readonly string[] = [
  "vnd.dovecot.default-mailbox",
  "vnd.dovecot.username",
  "vnd.dovecot.config.",
];

/** The Dovecot environment extension. */
export const vndDovecotEnvironment: ExtensionSpec = {
  capability: "vnd.dovecot.environment",
  reference: "spec-bosch-sieve-dovecot-environment",
  vendor: true,
  // §5: "vnd.dovecot.environment" implies "environment".
  implies: ["environment"],
  // §4: the read-only "env" namespace (needs "variables" to be used at all).
  variableNamespaces: ["env"],
};
