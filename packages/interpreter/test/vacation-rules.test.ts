/**
 * Vacation decision rules (RFC 5230 §4.1, §4.2, §4.5, §4.6, §4.7; RFC 6131 §2), one test per
 * rule, through `run()` with a dry-run host.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compile } from "../src/compile.ts";
import { type DryRunOptions, dryRun } from "../src/host.ts";
import { run } from "../src/run.ts";
import type { Envelope, VacationAction } from "../src/types.ts";
import { resolvePeriod, resolvePolicy } from "../src/vacation/policy.ts";
import { isSystemAddress } from "../src/vacation/rules.ts";

const MSG =
  "From: Timo <timo@example.com>\r\nTo: stephan@example.com\r\nSubject: Lunch?\r\nMessage-ID: <m1@example.com>\r\n\r\nHi\r\n";
const ENV: Envelope = { from: "timo@example.com", to: "stephan@example.com" };

async function vacation(
  script: string,
  opts: { message?: string; envelope?: Partial<Envelope>; host?: DryRunOptions } = {},
): Promise<VacationAction> {
  const program = compile(script.includes("require") ? script : `require "vacation";\n${script}`);
  const result = await run(
    program,
    new TextEncoder().encode(opts.message ?? MSG),
    { ...ENV, ...opts.envelope },
    dryRun({ now: new Date(0), ...opts.host }),
  );
  assert.is(result.status, "ok", JSON.stringify(result.errors));
  const v = result.actions.find((a): a is VacationAction => a.type === "vacation");
  if (v === undefined) throw new Error("no vacation action");
  return v;
}

const withHeader = (h: string) => MSG.replace("\r\n\r\n", `\r\n${h}\r\n\r\n`);

test("a personal message gets a reply", async () => {
  const v = await vacation('vacation "away";');
  assert.is(v.send, true);
  assert.is(v.suppressed, null);
  assert.is(v.to, "timo@example.com");
  assert.equal(v.envelope, { from: null, to: "timo@example.com" });
});

test("§4.2: no reply to the null sender", async () => {
  for (const from of [null, ""]) {
    const v = await vacation('vacation "away";', { envelope: { from } });
    assert.is(v.send, false);
    assert.is(v.suppressed, "no-sender");
    assert.is(v.reply, null);
  }
});

test("no reply to the user's own address (recipient, :addresses, configured)", async () => {
  assert.is(
    (await vacation('vacation "away";', { envelope: { from: "Stephan@Example.com" } })).suppressed,
    "own-address",
  );
  assert.is((await vacation('vacation :addresses "timo@example.com" "away";')).suppressed, "own-address");
  const host = { vacation: { userAddresses: ["timo@example.com"] } };
  assert.is((await vacation('vacation "away";', { host })).suppressed, "own-address");
});

test("§4.2: already answered within the period (host-tracked, per handle)", async () => {
  const replied = [{ sender: "timo@example.com", handle: "away" }];
  assert.is(
    (await vacation('vacation :handle "away" "x";', { host: { vacationReplied: replied } })).suppressed,
    "already-replied",
  );
  assert.is((await vacation('vacation :handle "other" "x";', { host: { vacationReplied: replied } })).send, true);
  // Without :handle, the handle is synthesized from the unexpanded arguments (§4.2).
  assert.is(
    (await vacation('vacation "x";', { host: { vacationReplied: [{ sender: "timo@example.com" }] } })).suppressed,
    "already-replied",
  );
});

test("§4.2: the synthesized handle ignores variable expansion", async () => {
  const s =
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Sieve match variable, not a JS template
    'require ["vacation", "variables"]; if header :matches "subject" "*" { vacation :subject "Re: ${1}" "away"; }';
  const a = await vacation(s);
  const b = await vacation(s, { message: MSG.replace("Lunch?", "Dinner?") });
  assert.is(a.handle, b.handle);
  assert.is.not(
    (await vacation('vacation :subject "x" "away";')).handle,
    (await vacation('vacation :from "x@example.com" "away";')).handle,
  );
});

test("§4.6: no reply to list messages (List-Id and RFC 2369 fields)", async () => {
  for (const h of [
    "List-Id: <a.b>",
    "List-Help: <mailto:x@y>",
    "List-Subscribe: <mailto:x@y>",
    "List-Unsubscribe: <mailto:x@y>",
    "List-Post: <mailto:x@y>",
    "List-Owner: <mailto:x@y>",
    "List-Archive: <http://x>",
  ]) {
    assert.is((await vacation('vacation "away";', { message: withHeader(h) })).suppressed, "list", h);
  }
});

test("§4.6: no reply to Auto-Submitted other than 'no'", async () => {
  assert.is(
    (await vacation('vacation "away";', { message: withHeader("Auto-Submitted: auto-replied") })).suppressed,
    "auto-submitted",
  );
  assert.is((await vacation('vacation "away";', { message: withHeader("Auto-Submitted: No") })).send, true);
});

test("RFC 3834 §3.1.8: no reply to Precedence bulk/list/junk", async () => {
  for (const p of ["bulk", "list", "Junk"]) {
    assert.is(
      (await vacation('vacation "away";', { message: withHeader(`Precedence: ${p}`) })).suppressed,
      "precedence",
    );
  }
  assert.is((await vacation('vacation "away";', { message: withHeader("Precedence: normal") })).send, true);
});

test("X-Auto-Response-Suppress All/OOF", async () => {
  assert.is(
    (await vacation('vacation "away";', { message: withHeader("X-Auto-Response-Suppress: DR, OOF,\tRN") })).suppressed,
    "auto-response-suppress",
  );
  assert.is((await vacation('vacation "away";', { message: withHeader("X-Auto-Response-Suppress: None") })).send, true);
});

test("§4.6: system addresses", async () => {
  for (const a of [
    "MAILER-DAEMON@x.org",
    "listserv@x.org",
    "Majordomo@x.org",
    "owner-dev@x.org",
    "dev-request@x.org",
  ]) {
    assert.ok(isSystemAddress(a), a);
    assert.is((await vacation('vacation "away";', { envelope: { from: a } })).suppressed, "system-address");
  }
  assert.not.ok(isSystemAddress("postmaster@x.org"));
});

test("§4.5: the user's address must be in To/Cc/Bcc/Resent-*", async () => {
  const other = MSG.replace("To: stephan@example.com", "To: all@example.com");
  assert.is((await vacation('vacation "away";', { message: other })).suppressed, "not-addressed-to-me");
  for (const h of ["Cc", "Bcc", "Resent-To", "Resent-Cc", "Resent-Bcc"]) {
    const m = other.replace("\r\n\r\n", `\r\n${h}: Stephan <STEPHAN@example.com>\r\n\r\n`);
    assert.is((await vacation('vacation "away";', { message: m })).send, true, h);
  }
  // :addresses and configured addresses count; the reply comes from the one found.
  const alias = await vacation('vacation :addresses ["x@y.org", "all@example.com"] "away";', { message: other });
  assert.is(alias.send, true);
  assert.is(alias.from, "<all@example.com>");
  assert.is(
    (await vacation('vacation "away";', { message: other, host: { vacation: { userAddresses: ["all@example.com"] } } }))
      .send,
    true,
  );
  // The original recipient only when the policy says so.
  const orig = { envelope: { originalTo: "all@example.com" }, message: other };
  assert.is((await vacation('vacation "away";', orig)).send, false);
  assert.is(
    (await vacation('vacation "away";', { ...orig, host: { vacation: { useOriginalRecipient: true } } })).send,
    true,
  );
  assert.is(
    (await vacation('vacation "away";', { message: other, host: { vacation: { checkRecipient: false } } })).send,
    true,
  );
});

test("§4.1 / RFC 6131: periods with min/default/max", async () => {
  const p = resolvePolicy({});
  assert.is(resolvePeriod(null, p), 7 * 86400);
  assert.is(resolvePeriod(0, p), 86400);
  assert.is(resolvePeriod(100 * 86400, p), 100 * 86400, "no maximum by default, as Pigeonhole");
  const site = resolvePolicy({ minPeriod: 3600, defaultPeriod: 2 * 86400, maxPeriod: 30 * 86400 });
  assert.is(resolvePeriod(60, site), 3600);
  assert.is(resolvePeriod(null, site), 2 * 86400);
  assert.is(resolvePeriod(100 * 86400, site), 30 * 86400);
  assert.is(
    resolvePeriod(null, resolvePolicy({ minPeriod: 10 * 86400 })),
    10 * 86400,
    "default is max(7 days, minimum)",
  );
  assert.is((await vacation('vacation :days 3 "away";')).seconds, 3 * 86400);
  assert.is((await vacation('require "vacation-seconds"; vacation :seconds 120 "away";')).seconds, 86400);
  const zero = await vacation('require "vacation-seconds"; vacation :seconds 0 "away";', {
    host: { vacation: { minPeriod: 0 } },
  });
  assert.is(zero.seconds, 0);
});

test("the action carries its arguments", async () => {
  const v = await vacation(
    'vacation :subject "S" :from "me@example.com" :addresses ["a@b.c"] :handle "h" :mime "Content-Type: text/plain\\r\\n\\r\\nx";',
  );
  assert.is(v.subject, "S");
  assert.is(v.from, "me@example.com");
  assert.equal(v.addresses, ["a@b.c"]);
  assert.is(v.handle, "h");
  assert.is(v.mime, true);
});

test("§4.7: vacation keeps the implicit keep; a second vacation or a reject fails the run", async () => {
  const r = await run(compile('require "vacation"; vacation "x";'), new TextEncoder().encode(MSG), ENV);
  assert.is(r.implicitKeep, true);
  for (const s of [
    'require "vacation"; vacation "x"; vacation "y";',
    'require ["vacation", "reject"]; vacation "x"; reject "no";',
    'require ["vacation", "reject"]; reject "no"; vacation "x";',
  ]) {
    const bad = await run(compile(s), new TextEncoder().encode(MSG), ENV);
    assert.is(bad.status, "runtime-error", s);
    assert.is(bad.errors[0]?.code, "SIEVE_E_CONFLICT");
  }
  const ok = await run(
    compile('require ["vacation", "fileinto"]; vacation "x"; discard; fileinto "A"; redirect "a@b.c";'),
    new TextEncoder().encode(MSG),
    ENV,
  );
  assert.is(ok.status, "ok");
});

test.run();
