/**
 * SASL mechanisms (RFC 4422) for ManageSieve (RFC 5804 §2.1): SCRAM test vectors of RFC 5802 §5 and
 * RFC 7677 §3, SCRAM exchanges replayed from the recorded Dovecot and Cyrus sessions in
 * /work/shared/peers (copied here so the suite runs anywhere), SASLprep (RFC 4013 §3 examples), the
 * encodings of PLAIN, LOGIN, XOAUTH2, OAUTHBEARER and EXTERNAL, and mechanism choice.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ManageSieveError } from "../src/errors.ts";
import {
  chooseMechanism,
  createMechanism,
  escapeSaslName,
  type SaslCredentials,
  type SaslMechanism,
  saslPrepare,
  ScramMechanism,
  type ScramMechanismName,
} from "../src/sasl/index.ts";

const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : new TextDecoder().decode(bytes));
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const b64 = (bytesIn: Uint8Array | null): string | null =>
  bytesIn === null ? null : Buffer.from(bytesIn).toString("base64");
const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "base64"));

/** Runs `fn` and returns the ManageSieveError it throws (fails the test if it throws nothing else). */
function catchError(fn: () => unknown): ManageSieveError {
  try {
    fn();
  } catch (e) {
    assert.instance(e, ManageSieveError);
    return e as ManageSieveError;
  }
  assert.unreachable("expected a ManageSieveError");
  throw new Error("unreachable");
}

// ---------------------------------------------------------------------------------------------
// SCRAM: RFC test vectors

test("SCRAM-SHA-1: the RFC 5802 §5 example exchange", () => {
  const m = new ScramMechanism(
    "SCRAM-SHA-1",
    { username: "user", password: "pencil" },
    { nonce: "fyko+d2lbbFgONRv9qkxdawL" },
  );
  assert.is(m.sendsSecretInClear, false);
  assert.is(text(m.initialResponse()), "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
  const final = m.respond(bytes("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
  assert.is(text(final), "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
  assert.is(m.iterations, 4096);
  assert.is(m.serverVerified, false);
  m.finish(bytes("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="));
  assert.is(m.serverVerified, true);
});

test("SCRAM-SHA-256: the RFC 7677 §3 example exchange", () => {
  const m = new ScramMechanism(
    "SCRAM-SHA-256",
    { username: "user", password: "pencil" },
    { nonce: "rOprNGfwEbeRWgbNEkqO" },
  );
  assert.is(text(m.initialResponse()), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  const final = m.respond(
    bytes("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"),
  );
  assert.is(
    text(final),
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
  );
  // Server-final as a challenge (Dovecot style): verified, answered with an empty response.
  assert.is(m.respond(bytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")).length, 0);
  m.finish(null);
});

/** A SCRAM-SHA-1 exchange of RFC 5802 §5 up to the client-final-message. */
function rfc5802UpToFinal(): ScramMechanism {
  const m = new ScramMechanism(
    "SCRAM-SHA-1",
    { username: "user", password: "pencil" },
    { nonce: "fyko+d2lbbFgONRv9qkxdawL" },
  );
  m.initialResponse();
  m.respond(bytes("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
  return m;
}

test("SCRAM: a wrong server signature is rejected, as challenge and in OK", () => {
  const wrong = "v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  const e1 = catchError(() => rfc5802UpToFinal().respond(bytes(wrong)));
  assert.is(e1.code, "MANAGESIEVE_E_AUTH");
  const e2 = catchError(() => rfc5802UpToFinal().finish(bytes(wrong)));
  assert.is(e2.code, "MANAGESIEVE_E_AUTH");
  // A signature of the wrong length (SHA-256-sized for SHA-1) is wrong too, not a crash.
  const e3 = catchError(() => rfc5802UpToFinal().finish(bytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
  assert.is(e3.code, "MANAGESIEVE_E_AUTH");
  // After a failed verification, finish() cannot succeed.
  const m = rfc5802UpToFinal();
  catchError(() => m.respond(bytes(wrong)));
  assert.is(catchError(() => m.finish(null)).code, "MANAGESIEVE_E_AUTH");
});

test("SCRAM: a missing server signature is rejected by finish()", () => {
  const m = rfc5802UpToFinal();
  const e = catchError(() => m.finish(null));
  assert.is(e.code, "MANAGESIEVE_E_AUTH");
  assert.match(e.message, /server signature/);
  assert.is(catchError(() => rfc5802UpToFinal().finish(new Uint8Array(0))).code, "MANAGESIEVE_E_AUTH");
  // A server that says OK right after the client-first-message never proved anything either.
  const early = new ScramMechanism("SCRAM-SHA-256", { username: "u", password: "p" });
  early.initialResponse();
  assert.is(catchError(() => early.finish(null)).code, "MANAGESIEVE_E_AUTH");
  // A malformed server-final is a protocol error.
  assert.is(catchError(() => rfc5802UpToFinal().finish(bytes("x=1"))).code, "MANAGESIEVE_E_PROTOCOL");
});

test("SCRAM: server e= errors become MANAGESIEVE_E_AUTH with the text", () => {
  const m = rfc5802UpToFinal();
  const e = catchError(() => m.respond(bytes("e=invalid-proof")));
  assert.is(e.code, "MANAGESIEVE_E_AUTH");
  assert.is(e.serverText, "invalid-proof");
  assert.match(e.message, /invalid-proof/);
  assert.is(m.failureDetail, "invalid-proof");
  const e2 = catchError(() => rfc5802UpToFinal().finish(bytes("e=other-error")));
  assert.is(e2.serverText, "other-error");
  // e= in place of the server-first-message.
  const m3 = new ScramMechanism("SCRAM-SHA-1", { username: "user", password: "pencil" });
  m3.initialResponse();
  const e3 = catchError(() => m3.respond(bytes("e=unknown-user")));
  assert.is(e3.code, "MANAGESIEVE_E_AUTH");
  assert.is(e3.serverText, "unknown-user");
});

test("SCRAM: hostile or malformed server-first messages", () => {
  const start = (): ScramMechanism => {
    const m = new ScramMechanism("SCRAM-SHA-1", { username: "user", password: "pencil" }, { nonce: "abc" });
    m.initialResponse();
    return m;
  };
  // The server nonce must extend ours (RFC 5802 §5.1).
  assert.is(catchError(() => start().respond(bytes("r=xyzdef,s=QSXCR+Q6sek8bf92,i=4096"))).code, "MANAGESIEVE_E_AUTH");
  // Iteration count bounds: > 10,000,000 refused as hostile; 0 and junk malformed; 1 accepted.
  assert.is(
    catchError(() => start().respond(bytes("r=abcdef,s=QSXCR+Q6sek8bf92,i=10000001"))).code,
    "MANAGESIEVE_E_AUTH",
  );
  assert.is(catchError(() => start().respond(bytes("r=abcdef,s=QSXCR+Q6sek8bf92,i=0"))).code, "MANAGESIEVE_E_PROTOCOL");
  assert.is(
    catchError(() => start().respond(bytes("r=abcdef,s=QSXCR+Q6sek8bf92,i=-5"))).code,
    "MANAGESIEVE_E_PROTOCOL",
  );
  const one = start();
  assert.match(text(one.respond(bytes("r=abcdef,s=QSXCR+Q6sek8bf92,i=1"))) ?? "", /^c=biws,r=abcdef,p=/);
  assert.is(one.iterations, 1);
  // Mandatory extension m= must fail the authentication (RFC 5802 §5.1).
  assert.is(
    catchError(() => start().respond(bytes("m=ext,r=abcdef,s=QSXCR+Q6sek8bf92,i=4096"))).code,
    "MANAGESIEVE_E_AUTH",
  );
  // Missing/malformed attributes.
  assert.is(catchError(() => start().respond(bytes("r=abcdef,i=4096"))).code, "MANAGESIEVE_E_PROTOCOL");
  assert.is(catchError(() => start().respond(bytes("r=abcdef,s=not base64!,i=4096"))).code, "MANAGESIEVE_E_PROTOCOL");
  assert.is(catchError(() => start().respond(bytes("garbage"))).code, "MANAGESIEVE_E_PROTOCOL");
  assert.is(catchError(() => start().respond(new Uint8Array([0xff, 0xfe]))).code, "MANAGESIEVE_E_PROTOCOL");
  // Extensions after i= are allowed.
  assert.ok(start().respond(bytes("r=abcdef,s=QSXCR+Q6sek8bf92,i=4096,x=ext")).length > 0);
});

test("SCRAM: default nonces are random and printable", () => {
  const a = text(new ScramMechanism("SCRAM-SHA-256", { username: "u", password: "p" }).initialResponse()) ?? "";
  const b = text(new ScramMechanism("SCRAM-SHA-256", { username: "u", password: "p" }).initialResponse()) ?? "";
  assert.match(a, /^n,,n=u,r=[\x21-\x2b\x2d-\x7e]{24}$/);
  assert.is.not(a, b);
  assert.is(
    catchError(() => new ScramMechanism("SCRAM-SHA-1", { username: "u", password: "p" }, { nonce: "a,b" })).code,
    "MANAGESIEVE_E_ARGUMENT",
  );
});

test("SCRAM: an empty first challenge is answered with the client-first-message", () => {
  const m = new ScramMechanism(
    "SCRAM-SHA-1",
    { username: "user", password: "pencil" },
    { nonce: "fyko+d2lbbFgONRv9qkxdawL" },
  );
  assert.is(text(m.respond(new Uint8Array(0))), "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
  assert.is(catchError(() => m.initialResponse()).code, "MANAGESIEVE_E_PROTOCOL");
});

// ---------------------------------------------------------------------------------------------
// SCRAM: usernames, authzid and SASLprep

test("SCRAM: username and authzid escaping (RFC 5802 §5.1 saslname)", () => {
  assert.is(escapeSaslName("a=b,c"), "a=3Db=2Cc");
  assert.is(escapeSaslName("=,=,"), "=3D=2C=3D=2C");
  const m = new ScramMechanism(
    "SCRAM-SHA-256",
    { username: "us=er,x", password: "p", authzid: "ad,min=1" },
    { nonce: "N" },
  );
  assert.is(text(m.initialResponse()), "n,a=ad=2Cmin=3D1,n=us=3Der=2Cx,r=N");
  // c= carries the whole gs2 header, authzid included (RFC 5802 §7 channel-binding).
  const final = text(m.respond(bytes("r=NS,s=QSXCR+Q6sek8bf92,i=1"))) ?? "";
  const c = /^c=([^,]*),/.exec(final)?.[1] ?? "";
  assert.is(Buffer.from(c, "base64").toString("utf8"), "n,a=ad=2Cmin=3D1,");
});

test("SASLprep: RFC 4013 §3 examples", () => {
  // SOFT HYPHEN mapped to nothing.
  assert.is(saslPrepare("X", "f", "I\u00ADX"), "IX");
  assert.is(saslPrepare("X", "f", "user"), "user");
  assert.is(saslPrepare("X", "f", "\u00AD"), "");
  // Case preserved.
  assert.is(saslPrepare("X", "f", "USER"), "USER");
  // NFKC: ª → a, Ⅸ → IX.
  assert.is(saslPrepare("X", "f", "\u00AA"), "a");
  assert.is(saslPrepare("X", "f", "\u2168"), "IX");
  // Non-ASCII space mapped to SPACE.
  assert.is(saslPrepare("X", "f", "a\u00A0b\u2003c"), "a b c");
  // Prohibited character (U+0007) and bidi violation (U+0627 U+0031) rejected.
  assert.is(catchError(() => saslPrepare("X", "f", "\u0007")).code, "MANAGESIEVE_E_ARGUMENT");
  assert.is(catchError(() => saslPrepare("X", "f", "\u06271")).code, "MANAGESIEVE_E_ARGUMENT");
});

test("SCRAM applies SASLprep to the username and password", () => {
  const withHyphen = new ScramMechanism(
    "SCRAM-SHA-1",
    { username: "us\u00ADer", password: "pen\u00ADcil" },
    { nonce: "fyko+d2lbbFgONRv9qkxdawL" },
  );
  assert.is(text(withHyphen.initialResponse()), "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
  // The password "pen\u00ADcil" prepares to "pencil": the RFC 5802 proof comes out.
  const final = withHyphen.respond(bytes("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
  assert.is(text(final), "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
  withHyphen.finish(bytes("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="));
  const spaced = new ScramMechanism("SCRAM-SHA-1", { username: "a\u2000b", password: "p" }, { nonce: "N" });
  assert.is(text(spaced.initialResponse()), "n,,n=a b,r=N");
  const e = catchError(() => createMechanism("SCRAM-SHA-256", { username: "user", password: "bad\u0007" }));
  assert.is(e.code, "MANAGESIEVE_E_ARGUMENT");
  assert.is(
    catchError(() => createMechanism("SCRAM-SHA-256", { username: "\u00AD", password: "p" })).code,
    "MANAGESIEVE_E_AUTH",
  );
  assert.is(catchError(() => createMechanism("SCRAM-SHA-256", { username: "u" })).code, "MANAGESIEVE_E_AUTH");
});

// ---------------------------------------------------------------------------------------------
// SCRAM: replays of the recorded servers (/work/shared/peers; users alice/alice-pass, bob/bob-pass)

/** One recorded step: `C` a client string, `S` a server challenge, `OK` the SASL data of the final OK. */
type Step = { C: string } | { S: string } | { OK: string | null };

/**
 * Replays a recorded AUTHENTICATE exchange. `initial` is the base-64 argument of AUTHENTICATE, or
 * null when the recording sent none.
 */
function replay(
  name: ScramMechanismName,
  creds: SaslCredentials,
  nonce: string,
  initial: string | null,
  steps: Step[],
): SaslMechanism {
  const m = new ScramMechanism(name, creds, { nonce });
  if (initial !== null) assert.is(b64(m.initialResponse()), initial, "initial response");
  let pending: Uint8Array | null = null;
  for (const step of steps) {
    if ("S" in step) {
      pending = m.respond(unb64(step.S));
    } else if ("C" in step) {
      assert.ok(pending !== null, "client step without a challenge");
      assert.is(b64(pending), step.C, "client response");
      pending = null;
    } else {
      m.finish(step.OK === null ? null : unb64(step.OK));
    }
  }
  return m;
}

test("replay: Dovecot session 3, SCRAM-SHA-256 with initial response, server-final as challenge", () => {
  const m = replay(
    "SCRAM-SHA-256",
    { username: "alice", password: "alice-pass" },
    "e+K3FJnpImctnejytpNt2gww",
    "biwsbj1hbGljZSxyPWUrSzNGSm5wSW1jdG5lanl0cE50Mmd3dw==",
    [
      {
        S: "cj1lK0szRkpucEltY3RuZWp5dHBOdDJnd3dfMmMmM1JZUWg1UDI8JVJkUEQxcmhYWWJBZCorOHZCVkRDZEoqKVQjL1JQTy1EPSNfQChkbFxGOCRFZT8mRmduLHM9OFV0dzJpTFVHSFlubVVKcEJaek9nZz09LGk9NDA5Ng==",
      },
      {
        C: "Yz1iaXdzLHI9ZStLM0ZKbnBJbWN0bmVqeXRwTnQyZ3d3XzJjJjNSWVFoNVAyPCVSZFBEMXJoWFliQWQqKzh2QlZEQ2RKKilUIy9SUE8tRD0jX0AoZGxcRjgkRWU/JkZnbixwPVg0NjduRG55NDk3WkY5UmtHek1NUUV3b2ZtVWkvaXpqR1RFZTNyd3BwMDQ9",
      },
      { S: "dj1EcnBlRGxSK0JiRm1sZXRHSVBoRGtZOFFTdm52L2hCaVJNRFhvKzU5WDl3PQ==" },
      { C: "" },
      { OK: null },
    ],
  );
  assert.is(m.name, "SCRAM-SHA-256");
});

test("replay: Dovecot session 4, SCRAM-SHA-1 without initial response", () => {
  replay("SCRAM-SHA-1", { username: "bob", password: "bob-pass" }, "NKfxrXooSTB7Am518Ldk/cN7", null, [
    { S: "" },
    { C: "biwsbj1ib2Iscj1OS2Z4clhvb1NUQjdBbTUxOExkay9jTjc=" },
    {
      S: "cj1OS2Z4clhvb1NUQjdBbTUxOExkay9jTjcxKi9HTUwudWcpPj90S0o+fVA4cT8+cCUnSDwnUH5ISlt+LjdedC82fktOfG0kVUZNQyM5IVR7PUtOOl4iNGorLHM9NndaRDF6YnJrRVVQVTdyNXVUZVpUUT09LGk9NDA5Ng==",
    },
    {
      C: "Yz1iaXdzLHI9TktmeHJYb29TVEI3QW01MThMZGsvY043MSovR01MLnVnKT4/dEtKPn1QOHE/PnAlJ0g8J1B+SEpbfi43XnQvNn5LTnxtJFVGTUMjOSFUez1LTjpeIjRqKyxwPTdtS1J6TnM5OWp2dWNDTk11UHJSeTloNEdhbz0=",
    },
    { S: "dj01MWU2cGF4WUF3ZGdTeVIwSERpcHNndjFIUXM9" },
    { C: "" },
    { OK: null },
  ]);
});

test("replay: Dovecot session 5, SCRAM-SHA-256 with initial response", () => {
  replay(
    "SCRAM-SHA-256",
    { username: "bob", password: "bob-pass" },
    "uUxTo3g20TKE0dpsuoTjY3KC",
    "biwsbj1ib2Iscj11VXhUbzNnMjBUS0UwZHBzdW9UalkzS0M=",
    [
      {
        S: "cj11VXhUbzNnMjBUS0UwZHBzdW9UalkzS0NWUVAnQz0tKlxnY0MvVWIpRVFAMkBuMjJ8cHAmZSJOJzA9YVJ+ZSoqZyM0WyJFMWI7LmE3JEpkWTUkLSljezFxLHM9ZDJrMUtWcGZnQkF6Y3E0dUFvYTUzdz09LGk9NDA5Ng==",
      },
      {
        C: "Yz1iaXdzLHI9dVV4VG8zZzIwVEtFMGRwc3VvVGpZM0tDVlFQJ0M9LSpcZ2NDL1ViKUVRQDJAbjIyfHBwJmUiTicwPWFSfmUqKmcjNFsiRTFiOy5hNyRKZFk1JC0pY3sxcSxwPStkcVZuWi8zTDRQVHRDb3hJYzJDSXk3MmRHWXhKaEFjNXJLanMzQ3NvN2c9",
      },
      { S: "dj1iRUtWZjF5cUVJUkp2cGU5N20zRm9mdW5XVzhuNmJ5NlQ3ZXFDVHBVNjZBPQ==" },
      { C: "" },
      { OK: null },
    ],
  );
});

test("replay: Dovecot session 4 with the wrong password fails on the server signature", () => {
  const m = new ScramMechanism(
    "SCRAM-SHA-1",
    { username: "bob", password: "not-bobs" },
    { nonce: "NKfxrXooSTB7Am518Ldk/cN7" },
  );
  m.respond(new Uint8Array(0));
  m.respond(
    unb64(
      "cj1OS2Z4clhvb1NUQjdBbTUxOExkay9jTjcxKi9HTUwudWcpPj90S0o+fVA4cT8+cCUnSDwnUH5ISlt+LjdedC82fktOfG0kVUZNQyM5IVR7PUtOOl4iNGorLHM9NndaRDF6YnJrRVVQVTdyNXVUZVpUUT09LGk9NDA5Ng==",
    ),
  );
  // A server that accepted anything (or an impostor replaying Dovecot's signature) is caught here.
  assert.is(catchError(() => m.respond(unb64("dj01MWU2cGF4WUF3ZGdTeVIwSERpcHNndjFIUXM9"))).code, "MANAGESIEVE_E_AUTH");
});

test("replay: Cyrus session 4, SCRAM-SHA-1, empty first challenge, server-final in OK (SASL)", () => {
  replay("SCRAM-SHA-1", { username: "bob", password: "bob-pass" }, "DfQwWT3X9AXwE7B3LyxLuVia", null, [
    { S: "" },
    { C: "biwsbj1ib2Iscj1EZlF3V1QzWDlBWHdFN0IzTHl4THVWaWE=" },
    {
      S: "cj1EZlF3V1QzWDlBWHdFN0IzTHl4THVWaWFvUGxoVm93TERUZEEwclloa2pia3VnUjdWUXRHanBEMSxzPXF1S1NNUlJNNWRwN1lJWURQSjNrMWNpbWJtND0saT00MDk2",
    },
    {
      C: "Yz1iaXdzLHI9RGZRd1dUM1g5QVh3RTdCM0x5eEx1Vmlhb1BsaFZvd0xEVGRBMHJZaGtqYmt1Z1I3VlF0R2pwRDEscD04SU1nN05vWnBleUo4Z2owUFFhQkRvRm1rL0U9",
    },
    { OK: "dj1sTUJsYStQSHFSR2pIaitQR0FkcTdOdi9uVkk9" },
  ]);
});

test("replay: Cyrus session 5, SCRAM-SHA-256 with initial response, server-final in OK (SASL)", () => {
  replay(
    "SCRAM-SHA-256",
    { username: "bob", password: "bob-pass" },
    "JN0dXqQ39zh9JvpbHgiwcF0T",
    "biwsbj1ib2Iscj1KTjBkWHFRMzl6aDlKdnBiSGdpd2NGMFQ=",
    [
      {
        S: "cj1KTjBkWHFRMzl6aDlKdnBiSGdpd2NGMFQ4N0lRTENuTnc3cU5NN1h0YU8xbmpMdXBsOXdQVmVUbixzPVh2YXVzd3QwcksxaWN6bXp5NUJwU3Y4WDQ2b3FkVlNSM1p3d2F4QWJwYlk9LGk9NDA5Ng==",
      },
      {
        C: "Yz1iaXdzLHI9Sk4wZFhxUTM5emg5SnZwYkhnaXdjRjBUODdJUUxDbk53N3FOTTdYdGFPMW5qTHVwbDl3UFZlVG4scD0xL09iTlVwWFpvRzZSc3BsS29ZWDFVREMydEZqeTVUTEtUU1VoMEYzN2hJPQ==",
      },
      { OK: "dj1CdXBIcDQxNVp3aGowTkJKUHBJZFJsd09vWmVkVEpyN2d1OTkvMFpHbkZZPQ==" },
    ],
  );
});

test("replay: Cyrus session 5 with OK but no SASL data is rejected", () => {
  const m = new ScramMechanism(
    "SCRAM-SHA-256",
    { username: "bob", password: "bob-pass" },
    { nonce: "JN0dXqQ39zh9JvpbHgiwcF0T" },
  );
  m.initialResponse();
  m.respond(
    unb64(
      "cj1KTjBkWHFRMzl6aDlKdnBiSGdpd2NGMFQ4N0lRTENuTnc3cU5NN1h0YU8xbmpMdXBsOXdQVmVUbixzPVh2YXVzd3QwcksxaWN6bXp5NUJwU3Y4WDQ2b3FkVlNSM1p3d2F4QWJwYlk9LGk9NDA5Ng==",
    ),
  );
  assert.is(catchError(() => m.finish(null)).code, "MANAGESIEVE_E_AUTH");
});

// ---------------------------------------------------------------------------------------------
// The other mechanisms

test("PLAIN: RFC 4616 message, with and without authzid; matches the recordings", () => {
  const m = createMechanism("plain", { username: "alice", password: "alice-pass" });
  assert.is(m.name, "PLAIN");
  assert.is(m.sendsSecretInClear, true);
  // Dovecot session 2: base64("\0alice\0alice-pass").
  assert.is(b64(m.initialResponse()), "AGFsaWNlAGFsaWNlLXBhc3M=");
  m.finish(null);
  // Dovecot session 11: authzid bob, authcid alice.
  assert.is(
    b64(createMechanism("PLAIN", { authzid: "bob", username: "alice", password: "alice-pass" }).initialResponse()),
    "Ym9iAGFsaWNlAGFsaWNlLXBhc3M=",
  );
  // UTF-8 sent as given (no SASLprep).
  assert.equal(
    [...(createMechanism("PLAIN", { username: "j\u00F6", password: "p\u00AD" }).initialResponse() ?? [])],
    [0, 0x6a, 0xc3, 0xb6, 0, 0x70, 0xc2, 0xad],
  );
  // Without initial response: the empty challenge is answered (Dovecot session 10).
  const late = createMechanism("PLAIN", { username: "alice", password: "wrong-pass" });
  assert.is(b64(late.respond(new Uint8Array(0))), "AGFsaWNlAHdyb25nLXBhc3M=");
  assert.is(catchError(() => late.respond(new Uint8Array(0))).code, "MANAGESIEVE_E_PROTOCOL");
});

test("PLAIN: NUL in a field and missing fields are rejected", () => {
  assert.is(
    catchError(() => createMechanism("PLAIN", { username: "a\0b", password: "p" })).code,
    "MANAGESIEVE_E_ARGUMENT",
  );
  assert.is(
    catchError(() => createMechanism("PLAIN", { username: "a", password: "p\0" })).code,
    "MANAGESIEVE_E_ARGUMENT",
  );
  assert.is(
    catchError(() => createMechanism("PLAIN", { authzid: "\0", username: "a", password: "p" })).code,
    "MANAGESIEVE_E_ARGUMENT",
  );
  assert.is(catchError(() => createMechanism("PLAIN", { username: "a" })).code, "MANAGESIEVE_E_AUTH");
  assert.is(catchError(() => createMechanism("PLAIN", { password: "p" })).code, "MANAGESIEVE_E_AUTH");
});

test("LOGIN: answers Username:/Password: by order (Dovecot session 10)", () => {
  const m = createMechanism("LOGIN", { username: "alice", password: "alice-pass" });
  assert.is(m.sendsSecretInClear, true);
  assert.is(m.initialResponse(), null);
  assert.is(b64(m.respond(unb64("VXNlcm5hbWU6"))), "YWxpY2U=");
  assert.is(b64(m.respond(unb64("UGFzc3dvcmQ6"))), "YWxpY2UtcGFzcw==");
  m.finish(null);
  assert.is(catchError(() => m.respond(unb64("UGFzc3dvcmQ6"))).code, "MANAGESIEVE_E_PROTOCOL");
  assert.is(
    catchError(() => createMechanism("LOGIN", { username: "a", password: "p", authzid: "b" })).code,
    "MANAGESIEVE_E_AUTH",
  );
});

test("XOAUTH2: Google's message and its error challenge", () => {
  const m = createMechanism("XOAUTH2", {
    username: "someuser@example.com",
    oauthToken: "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg",
  });
  assert.is(m.sendsSecretInClear, true);
  // The example of https://developers.google.com/gmail/imap/xoauth2-protocol.
  assert.is(
    b64(m.initialResponse()),
    "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==",
  );
  const err = m.respond(bytes('{"status":"401","schemes":"bearer mac","scope":"https://mail.google.com/"}'));
  assert.is(err.length, 0);
  assert.match(m.failureDetail ?? "", /401/);
  const e = catchError(() => m.finish(null));
  assert.is(e.code, "MANAGESIEVE_E_AUTH");
  assert.is(e.serverText, "401");
  assert.is(
    catchError(() => createMechanism("XOAUTH2", { username: "u", oauthToken: "a\x01b" })).code,
    "MANAGESIEVE_E_ARGUMENT",
  );
  assert.is(
    catchError(() => createMechanism("XOAUTH2", { username: "u\x01", oauthToken: "t" })).code,
    "MANAGESIEVE_E_ARGUMENT",
  );
  assert.is(catchError(() => createMechanism("XOAUTH2", { oauthToken: "t" })).code, "MANAGESIEVE_E_AUTH");
});

test("OAUTHBEARER: RFC 7628 §4.1 message, and the error challenge answered with %x01 (§3.2.3)", () => {
  const creds = {
    authzid: "user@example.com",
    host: "server.example.com",
    port: 143,
    oauthToken: "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==",
  };
  const m = createMechanism("OAUTHBEARER", creds);
  assert.is(m.sendsSecretInClear, true);
  assert.is(
    text(m.initialResponse()),
    "n,a=user@example.com,\x01host=server.example.com\x01port=143\x01auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01",
  );
  m.finish(null);
  // RFC 7628 §4.3: failure with an error challenge.
  const f = createMechanism("OAUTHBEARER", creds);
  f.initialResponse();
  const answer = f.respond(
    bytes(
      '{"status":"invalid_token","scope":"example_scope","openid-configuration":"https://example.com/.well-known/openid-configuration"}',
    ),
  );
  assert.is(text(answer), "\x01");
  assert.match(f.failureDetail ?? "", /invalid_token/);
  const e = catchError(() => f.finish(null));
  assert.is(e.code, "MANAGESIEVE_E_AUTH");
  assert.is(e.serverText, "invalid_token");
  // Non-JSON challenge, and no token / a token that could forge key-value pairs.
  const g = createMechanism("OAUTHBEARER", creds);
  g.initialResponse();
  assert.is(catchError(() => g.respond(bytes("not json"))).code, "MANAGESIEVE_E_PROTOCOL");
  assert.is(catchError(() => createMechanism("OAUTHBEARER", { username: "u" })).code, "MANAGESIEVE_E_AUTH");
  assert.is(
    catchError(() => createMechanism("OAUTHBEARER", { oauthToken: "a\x01port=1" })).code,
    "MANAGESIEVE_E_ARGUMENT",
  );
  // Minimal form: no user, host or port; username used as a= when no authzid; a= escaped.
  assert.is(
    text(createMechanism("OAUTHBEARER", { oauthToken: "t" }).initialResponse()),
    "n,,\x01auth=Bearer t\x01\x01",
  );
  assert.is(
    text(createMechanism("OAUTHBEARER", { username: "a,b=c", oauthToken: "t" }).initialResponse()),
    "n,a=a=2Cb=3Dc,\x01auth=Bearer t\x01\x01",
  );
});

test("EXTERNAL: initial response is the authzid or empty (RFC 4422 Appendix A)", () => {
  const m = createMechanism("EXTERNAL", {});
  assert.is(m.sendsSecretInClear, false);
  assert.is(m.initialResponse()?.length, 0);
  m.finish(null);
  assert.is(text(createMechanism("EXTERNAL", { authzid: "alice" }).initialResponse()), "alice");
  assert.is(text(createMechanism("EXTERNAL", { authzid: "alice" }).respond(new Uint8Array(0))), "alice");
});

test("createMechanism: unknown mechanisms", () => {
  const e = catchError(() => createMechanism("BOGUS-MECH", { username: "u", password: "p" }));
  assert.is(e.code, "MANAGESIEVE_E_AUTH");
  assert.is(
    catchError(() => createMechanism("SCRAM-SHA-256-PLUS", { username: "u", password: "p" })).code,
    "MANAGESIEVE_E_AUTH",
  );
  assert.is(createMechanism("scram-sha-1", { username: "u", password: "p" }).name, "SCRAM-SHA-1");
});

// ---------------------------------------------------------------------------------------------
// chooseMechanism

const pw = { username: "alice", password: "alice-pass" };
const secure = { secure: true, allowCleartextSecrets: false };
const insecure = { secure: false, allowCleartextSecrets: false };

test("chooseMechanism: strongest first", () => {
  assert.is(chooseMechanism(["PLAIN", "LOGIN", "SCRAM-SHA-1", "SCRAM-SHA-256"], pw, secure), "SCRAM-SHA-256");
  assert.is(chooseMechanism(["PLAIN", "LOGIN", "SCRAM-SHA-1"], pw, secure), "SCRAM-SHA-1");
  assert.is(chooseMechanism(["LOGIN", "PLAIN"], pw, secure), "PLAIN");
  assert.is(chooseMechanism(["LOGIN"], pw, secure), "LOGIN");
  // Cyrus after STARTTLS: -PLUS variants are skipped, case does not matter.
  assert.is(
    chooseMechanism(
      ["plain", "login", "scram-sha-1-plus", "scram-sha-1", "scram-sha-256-plus", "scram-sha-256"],
      pw,
      secure,
    ),
    "SCRAM-SHA-256",
  );
  assert.is(chooseMechanism(["SCRAM-SHA-256-PLUS"], pw, secure), null);
  const token = { username: "alice", oauthToken: "t" };
  assert.is(chooseMechanism(["PLAIN", "XOAUTH2", "OAUTHBEARER", "SCRAM-SHA-256"], token, secure), "OAUTHBEARER");
  assert.is(chooseMechanism(["PLAIN", "XOAUTH2"], token, secure), "XOAUTH2");
  assert.is(chooseMechanism(["PLAIN", "LOGIN"], token, secure), null);
  assert.is(chooseMechanism([], pw, secure), null);
});

test("chooseMechanism: the cleartext rule", () => {
  const all = ["PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER", "SCRAM-SHA-1", "SCRAM-SHA-256"];
  assert.is(chooseMechanism(all, pw, insecure), "SCRAM-SHA-256");
  // Dovecot session 12 (after STARTTLS only): an insecure connection offering only PLAIN/LOGIN.
  assert.is(chooseMechanism(["PLAIN", "LOGIN"], pw, insecure), null);
  assert.is(chooseMechanism(["PLAIN", "LOGIN"], pw, { secure: false, allowCleartextSecrets: true }), "PLAIN");
  assert.is(chooseMechanism(all, { oauthToken: "t", username: "u" }, insecure), null);
  // prefer cannot override the rule.
  assert.is(chooseMechanism(all, pw, { ...insecure, prefer: "PLAIN" }), "SCRAM-SHA-256");
});

test("chooseMechanism: prefer, EXTERNAL, authzid", () => {
  const offered = ["EXTERNAL", "PLAIN", "LOGIN", "SCRAM-SHA-1", "SCRAM-SHA-256"];
  assert.is(chooseMechanism(offered, pw, { ...secure, prefer: "plain" }), "PLAIN");
  assert.is(chooseMechanism(offered, pw, { ...secure, prefer: "SCRAM-SHA-1" }), "SCRAM-SHA-1");
  // Preferred but not offered: fall back to the order.
  assert.is(chooseMechanism(["PLAIN"], pw, { ...secure, prefer: "SCRAM-SHA-1" }), "PLAIN");
  // EXTERNAL only when preferred and there is no password.
  assert.is(chooseMechanism(offered, {}, secure), null);
  assert.is(chooseMechanism(offered, { authzid: "alice" }, { ...secure, prefer: "EXTERNAL" }), "EXTERNAL");
  assert.is(chooseMechanism(offered, pw, { ...secure, prefer: "EXTERNAL" }), "SCRAM-SHA-256");
  // LOGIN and XOAUTH2 cannot carry an authzid.
  assert.is(chooseMechanism(["LOGIN"], { ...pw, authzid: "bob" }, secure), null);
  assert.is(chooseMechanism(["LOGIN", "PLAIN"], { ...pw, authzid: "bob" }, secure), "PLAIN");
});

test.run();
