/**
 * `vacation` (RFC 5230).
 *
 * Pigeonhole's defaults decide the `:days` range: under one day is only a warning (the minimum
 * period applies instead), and there is no maximum. A literal `:from` must be one valid
 * RFC 5322 mailbox; `:addresses` items are only checked when the reply is sent, so invalid ones
 * are warnings here.
 *
 * @module
 */
import type { Argument, Command, StringLiteral, Tag, Test } from "../ast.ts";
import type { ExtensionSpec, ResolvedArguments, ValidationContext } from "./types.ts";
import { mailboxProblem } from "./address-syntax.ts";
import { hasVariableReference } from "./variables.ts";

/** Shortest period Pigeonhole accepts without a warning, in seconds (`sieve_vacation_min_period`). */
export const MIN_PERIOD_SECONDS = 24 * 60 * 60;

function constant(a: Argument | null, ctx: ValidationContext): StringLiteral | null {
  return a?.type === "String" && !hasVariableReference(a.value, ctx) ? a : null;
}

/** The `:days` / `:seconds` minimum (RFC 5230 §4.1, RFC 6131 §2; Pigeonhole's minimum period). */
export function checkPeriod(tag: Tag, value: Argument | null, ctx: ValidationContext): void {
  if (value?.type !== "Number") return;
  const seconds = tag.name.toLowerCase() === "days" ? value.value * 86400 : value.value;
  if (seconds < MIN_PERIOD_SECONDS) {
    ctx.warning(
      value,
      "SIEVE_W_VALUE",
      `':${tag.name.toLowerCase()}' ${value.raw} is under the minimum period of one day; the minimum is used`,
    );
  }
}

function validateVacation(_node: Command | Test, args: ResolvedArguments, ctx: ValidationContext): void {
  const from = constant(args.tags.get("from")?.value ?? null, ctx);
  if (from !== null) {
    const problem = mailboxProblem(from.value);
    if (problem !== null) {
      ctx.error(from, "SIEVE_E_ADDRESS", `':from' "${from.value}" is not a valid address: ${problem} (RFC 5230 §4.4)`);
    }
  }
  const addresses = args.tags.get("addresses")?.value ?? null;
  const items = addresses?.type === "StringList" ? addresses.items : addresses?.type === "String" ? [addresses] : [];
  for (const item of items) {
    const s = constant(item, ctx);
    if (s === null) continue;
    const problem = mailboxProblem(s.value);
    if (problem !== null) {
      ctx.warning(
        s,
        "SIEVE_W_VALUE",
        `':addresses' item "${s.value}" is not a valid address and is ignored: ${problem}`,
      );
    }
  }
}

/** The vacation extension (RFC 5230). */
export const vacation: ExtensionSpec = {
  capability: "vacation",
  reference: "RFC 5230",
  commands: [
    {
      // RFC 5230 §4: vacation [":days" number] [":subject" string] [":from" string]
      //   [":addresses" string-list] [":mime"] [":handle" string] <reason: string>
      name: "vacation",
      tags: [
        {
          name: "days",
          value: "number",
          group: "period",
          validate: (tag, value, _node, _args, ctx) => checkPeriod(tag, value, ctx),
        },
        { name: "subject", value: "string" },
        { name: "from", value: "string" },
        { name: "addresses", value: "string-list" },
        { name: "mime" },
        { name: "handle", value: "string" },
      ],
      positional: [{ name: "reason", type: "string" }],
      validate: validateVacation,
    },
  ],
};
