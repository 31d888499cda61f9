/**
 * `date` and `currentdate` (RFC 5260 §4, §5) with `:zone`/`:originalzone` and `:index`.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { compileMatch } from "../matching.ts";
import type { Runtime } from "../runtime.ts";
import { indexSelector, makeTest } from "./common.ts";

/** A moment with the zone it is shown in: `utc` in ms, `offset` in minutes east of UTC. */
export interface ZonedDate {
  utc: number;
  offset: number;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
// RFC 2822 §4.3 obsolete zones; military letters mean -0000 (unknown) there.
const OBS_ZONES: Record<string, number> = {
  UT: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

/** Parses `+hhmm`/`-hhmm` to minutes, or null. */
export function parseZone(z: string): number | null {
  const m = /^([+-])(\d\d)(\d\d)$/.exec(z.trim());
  if (!m) return null;
  const v = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[3]) > 59) return null;
  return m[1] === "-" ? -v : v;
}

/**
 * Parses an RFC 2822 §3.3 date-time (with the §4.3 obsolete forms), taking the text after the
 * last `;` when there is one (RFC 5260 §4: Received fields). Null when it is not a valid date.
 */
export function parseDateTime(value: string): ZonedDate | null {
  const semi = value.lastIndexOf(";");
  const text = (semi >= 0 ? value.slice(semi + 1) : value).replace(/\([^)]*\)/g, " ").trim();
  const m =
    /^(?:[A-Za-z]{3}\s*,\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{2,4})\s+(\d{1,2})\s*:\s*(\d{2})(?:\s*:\s*(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5})?\s*$/.exec(
      text,
    );
  if (!m) return null;
  const day = Number(m[1]);
  const month = MONTHS.indexOf((m[2] as string).toLowerCase());
  let year = Number(m[3]);
  // RFC 2822 §4.3: two-digit years below 50 are 20xx, others 19xx; three digits add 1900.
  if ((m[3] as string).length === 2) year += year < 50 ? 2000 : 1900;
  else if ((m[3] as string).length === 3) year += 1900;
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const zoneText = m[7] ?? "-0000";
  const offset = /^[+-]/.test(zoneText) ? parseZone(zoneText) : (OBS_ZONES[zoneText.toUpperCase()] ?? 0);
  if (month < 0 || offset === null || hour > 23 || minute > 59 || second > 60) return null;
  const local = Date.UTC(year, month, day, hour, minute, second);
  const check = new Date(local);
  // Reject 32nd or February 29 in a non-leap year (RFC 5260 §4: not a valid date).
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month) return null;
  return { utc: local - offset * 60_000, offset };
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

function zoneString(offset: number, colon: boolean): string {
  const a = Math.abs(offset);
  return `${offset < 0 ? "-" : "+"}${pad(Math.floor(a / 60))}${colon ? ":" : ""}${pad(a % 60)}`;
}

/** The value of one date-part (RFC 5260 §4.2), or null for an unknown part. */
export function datePart(d: ZonedDate, part: string): string | null {
  const t = new Date(d.utc + d.offset * 60_000);
  const Y = pad(t.getUTCFullYear(), 4);
  const M = pad(t.getUTCMonth() + 1);
  const D = pad(t.getUTCDate());
  const h = pad(t.getUTCHours());
  const m = pad(t.getUTCMinutes());
  const s = pad(t.getUTCSeconds());
  switch (part) {
    case "year":
      return Y;
    case "month":
      return M;
    case "day":
      return D;
    case "date":
      return `${Y}-${M}-${D}`;
    case "julian":
      // Modified Julian Day: days since 1858-11-17 (RFC 5260 §4.2).
      return String(
        Math.floor(
          (Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()) - Date.UTC(1858, 10, 17)) / 86_400_000,
        ),
      );
    case "hour":
      return h;
    case "minute":
      return m;
    case "second":
      return s;
    case "time":
      return `${h}:${m}:${s}`;
    case "iso8601":
      // RFC 5260 §4.2: RFC 3339 date-time, zero offset written "Z".
      return `${Y}-${M}-${D}T${h}:${m}:${s}${d.offset === 0 ? "Z" : zoneString(d.offset, true)}`;
    case "std11":
      return `${DAYS[t.getUTCDay()]}, ${t.getUTCDate()} ${(MONTHS[t.getUTCMonth()] as string).replace(/^./, (c) => c.toUpperCase())} ${Y} ${h}:${m}:${s} ${zoneString(d.offset, false)}`;
    case "zone":
      return zoneString(d.offset, false);
    case "weekday":
      return String(t.getUTCDay());
    default:
      return null;
  }
}

/** The local zone (RFC 5260 §4.3: without :zone, dates are shown in the local zone). */
function localOffset(rt: Runtime, at: number): number {
  const z = rt.host.localZone?.();
  const parsed = z === undefined ? null : parseZone(z);
  return parsed ?? -new Date(at).getTimezoneOffset();
}

/** Compiles `date [:zone z / :originalzone] [COMPARATOR] [MATCH-TYPE] [:index n [:last]] <header> <date-part> <key-list>`. */
export const date: TestCompiler = (node, args, cc) => {
  const headerName = cc.template(args.positional[0]);
  const part = cc.template(args.positional[1]);
  const match = compileMatch(args, cc.templates(args.positional[2]));
  const zone = args.tags.has("zone") ? cc.template(args.tags.get("zone")) : null;
  const original = args.tags.has("originalzone");
  const indexed = args.tags.has("index");
  const select = indexSelector(args);
  return makeTest(node, (rt, self) => {
    const fields = rt.message.header(rt.expand(headerName), { raw: true });
    // RFC 5260 §4: only the first field unless :index picks another.
    const field = indexed ? select(fields)[0] : fields[0];
    const parsed = field === undefined ? null : parseDateTime(field);
    const values: string[] = [];
    if (parsed !== null) {
      const z = zone === null ? null : parseZone(rt.expand(zone));
      const shown = original ? parsed : { utc: parsed.utc, offset: z ?? localOffset(rt, parsed.utc) };
      const v = datePart(shown, rt.expand(part).toLowerCase());
      if (v !== null) values.push(v);
    }
    return match.test(rt, values, self);
  });
};

/** Compiles `currentdate [:zone z] [COMPARATOR] [MATCH-TYPE] <date-part> <key-list>`; "now" comes from the host. */
export const currentdate: TestCompiler = (node, args, cc) => {
  const part = cc.template(args.positional[0]);
  const match = compileMatch(args, cc.templates(args.positional[1]));
  const zone = args.tags.has("zone") ? cc.template(args.tags.get("zone")) : null;
  return makeTest(node, (rt, self) => {
    const now = (rt.host.now?.() ?? new Date()).getTime();
    const z = zone === null ? null : parseZone(rt.expand(zone));
    const v = datePart({ utc: now, offset: z ?? localOffset(rt, now) }, rt.expand(part).toLowerCase());
    return match.test(rt, v === null ? [] : [v], self);
  });
};
