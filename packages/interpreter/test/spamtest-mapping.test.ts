// spamtest, spamtestplus and virustest (RFC 5235) with the scanner-header mapping of
// src/spamtest (Pigeonhole's sieve_spamtest_* / sieve_virustest_* settings): score with a
// fixed or header maximum, strlen, text, regex extraction, "not tested", and the scaling.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compile, dryRun, type Host, run } from "../src/index.ts";
import { MessageView } from "../src/message/view.ts";
import {
  normalizedResult,
  parseDecimal,
  parseHeaderSpec,
  parseStrlen,
  scannerMapping,
  scannerResult,
} from "../src/spamtest/mapping.ts";
import { spamtestSettings, virustestSettings } from "../src/spamtest/settings.ts";

const ENVELOPE = { from: "a@example.com", to: "b@example.org" };
const REQ = 'require ["spamtestplus", "virustest", "relational", "comparator-i;ascii-numeric", "fileinto"];\n';

function message(headers: string): MessageView {
  return MessageView.fromString(`From: a@example.com\n${headers}\n\nBody\n`);
}
function reader(settings: Record<string, string>) {
  return (name: string) => settings[name] ?? null;
}
/** The spamtest value (`:percent` when asked) of `headers` under `settings`. */
function spam(headers: string, settings: Record<string, string>, percent = false): string {
  return scannerResult("spamtest", reader(settings), message(headers), percent).value;
}
function virus(headers: string, settings: Record<string, string>): string {
  return scannerResult("virustest", reader(settings), message(headers)).value;
}

const SA = spamtestSettings({
  statusHeader: "X-Spam-Status: [a-zA-Z]+, score=(-?[0-9]+[.][0-9]+)",
  maxHeader: "X-Spam-Status: [a-zA-Z]+, score=-?[0-9]+[.][0-9]+ required=(-?[0-9]+[.][0-9]+)",
});

test("not configured: every test answers 0, 'not tested' (RFC 5235 §3.2.1)", () => {
  assert.is(spam("X-Spam-Score: 7", {}), "0");
  assert.is(virus("X-Virus: clean", {}), "0");
  assert.is(scannerMapping("spamtest", reader({})), null);
});

test("SpamAssassin status header with regex and a header maximum", () => {
  const at = (score: string) => spam(`X-Spam-Status: No, score=${score} required=5.0 autolearn=no`, SA);
  assert.is(at("-1.6"), "1"); // below zero: tested and clear (§3.2.1 value 1)
  assert.is(at("0.0"), "1");
  assert.is(at("1.0"), "2"); // 1 + trunc(9 × 1/5)
  assert.is(at("4.0"), "8");
  assert.is(at("5.0"), "10"); // at the maximum: definitely spam
  assert.is(at("7.6"), "10"); // past the maximum: clamped
});

test("missing header, regex without a match, unparsable score: 0 (not tested)", () => {
  assert.is(spam("Subject: x", SA), "0");
  assert.is(spam("X-Spam-Status: garbage", SA), "0");
  const plain = spamtestSettings({ statusHeader: "X-Spam-Score", maxValue: 10 });
  assert.is(spam("X-Spam-Score: seven", plain), "0");
  assert.is(spam("X-Spam-Score: 7.5", plain), "7");
});

test("rspamd's X-Rspamd-Score with a fixed maximum; only the first field counts", () => {
  const s = spamtestSettings({ statusHeader: "X-Rspamd-Score", maxValue: 15 });
  assert.is(spam("X-Rspamd-Score: 7.5\nX-Rspamd-Score: 15", s), "5");
  assert.is(spam("X-Rspamd-Score: 7.5", s, true), "50");
});

test("strlen: the length of a run of one character (X-Spam-Level: ****)", () => {
  const s = spamtestSettings({ statusHeader: "X-Spam-Level", statusType: "strlen", maxValue: 8 });
  assert.is(spam("X-Spam-Level:", s), "1");
  assert.is(spam("X-Spam-Level: *", s), "2");
  assert.is(spam("X-Spam-Level: *******", s), "8");
  assert.is(spam("X-Spam-Level: ********", s), "10");
  assert.is(spam("X-Spam-Level: **x", s), "0"); // different characters: not a strlen value
  assert.is(parseStrlen(""), 0);
  assert.is(parseStrlen("sss"), 3);
  assert.is(parseStrlen("ssx"), null);
});

test("text: a yes/no flag mapped to 1 and 10; unknown text is not tested", () => {
  const s = spamtestSettings({ statusHeader: "X-Spam-Flag", textValues: { 1: "NO", 10: "YES" } });
  assert.is(spam("X-Spam-Flag: YES", s), "10");
  assert.is(spam("X-Spam-Flag: NO", s), "1");
  assert.is(spam("X-Spam-Flag: yes", s), "0"); // exact, case-sensitive comparison
});

test("virustest: text values 1..5 with a regex, 0.5 and 2.4 setting names (RFC 5235 §3.3)", () => {
  const v24 = virustestSettings({
    statusHeader: "X-Virus-Scan: Found to be (.+)\\.",
    textValues: { 1: "clean", 3: "cured", 5: "infected" },
  });
  assert.is(virus("X-Virus-Scan: Found to be clean.", v24), "1");
  assert.is(virus("X-Virus-Scan: Found to be cured.", v24), "3");
  assert.is(virus("X-Virus-Scan: Found to be infected.", v24), "5");
  assert.is(virus("X-Virus-Scan: Found to be harmless.", v24), "0");
  // The 0.5 spelling of dovecot-doveconf-n: sieve_virustest_text_value1.
  const v05 = {
    sieve_virustest_status_header: "X-Virus-Scan: Found to be (.+)\\.",
    sieve_virustest_status_type: "text",
    sieve_virustest_text_value1: "clean",
    sieve_virustest_text_value5: "infected",
  };
  assert.is(virus("X-Virus-Scan: Found to be infected.", v05), "5");
});

test("spamtestplus :percent: 0..100, 0 is clear (RFC 5235 §3.2.2)", () => {
  const s = spamtestSettings({ statusHeader: "X-SpamCheck", maxValue: 1 });
  const pct = (v: string) => spam(`X-SpamCheck: ${v}`, s, true);
  assert.is(pct(".00"), "0");
  assert.is(pct(".01"), "1");
  assert.is(pct(".29"), "29"); // the epsilon keeps 28.999… at 29
  assert.is(pct(".89"), "89");
  assert.is(pct("1.01"), "100");
  assert.is(spam("X-SpamCheck: .00", s), "1"); // without :percent: tested, clear
});

test("a configuration Pigeonhole refuses is 'not configured'", () => {
  const both = { ...SA, sieve_spamtest_max_value: "5" };
  assert.is(scannerMapping("spamtest", reader(both)), null); // max header and max value
  assert.is(scannerMapping("spamtest", reader({ sieve_spamtest_status_header: "X-S" })), null); // neither
  const badType = { sieve_spamtest_status_header: "X-S", sieve_spamtest_status_type: "fuzzy" };
  assert.is(scannerMapping("spamtest", reader(badType)), null);
  const badRegex = { sieve_spamtest_status_header: "X-S: (", sieve_spamtest_max_value: "5" };
  assert.is(scannerMapping("spamtest", reader(badRegex)), null);
  const zero = spamtestSettings({ statusHeader: "X-S", maxValue: 0 });
  assert.is(spam("X-S: 3", zero), "0"); // a maximum of 0 cannot scale
});

test("header specifications and decimals parse as Pigeonhole's", () => {
  assert.equal(parseHeaderSpec("X-Spam-Score").name, "X-Spam-Score");
  assert.is(parseHeaderSpec("X-Spam-Score").regex, null);
  const spec = parseHeaderSpec("  X-Spam-Score :  ([0-9.]+)");
  assert.is(spec.name, "X-Spam-Score");
  assert.is(spec.regex?.source, "([0-9.]+)");
  assert.throws(() => parseHeaderSpec(""));
  assert.is(parseDecimal("7.5"), 7.5);
  assert.is(parseDecimal("-1,5"), -1.5);
  assert.is(parseDecimal("+3"), 3);
  assert.is(parseDecimal("123456"), null); // more than 5 digits
  assert.is(parseDecimal("7.5 points"), null);
  assert.is(parseDecimal(""), null);
});

test("scaling: spamtest 1 + 9r, virustest 1 + 4r, percent 100r, truncated", () => {
  assert.is(normalizedResult("spamtest", -1, false), "0");
  assert.is(normalizedResult("spamtest", 0, false), "1");
  assert.is(normalizedResult("spamtest", 1, false), "10");
  assert.is(normalizedResult("virustest", 0.8, false), "4");
  assert.is(normalizedResult("virustest", 1, false), "5");
  assert.is(normalizedResult("spamtest", 0.5, true), "50");
  assert.is(normalizedResult("spamtest", -1, true), "0");
});

async function filed(script: string, headers: string, host: Host): Promise<string[]> {
  const bytes = new TextEncoder().encode(`From: a@example.com\n${headers}\n\nBody\n`);
  const r = await run(compile(REQ + script), bytes, ENVELOPE, host);
  return r.actions.flatMap((a) => (a.type === "fileinto" ? [a.mailbox] : []));
}

test("through run(): the RFC 5235 §3.2.2 example, settings from dryRun", async () => {
  const script = `if spamtest :value "eq" :comparator "i;ascii-numeric" "0" { fileinto "unclassified"; }
elsif spamtest :percent :value "eq" :comparator "i;ascii-numeric" "0" { fileinto "not-spam"; }
elsif spamtest :percent :value "lt" :comparator "i;ascii-numeric" "37" { fileinto "spam-trap"; }
else { discard; }`;
  const host = dryRun({ settings: spamtestSettings({ statusHeader: "X-Spam-Score", maxValue: 10 }) });
  assert.equal(await filed(script, "Subject: x", host), ["unclassified"]);
  assert.equal(await filed(script, "X-Spam-Score: 0", host), ["not-spam"]);
  assert.equal(await filed(script, "X-Spam-Score: 3", host), ["spam-trap"]);
  assert.equal(await filed(script, "X-Spam-Score: 9", host), []);
});

test(":count is 1 when tested and 0 when not (RFC 5235 §3.1)", async () => {
  const script = `if spamtest :count "eq" :comparator "i;ascii-numeric" "1" { fileinto "tested"; }
if virustest :count "eq" :comparator "i;ascii-numeric" "0" { fileinto "virus-untested"; }`;
  const host = dryRun({ settings: spamtestSettings({ statusHeader: "X-Spam-Score", maxValue: 10 }) });
  assert.equal(await filed(script, "X-Spam-Score: 2", host), ["tested", "virus-untested"]);
  assert.equal(await filed(script, "Subject: none", host), ["virus-untested"]);
});

test("spamtest sees headers added by editheader (RFC 5293 §7)", async () => {
  const script = 'require "editheader"; addheader "X-Spam-Score" "10"; if spamtest :is "10" { fileinto "junk"; }';
  const host = dryRun({ settings: spamtestSettings({ statusHeader: "X-Spam-Score", maxValue: 10 }) });
  assert.equal(await filed(script, "Subject: x", host), ["junk"]);
});

test.run();
