/**
 * `date` (RFC 5260 §4–§5): the `date` and `currentdate` tests.
 *
 * @module
 */
import type { Argument, Command, StringLiteral, Test } from "../ast.ts";
import type { ExtensionSpec, ResolvedArguments, ValidationContext } from "./types.ts";
import { hasVariableReference } from "./variables.ts";

/** RFC 5260 §4.2: the date parts. */
export const DATE_PARTS: readonly string[] = [
  "year",
  "month",
  "day",
  "date",
  "julian",
  "hour",
  "minute",
  "second",
  "time",
  "iso8601",
  "std11",
  "zone",
  "weekday",
];

/** RFC 5260 §4.1: `zone = ("+" / "-") 4DIGIT`. */
const ZONE = /^[+-][0-9]{4}$/;
/** RFC 5322 §3.6.8 field-name: printable US-ASCII except ':'. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

function str(a: Argument | undefined): StringLiteral | null {
  return a?.type === "String" ? a : null;
}

function checkZone(args: ResolvedArguments, ctx: ValidationContext): void {
  const zone = args.tags.get("zone")?.value;
  if (zone?.type !== "String" || hasVariableReference(zone.value, ctx)) return;
  if (!ZONE.test(zone.value)) {
    // Pigeonhole only warns and falls back to the local zone.
    ctx.warning(
      zone,
      "SIEVE_W_VALUE",
      `':zone' "${zone.value}" is not a time zone of the form +hhmm or -hhmm (RFC 5260 §4.1)`,
    );
  }
}

function checkDatePart(part: StringLiteral | null, ctx: ValidationContext): void {
  if (part === null || hasVariableReference(part.value, ctx)) return;
  if (!DATE_PARTS.includes(part.value.toLowerCase())) {
    // A warning, as in Pigeonhole: the test then never matches (RFC 5260 §4.2 lists the parts).
    ctx.warning(
      part,
      "SIEVE_W_VALUE",
      `unknown date part "${part.value}": the test never matches; use one of ${DATE_PARTS.join(", ")} (RFC 5260 §4.2)`,
    );
  }
}

function validateDate(_node: Command | Test, args: ResolvedArguments, ctx: ValidationContext): void {
  checkZone(args, ctx);
  const header = str(args.positional[0]);
  if (header !== null && !hasVariableReference(header.value, ctx) && !FIELD_NAME.test(header.value)) {
    // Pigeonhole only warns; such a header never matches.
    ctx.warning(header, "SIEVE_W_HEADER_NAME", `"${header.value}" is not a valid header field name`);
  }
  checkDatePart(str(args.positional[1]), ctx);
}

function validateCurrentDate(_node: Command | Test, args: ResolvedArguments, ctx: ValidationContext): void {
  checkZone(args, ctx);
  checkDatePart(str(args.positional[0]), ctx);
}

/** The date extension (RFC 5260). */
export const date: ExtensionSpec = {
  capability: "date",
  reference: "RFC 5260",
  tests: [
    {
      // RFC 5260 §4: date [<":zone" <time-zone: string>> / ":originalzone"] [COMPARATOR]
      //   [MATCH-TYPE] <header-name: string> <date-part: string> <key-list: string-list>
      name: "date",
      matchType: true,
      comparator: true,
      tags: [
        { name: "zone", value: "string", group: "zone" },
        { name: "originalzone", group: "zone" },
      ],
      positional: [
        { name: "header-name", type: "string" },
        { name: "date-part", type: "string" },
        { name: "key-list", type: "string-list" },
      ],
      validate: validateDate,
    },
    {
      // RFC 5260 §5: currentdate [":zone" <time-zone: string>] [COMPARATOR] [MATCH-TYPE]
      //   <date-part: string> <key-list: string-list>
      name: "currentdate",
      matchType: true,
      comparator: true,
      tags: [{ name: "zone", value: "string", group: "zone" }],
      positional: [
        { name: "date-part", type: "string" },
        { name: "key-list", type: "string-list" },
      ],
      validate: validateCurrentDate,
    },
  ],
};
