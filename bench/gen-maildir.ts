/**
 * Seeded generator of a realistic Maildir for the dry-run benchmark (`bench/dryrun.ts`).
 *
 *   node --import tsx bench/gen-maildir.ts [--count 20000] [--seed 2822] [--out bench/.data/maildir]
 *
 * The mix: mailing-list posts (List-Id, List-Post, some with a signed/quoted reply chain),
 * newsletters (multipart/alternative text + HTML, List-Unsubscribe), delivery reports
 * (multipart/report with a message/delivery-status part), personal mail (some with RFC 2047
 * encoded subjects and senders, some quoted-printable), mail with base64 attachments (PDF, images,
 * spreadsheets, 5–135 KB encoded) and spam (high X-Spam-Score). Every message has a Return-Path, a
 * Delivered-To (a third of them with a +detail) and an X-Spam-Score, as a Dovecot/Postfix host
 * with SpamAssassin would deliver them. 90 % are in cur/ (with :2, flags), 10 % in new/.
 * The same seed always gives byte-identical files. The output directory is replaced.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { rng } from "./gen-scripts.ts";

export const MAILDIR = fileURLToPath(new URL("./.data/maildir/", import.meta.url));

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
/** Log-uniform integer in [lo, hi]: many small, a few large, like real mail sizes. */
const logInt = (r: Rand, lo: number, hi: number): number => Math.round(lo * (hi / lo) ** r());

const FIRST = ["Anna", "Ben", "Chloé", "David", "Eva", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Karin", "Lars"];
const FIRST2 = ["Marta", "Nils", "Olga", "Pedro", "Quentin", "Rosa", "Søren", "Tomás", "Ursula", "Vikram", "Wen"];
const LAST = ["Müller", "Smith", "García", "Nguyen", "Rossi", "Kowalski", "Dubois", "Jensen", "Tanaka", "Öztürk"];
const DOMAINS = ["gmail.com", "posteo.de", "fastmail.com", "example.net", "uni-hamburg.de", "acme.io", "web.de"];
const WORDS = (
  "the of and to in is that for it as with was on be at by this had not are but from or have an they which one you " +
  "were her all she there would their we him been has when who will more no if out so said what up its about into " +
  "than them can only other new some could time these two may then do first any my now such like our over man me " +
  "even most made after also did many before must through back years where much your way well down should because " +
  "release patch build kernel server config deploy review merge branch commit issue fix test meeting invoice report " +
  "budget schedule draft proposal quarterly migration backup upgrade dovecot postfix sieve filter mailbox"
).split(" ");
const LISTS = [
  { id: "dovecot.dovecot.org", name: "Dovecot Mailing List", post: "dovecot@dovecot.org" },
  { id: "linux-kernel.vger.kernel.org", name: "", post: "linux-kernel@vger.kernel.org" },
  { id: "postfix-users.postfix.org", name: "Postfix users", post: "postfix-users@postfix.org" },
  { id: "debian-devel.lists.debian.org", name: "Debian Development", post: "debian-devel@lists.debian.org" },
  { id: "python-dev.python.org", name: "Python core developers", post: "python-dev@python.org" },
  { id: "rust-users.lists.rust-lang.org", name: "", post: "rust-users@lists.rust-lang.org" },
  { id: "team.lists.acme.io", name: "ACME team", post: "team@lists.acme.io" },
  { id: "announce.lists.nixos.org", name: "NixOS announcements", post: "announce@lists.nixos.org" },
];
const NEWSLETTERS = [
  { from: "news@shop.example.com", name: "Example Shop", subject: "Your weekly deals: up to 50% off" },
  { from: "digest@medium.example", name: "Daily Digest", subject: "Stories picked for you" },
  { from: "noreply@github.com", name: "GitHub", subject: "[GitHub] Your monthly security digest" },
  { from: "newsletter@heise.example", name: "heise online", subject: "Newsletter vom Freitag" },
  { from: "info@airline.example", name: "Example Air", subject: "Fly to Lisbon from 49 €" },
];
const DETAILS = ["shopping", "lists", "github", "bank", "travel", "spam", "receipts"];
const ME = "alice@example.org";
// No T (\Deleted): sieve-filter skips messages flagged \Deleted; both tools must see the same messages.
const FLAGS = ["S", "S", "S", "RS", "FS", "", "S", "RS"];
const ATTACH = [
  { type: "application/pdf", ext: "pdf", names: ["invoice", "report", "contract", "Rechnung", "slides"] },
  { type: "image/jpeg", ext: "jpg", names: ["IMG_2041", "photo", "scan", "Bild"] },
  { type: "image/png", ext: "png", names: ["screenshot", "diagram", "logo"] },
  {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ext: "xlsx",
    names: ["budget", "Q3-figures", "timesheet"],
  },
  { type: "application/zip", ext: "zip", names: ["logs", "photos", "build-artifacts"] },
];

function person(r: Rand): { name: string; addr: string } {
  const f = pick(r, r() < 0.5 ? FIRST : FIRST2);
  const l = pick(r, LAST);
  const local = `${f}.${l}`
    .normalize("NFD")
    .replace(/[^\x20-\x7e]/g, "")
    .toLowerCase();
  return { name: `${f} ${l}`, addr: `${local}@${pick(r, DOMAINS)}` };
}

/** RFC 2047 encoded-word when the text is not ASCII (B or Q, as mailers do). */
function enc(r: Rand, s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  if (r() < 0.5) return `=?UTF-8?B?${Buffer.from(s, "utf8").toString("base64")}?=`;
  const q = [...Buffer.from(s, "utf8")]
    .map((b) =>
      b === 0x20
        ? "_"
        : b > 0x7e || b < 0x20 || b === 0x3d || b === 0x3f || b === 0x5f
          ? `=${hex(b)}`
          : String.fromCharCode(b),
    )
    .join("");
  return `=?UTF-8?Q?${q}?=`;
}
const hex = (b: number): string => b.toString(16).toUpperCase().padStart(2, "0");
const mbox = (r: Rand, p: { name: string; addr: string }): string =>
  /^[\x20-\x7e]*$/.test(p.name) ? `"${p.name}" <${p.addr}>` : `${enc(r, p.name)} <${p.addr}>`;

function sentence(r: Rand): string {
  const n = int(r, 6, 18);
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(pick(r, WORDS));
  const s = w.join(" ");
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}
/** Plain text wrapped at 72 columns, about `bytes` long, in paragraphs. */
function text(r: Rand, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  let line = "";
  while (size < bytes) {
    const s = sentence(r);
    for (const w of s.split(" ")) {
      if (line.length + w.length + 1 > 72) {
        lines.push(line);
        size += line.length + 2;
        line = "";
      }
      line = line ? `${line} ${w}` : w;
    }
    if (r() < 0.25) {
      lines.push(line, "");
      size += line.length + 4;
      line = "";
    }
  }
  if (line) lines.push(line);
  return lines.join("\r\n");
}
function subjectText(r: Rand): string {
  const w: string[] = [];
  const n = int(r, 3, 8);
  for (let i = 0; i < n; i++) w.push(pick(r, WORDS));
  return w.join(" ");
}
function base64Lines(r: Rand, bytes: number): string {
  const buf = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i += 4) buf.writeUInt32LE((r() * 4294967296) >>> 0, Math.min(i, bytes - 4));
  return buf.toString("base64").replace(/.{76}/g, "$&\r\n");
}
function qp(s: string): string {
  return [...Buffer.from(s, "utf8")]
    .map((b) => (b > 0x7e || b === 0x3d ? `=${hex(b)}` : String.fromCharCode(b)))
    .join("")
    .replace(/[^\r\n]{73}/g, "$&=\r\n");
}

const DAY = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function rfcDate(t: number): string {
  const d = new Date(t * 1000);
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${DAY[d.getUTCDay()]}, ${d.getUTCDate()} ${MON[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export interface GenStats {
  count: number;
  bytes: number;
  kinds: Record<string, number>;
}

/** One message (CRLF line ends, as on the wire) and its kind. */
export function message(r: Rand, i: number, t: number): { kind: string; raw: string } {
  const rcpt = r() < 0.33 ? `alice+${pick(r, DETAILS)}@example.org` : ME;
  const msgid = `<${t.toString(36)}.${i}.${Math.floor(r() * 1e9).toString(36)}@mail.example>`;
  const k = r();
  const h: string[] = [];
  let body: string;
  let kind: string;
  const spam = (lo: number, hi: number): string => (lo + r() * (hi - lo)).toFixed(1);
  const received = (host: string): string =>
    `Received: from ${host} (${host} [192.0.2.${int(r, 1, 254)}])\r\n\tby mx.example.org (Postfix) with ESMTPS id ${Math.floor(
      r() * 1e12,
    )
      .toString(16)
      .toUpperCase()}\r\n\tfor <${rcpt}>; ${rfcDate(t)}`;
  const common = (from: string, returnPath: string, score: string): void => {
    h.push(
      `Return-Path: <${returnPath}>`,
      `Delivered-To: ${rcpt}`,
      received(`mail${int(r, 1, 9)}.${returnPath.split("@")[1] || "example.net"}`),
      received("mx-in.example.org"),
      `X-Spam-Score: ${score}`,
      `X-Spam-Status: ${Number(score) >= 5 ? "Yes" : "No"}, score=${score} required=5.0 tests=BAYES_00,DKIM_SIGNED,DKIM_VALID`,
      `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${from.split("@")[1] ?? "example.net"}; s=2024;\r\n\th=from:to:subject:date:message-id; bh=${base64Lines(r, 32).replace(/\r\n/g, "")};\r\n\tb=${base64Lines(r, 256).replace(/\r\n/g, "\r\n\t ")}`,
      `Message-ID: ${msgid}`,
      `Date: ${rfcDate(t)}`,
    );
  };
  if (k < 0.35) {
    kind = "list";
    const l = pick(r, LISTS);
    const p = person(r);
    const reply = r() < 0.6;
    common(p.addr, `${l.post.replace("@", "-bounces+alice=example.org@")}`, spam(-3, 3));
    h.push(
      `From: ${mbox(r, p)}`,
      `To: ${l.post}`,
      `Subject: ${reply ? "Re: " : ""}${r() < 0.5 ? `[${l.post.split("@")[0]}] ` : ""}${enc(r, subjectText(r))}`,
      `List-Id: ${l.name ? `${l.name} ` : ""}<${l.id}>`,
      `List-Post: <mailto:${l.post}>`,
      `List-Unsubscribe: <mailto:${l.post.replace("@", "-request@")}?subject=unsubscribe>`,
      `List-Archive: <https://lists.example/${l.id}/>`,
      "Precedence: list",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8; format=flowed",
      "Content-Transfer-Encoding: 8bit",
    );
    if (reply) h.push(`In-Reply-To: <${Math.floor(r() * 1e12).toString(36)}@mail.example>`);
    let b = text(r, logInt(r, 400, 12000));
    if (reply)
      b = `${b}\r\n\r\nOn ${rfcDate(t - 86400)}, ${p.name} wrote:\r\n${text(r, logInt(r, 200, 6000))
        .split("\r\n")
        .map((x) => `> ${x}`)
        .join("\r\n")}`;
    body = `${b}\r\n\r\n-- \r\n${l.name || l.id} mailing list\r\nhttps://lists.example/${l.id}/\r\n`;
  } else if (k < 0.52) {
    kind = "newsletter";
    const n = pick(r, NEWSLETTERS);
    const boundary = `----=_Part_${i}_${Math.floor(r() * 1e9)}`;
    common(n.from, `bounce-${i}@${n.from.split("@")[1]}`, spam(-1, 4.5));
    h.push(
      `From: ${mbox(r, { name: n.name, addr: n.from })}`,
      `To: ${rcpt}`,
      `Subject: ${enc(r, r() < 0.3 ? `${n.subject} ✈️` : n.subject)}`,
      `List-Unsubscribe: <https://${n.from.split("@")[1]}/unsub?u=${i}>, <mailto:unsub-${i}@${n.from.split("@")[1]}>`,
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
      "Precedence: bulk",
      "MIME-Version: 1.0",
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
    );
    const plain = text(r, logInt(r, 1500, 8000));
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{font-family:sans-serif}td{padding:8px}</style></head><body><table width="600">${plain
      .split("\r\n\r\n")
      .map((p) => `<tr><td style="color:#333;font-size:14px">${p}</td></tr>\r\n`)
      .join("")}</table><img src="https://t.example/open?u=${i}" width="1" height="1"></body></html>`;
    body = `This is a multi-part message in MIME format.\r\n\r\n--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp(plain)}\r\n--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp(html)}\r\n--${boundary}--\r\n`;
  } else if (k < 0.57) {
    kind = "bounce";
    const boundary = `${t}/mx.example.org`;
    const p = person(r);
    h.push(
      "Return-Path: <>",
      `Delivered-To: ${rcpt}`,
      received("mx-out.example.org"),
      `X-Spam-Score: ${spam(-1, 2)}`,
      `Message-ID: ${msgid}`,
      `Date: ${rfcDate(t)}`,
      "From: MAILER-DAEMON@mx-out.example.org (Mail Delivery System)",
      `To: ${ME}`,
      "Subject: Undelivered Mail Returned to Sender",
      "Auto-Submitted: auto-replied",
      "MIME-Version: 1.0",
      `Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary="${boundary}"`,
    );
    const orig = `Return-Path: <${ME}>\r\nFrom: Alice <${ME}>\r\nTo: ${mbox(r, p)}\r\nSubject: ${subjectText(r)}\r\nDate: ${rfcDate(t - 60)}\r\nMessage-ID: <${i}.orig@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text(r, logInt(r, 200, 4000))}\r\n`;
    body = `This is a MIME-encapsulated message.\r\n\r\n--${boundary}\r\nContent-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThis is the mail system at host mx-out.example.org.\r\n\r\nI'm sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients.\r\n\r\n<${p.addr}>: host mx.${p.addr.split("@")[1]} said: 550 5.1.1 User unknown\r\n\r\n--${boundary}\r\nContent-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx-out.example.org\r\nArrival-Date: ${rfcDate(t - 60)}\r\n\r\nFinal-Recipient: rfc822; ${p.addr}\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n--${boundary}\r\nContent-Description: Undelivered Message\r\nContent-Type: message/rfc822\r\n\r\n${orig}\r\n--${boundary}--\r\n`;
  } else if (k < 0.65) {
    kind = "spam";
    const p = person(r);
    common(p.addr, `${Math.floor(r() * 1e9).toString(36)}@spam.example`, spam(4, 25));
    h.push(
      `From: ${mbox(r, { name: pick(r, ["Bank Security", "Prize Department", "Crypto Profits", "Pharmacy"]), addr: `${Math.floor(r() * 1e6)}@spam.example` })}`,
      `To: undisclosed-recipients:;`,
      `Subject: ${enc(r, pick(r, ["You have WON!!!", "Ihr Konto wurde gesperrt", "Urgent: verify your account", "Viagra → cheap", "100% free crypto"]))}`,
      "MIME-Version: 1.0",
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: base64",
    );
    body = `${Buffer.from(
      `<html><body><p>${text(r, logInt(r, 300, 3000))}</p><a href="http://spam.example/x">Click here</a></body></html>`,
    )
      .toString("base64")
      .replace(/.{76}/g, "$&\r\n")}\r\n`;
  } else if (k < 0.75) {
    kind = "attachment";
    const p = person(r);
    const a = pick(r, ATTACH);
    const fname = `${pick(r, a.names)}${r() < 0.2 ? "-März" : ""}.${a.ext}`;
    const boundary = `=-${Math.floor(r() * 1e12).toString(36)}`;
    common(p.addr, p.addr, spam(-4, 2));
    h.push(
      `From: ${mbox(r, p)}`,
      `To: Alice <${ME}>`,
      `Subject: ${enc(r, `${pick(r, ["", "Fwd: ", "Re: "])}${pick(r, a.names)} ${subjectText(r)}`)}`,
      "MIME-Version: 1.0",
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
    );
    const nAtt = r() < 0.8 ? 1 : int(r, 2, 3);
    const parts = [
      `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text(r, logInt(r, 100, 2000))}\r\n`,
    ];
    for (let j = 0; j < nAtt; j++) {
      const n = j === 0 ? fname : `${pick(r, a.names)}-${j}.${a.ext}`;
      const encName = /^[\x20-\x7e]*$/.test(n) ? `"${n}"` : `"${enc(r, n)}"`;
      parts.push(
        `--${boundary}\r\nContent-Type: ${a.type}; name=${encName}\r\nContent-Disposition: attachment; filename=${encName}\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(r, logInt(r, 4000, 100000))}\r\n`,
      );
    }
    body = `${parts.join("")}--${boundary}--\r\n`;
  } else {
    kind = "personal";
    const p = person(r);
    common(p.addr, p.addr, spam(-5, 2.5));
    const subj = `${pick(r, ["", "", "Re: ", "AW: ", "Fwd: "])}${pick(r, ["Grüße aus ", "Café ", "Über ", "", "", ""])}${subjectText(r)}`;
    h.push(`From: ${mbox(r, p)}`, `To: Alice <${ME}>`, `Subject: ${enc(r, subj)}`, "MIME-Version: 1.0");
    if (r() < 0.3) {
      h.push("Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable");
      body = `${qp(`Hallo Alice, schöne Grüße!\r\n\r\n${text(r, logInt(r, 200, 5000))}`)}\r\n`;
    } else {
      h.push("Content-Type: text/plain; charset=utf-8; format=flowed", "Content-Transfer-Encoding: 7bit");
      body = `Hi Alice,\r\n\r\n${text(r, logInt(r, 200, 5000))}\r\n\r\n${p.name.split(" ")[0]}\r\n`;
    }
  }
  return { kind, raw: `${h.join("\r\n")}\r\n\r\n${body}` };
}

export function generate(count = 20000, seed = 2822, out = MAILDIR): GenStats {
  const r = rng(seed);
  rmSync(out, { recursive: true, force: true });
  for (const d of ["cur", "new", "tmp"]) mkdirSync(join(out, d), { recursive: true });
  const stats: GenStats = { count, bytes: 0, kinds: {} };
  let t = 1767225600; // 2026-01-01
  for (let i = 0; i < count; i++) {
    t += int(r, 10, 1500);
    const { kind, raw } = message(r, i, t);
    const buf = Buffer.from(raw, "utf8");
    const isNew = i >= count * 0.9;
    const base = `${t}.M${i}P4242.mail.example.org,S=${buf.length}`;
    writeFileSync(join(out, isNew ? "new" : "cur", isNew ? base : `${base}:2,${pick(r, FLAGS)}`), buf);
    stats.bytes += buf.length;
    stats.kinds[kind] = (stats.kinds[kind] ?? 0) + 1;
  }
  return stats;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const s = generate(Number(arg("--count") ?? 20000), Number(arg("--seed") ?? 2822), arg("--out") ?? MAILDIR);
  console.log(
    `${s.count} messages, ${(s.bytes / 1e6).toFixed(1)} MB (mean ${Math.round(s.bytes / s.count)} B): ${JSON.stringify(s.kinds)}`,
  );
}
