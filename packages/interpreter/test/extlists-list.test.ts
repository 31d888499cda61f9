// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Sieve variables (RFC 5229 §3) in script text, not JS templates
// RFC 6134 (extlists): the :list match type (§2.3) and valid_ext_list (§2.4) answered by the
// host (Host.listContains / Host.listExists), with the ":addrbook:" shorthand of §2.1.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compile, dryRun, type Host, run } from "../src/index.ts";

const MESSAGE = new TextEncoder().encode(
  "From: <stephan@example.com>\nTo: <usera@example.org>\nCc: <userb@example.org>, <user35@example.org>\nBcc: group:<x@example.org>, <USER35@example.org>;\nSubject: Frop!\n\nFrop\n",
);
const ENVELOPE = { from: "stephan@example.com", to: "usera@example.org" };
const BOOK = "urn:ietf:params:sieve:addrbook:default";
const host = dryRun({
  lists: { ":addrbook:default": ["user35@example.org", "other@example.org"], ":addrbook:empty": [] },
});

async function boxes(script: string, h: Host = host): Promise<string[]> {
  const r = await run(
    compile(`require ["extlists", "variables", "fileinto", "envelope"];\n${script}`),
    MESSAGE,
    ENVELOPE,
    h,
  );
  assert.equal(r.status, "ok", JSON.stringify(r.errors));
  return r.actions.flatMap((a) => (a.type === "fileinto" ? [a.mailbox] : []));
}

test(":list matches a member and sets ${0} to it (RFC 6134 §2.3; Pigeonhole extlists/basic.svtest)", async () => {
  assert.equal(await boxes(`if address :list "cc" "${BOOK}" { fileinto "hit-\${0}"; }`), ["hit-user35@example.org"]);
});

test(":list: no member, an empty list or an unknown list does not match (RFC 6134 §2.3)", async () => {
  const got = await boxes(`
    if address :list "to" "${BOOK}" { fileinto "to"; }
    if address :list "cc" ":addrbook:empty" { fileinto "empty"; }
    if address :list "cc" ":addrbook:unknown" { fileinto "unknown"; }`);
  assert.equal(got, []);
});

test(":list accepts the ':addrbook:' shorthand and several lists; groups are looked into (RFC 6134 §2.1)", async () => {
  const got = await boxes(`
    if address :list "cc" ":addrbook:default" { fileinto "short"; }
    if address :list "bcc" [":addrbook:empty", "${BOOK}"] { fileinto "group-\${0}"; }
    if header :list "subject" "${BOOK}" { fileinto "wrong"; }`);
  assert.equal(got, ["short", "group-USER35@example.org"]);
});

test(":list without a host answer never matches (Host.listContains is optional)", async () => {
  assert.equal(await boxes(`if address :list "cc" "${BOOK}" { fileinto "hit"; }`, {}), []);
});

test("the host sees the full URN and the value (RFC 6134 §2.3)", async () => {
  const asked: string[] = [];
  const spy: Host = {
    listContains(list, value) {
      asked.push(`${list} ${value}`);
      return false;
    },
  };
  await boxes('if envelope :list "from" ":addrbook:x" { fileinto "hit"; }', spy);
  assert.equal(asked, ["urn:ietf:params:sieve:addrbook:x stephan@example.com"]);
});

test("valid_ext_list: true only when every list is known (RFC 6134 §2.4; extlists/valid_ext_list.svtest)", async () => {
  const got = await boxes(`
    if valid_ext_list "${BOOK}" { fileinto "urn"; }
    if valid_ext_list ":addrbook:default" { fileinto "short"; }
    if valid_ext_list [":addrbook:default", ":addrbook:empty"] { fileinto "both"; }
    if valid_ext_list "frop:666" { fileinto "invalid"; }
    if valid_ext_list "urn:ietf:params:sieve:addrbook:diabolical" { fileinto "unknown"; }`);
  assert.equal(got, ["urn", "short", "both"]);
  assert.equal(await boxes(`if valid_ext_list "${BOOK}" { fileinto "urn"; }`, {}), []);
});

test.run();
