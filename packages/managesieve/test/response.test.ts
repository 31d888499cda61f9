/** The response parser: OK/NO/BYE, every RFC 5804 response code, strings quoted or literal. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseCapabilities } from "../src/capabilities.ts";
import { ManageSieveError } from "../src/errors.ts";
import { ResponseReader } from "../src/reader.ts";
import { type Line, parseLine } from "../src/response.ts";

function parse(text: string): Line[] {
  return new ResponseReader().push(new TextEncoder().encode(text)).map(parseLine);
}

function one(text: string): Line {
  const [l] = parse(text);
  return l!;
}

test("every RFC 5804 §1.3 response code, and unknown ones, with text", () => {
  const codes = [
    "AUTH-TOO-WEAK",
    "ENCRYPT-NEEDED",
    "QUOTA",
    "QUOTA/MAXSCRIPTS",
    "QUOTA/MAXSIZE",
    "TRANSITION-NEEDED",
    "TRYLATER",
    "ACTIVE",
    "NONEXISTENT",
    "ALREADYEXISTS",
    "WARNINGS",
    "QUOTA/MAXSTORAGE",
    "X-VENDOR/DETAIL",
  ];
  for (const c of codes) {
    for (const status of ["OK", "NO", "BYE"] as const) {
      assert.equal(one(`${status} (${c}) "text ${c}"\r\n`), {
        kind: "status",
        status,
        code: { name: c, args: [] },
        text: `text ${c}`,
      });
    }
  }
  assert.equal(one('NO (quota/maxsize) "x"\r\n'), {
    kind: "status",
    status: "NO",
    code: { name: "QUOTA/MAXSIZE", args: [] },
    text: "x",
  });
});

test("codes with arguments: SASL, REFERRAL, TAG (quoted and literal), extension data", () => {
  assert.equal(one('OK (SASL "dj1sTUJs")\r\n'), {
    kind: "status",
    status: "OK",
    code: { name: "SASL", args: ["dj1sTUJs"] },
    text: null,
  });
  const ref = one('BYE (REFERRAL "sieve://other.example.com:4190") "moved"\r\n');
  assert.equal(ref.kind === "status" && ref.code, { name: "REFERRAL", args: ["sieve://other.example.com:4190"] });
  const tag = one('OK (TAG {7}\r\ntag-123) "Done"\r\n');
  assert.equal(tag.kind === "status" && tag.code, { name: "TAG", args: ["tag-123"] });
  const ext = one('NO (X-EXT 12 atom "s" (nested "list")) "t"\r\n');
  assert.equal(ext.kind === "status" && ext.code, { name: "X-EXT", args: ["12", "atom", "s", "nested", "list"] });
});

test("status without text, lower case, literal text with CRLF kept verbatim", () => {
  assert.equal(one("ok\r\n"), { kind: "status", status: "OK", code: null, text: null });
  const no = one('NO {37}\r\nline 1: error\r\nline 3: "quoted" \\ x\r\n\r\n');
  assert.equal(no.kind === "status" && no.text, 'line 1: error\r\nline 3: "quoted" \\ x\r\n');
});

test("quoted strings: escapes, UTF-8, lenient unknown escapes", () => {
  const l = one('"a\\"b\\\\c" "Grüße" "C:\\path"\r\n');
  assert.equal(l.kind === "data" && l.items.map((i) => i.value), ['a"b\\c', "Grüße", "C:\\path"]);
});

test("data lines and capabilities", () => {
  const lines = parse(
    '"IMPLEMENTATION" "Cyrus"\r\n"SASL" "plain SCRAM-SHA-1"\r\n"SIEVE" "fileinto vacation"\r\n"STARTTLS"\r\n' +
      '"MAXREDIRECTS" "4"\r\n{5}\r\nOWNER "alice"\r\n"UNAUTHENTICATE"\r\n"LANGUAGE" "fr"\r\n"NOTIFY" "mailto xmpp"\r\nOK\r\n',
  );
  const data = lines.filter((l) => l.kind === "data");
  const caps = parseCapabilities(data);
  assert.equal(caps.sasl, ["PLAIN", "SCRAM-SHA-1"]);
  assert.equal(caps.sieve, ["fileinto", "vacation"]);
  assert.is(caps.starttls, true);
  assert.is(caps.maxRedirects, 4);
  assert.is(caps.owner, "alice");
  assert.is(caps.unauthenticate, true);
  assert.is(caps.language, "fr");
  assert.equal(caps.notify, ["mailto", "xmpp"]);
  assert.is(caps.version, null);
  assert.is(caps.raw.length, 9);
});

function bad(text: string): void {
  try {
    parse(text);
  } catch (err) {
    assert.instance(err, ManageSieveError, text);
    assert.is((err as ManageSieveError).code, "MANAGESIEVE_E_PROTOCOL", text);
    return;
  }
  assert.unreachable(`accepted ${JSON.stringify(text)}`);
}

test("malformed lines are MANAGESIEVE_E_PROTOCOL", () => {
  for (const t of [
    "\r\n",
    "OK garbage\r\n",
    'OK "a" "b"\r\n',
    "OK (\r\n",
    "OK (/QUOTA)\r\n",
    'OK ("x")\r\n',
    'OK (TAG "x"\r\n',
    "atom first\r\n",
    '"a" (b)\r\n',
    '"a" {3}x\r\n',
    '"\u0001"\r\n'.replace('"', ""),
  ]) {
    bad(t);
  }
});

test.run();
