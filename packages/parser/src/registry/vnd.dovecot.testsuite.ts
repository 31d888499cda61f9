/**
 * `vnd.dovecot.testsuite`: the commands and tests Pigeonhole's own test suite (`*.svtest`) is
 * written in, as documented in the conformance README §3, and the read-only `tst` variables
 * namespace (`${tst.path}`, §3.10).
 *
 * @module
 */
import type { Command, StringLiteral } from "../ast.ts";
import type { CommandSpec, ExtensionSpec } from "./types.ts";
import { constantValue } from "./literals.ts";

/** Objects `test_set` can set (README §3.2), lower-case. */
export const TEST_SET_OBJECTS: ReadonlySet<string> = new Set([
  "message",
  "envelope.from",
  "envelope.to",
  "envelope.orig_to",
  "envelope.auth",
]);

const str = (name: string): CommandSpec["positional"][number] => ({ name, type: "string" });

// §3.5, §3.6: test_message (:smtp / :folder <mailbox: string>) <index: number>, command and test.
const testMessage: CommandSpec = {
  name: "test_message",
  tags: [
    { name: "smtp", group: "message-source" },
    { name: "folder", value: "string", group: "message-source" },
  ],
  positional: [{ name: "index", type: "number" }],
  validate(node, args, ctx) {
    if (!args.tags.has("smtp") && !args.tags.has("folder")) {
      ctx.error({ range: node.nameRange }, "SIEVE_E_ARGUMENT", "test_message needs :smtp or :folder <mailbox>");
    }
  },
};

/** Tags of the testsuite tests that match strings: `[MATCH-TYPE] [COMPARATOR] [:index <n>]`. */
const matching = { matchType: true, comparator: true, tags: [{ name: "index", value: "number" as const }] };

/** The Pigeonhole testsuite extension. */
export const vndDovecotTestsuite: ExtensionSpec = {
  capability: "vnd.dovecot.testsuite",
  reference: "Pigeonhole testsuite (conformance README §3)",
  vendor: true,
  variableNamespaces: ["tst"],
  commands: [
    {
      // §3.1: test <name: string> <block>, top level only.
      name: "test",
      positional: [str("name")],
      block: "required",
      validate(node, _args, ctx) {
        if (ctx.ancestors.length > 0) {
          ctx.error({ range: (node as Command).nameRange }, "SIEVE_E_CONTROL", "tests cannot be nested");
        }
      },
    },
    // §3.1: test_fail <reason: string>
    { name: "test_fail", positional: [str("reason")] },
    {
      // §3.2: test_set <object: string> <value: string>; the object must be a known literal.
      name: "test_set",
      positional: [str("object"), str("value")],
      validate(_node, args, ctx) {
        const obj = args.positional[0] as StringLiteral;
        const c = constantValue(obj, ctx);
        if (c === null || !TEST_SET_OBJECTS.has(c.value.toLowerCase())) {
          ctx.error(obj, "SIEVE_E_VALUE", `test_set: unknown object "${obj.value}"`);
        }
      },
    },
    // §3.3: test_config_set <key> <value>, test_config_unset <key>, test_config_reload [:extension <name>]
    { name: "test_config_set", positional: [str("key"), str("value")] },
    { name: "test_config_unset", positional: [str("key")] },
    { name: "test_config_reload", tags: [{ name: "extension", value: "string" }], positional: [] },
    // §3.5: mail storage.
    { name: "test_mailbox_create", positional: [str("mailbox")] },
    { name: "test_mailbox_delete", positional: [str("mailbox")] },
    {
      name: "test_imap_metadata_set",
      tags: [{ name: "mailbox", value: "string" }],
      positional: [str("annotation"), str("value")],
    },
    testMessage,
    // §3.6, §3.7: debug aids and the result.
    { name: "test_message_print", positional: [] },
    { name: "test_result_reset", positional: [] },
    { name: "test_result_print", positional: [] },
    // §3.9: binaries.
    { name: "test_binary_save", positional: [str("name")] },
    { name: "test_binary_load", positional: [str("name")] },
    // sieve-rs addition (README §6.3): compare the whole current message.
    { name: "test_assert_message", positional: [str("message")] },
  ],
  tests: [
    testMessage,
    // §3.7
    { name: "test_result_action", ...matching, positional: [{ name: "names", type: "string-list" }] },
    { name: "test_result_execute", positional: [] },
    // sieve-rs addition (README §6.3): the number of actions.
    { name: "test_result_action_count", positional: [str("count")] },
    // §3.8
    { name: "test_script_compile", positional: [str("path")] },
    { name: "test_script_run", tags: [{ name: "append_result" }], positional: [] },
    { name: "test_multiscript", positional: [{ name: "scripts", type: "string-list" }] },
    // §3.11
    { name: "test_error", ...matching, positional: [{ name: "key-list", type: "string-list" }] },
  ],
};
