/**
 * `mime` (RFC 5703 §4): the `:mime` and `:anychild` tags of `header`, `address` and `exists`,
 * and the `:type` / `:subtype` / `:contenttype` / `:param` options of `header :mime`.
 *
 * As in Pigeonhole, `:anychild` and the options need `:mime`, and only `header` takes options.
 *
 * @module
 */
import type { Tag } from "../ast.ts";
import type { ExtensionSpec, ExtraTagSpec, ResolvedArguments, TagSpec, ValidationContext } from "./types.ts";

function needsMime(tag: Tag, args: ResolvedArguments, ctx: ValidationContext): void {
  if (!args.tags.has("mime")) {
    ctx.error(tag, "SIEVE_E_ARGUMENT", `the :${tag.name.toLowerCase()} tag needs the :mime tag (RFC 5703 §4.1)`);
  }
}

function option(name: string, value?: TagSpec["value"]): ExtraTagSpec {
  return {
    to: ["header"],
    kind: "test",
    tag: {
      name,
      ...(value === undefined ? {} : { value }),
      group: "mime-option",
      validate: (tag, _value, _node, args, ctx) => needsMime(tag, args, ctx),
    },
  };
}

/** The mime extension. */
export const mime: ExtensionSpec = {
  capability: "mime",
  reference: "RFC 5703 §4",
  extraTags: [
    // §4.1: :mime makes the test look at MIME part headers (the current part in foreverypart).
    { to: ["header", "address", "exists"], kind: "test", tag: { name: "mime" } },
    // §4.1: :anychild looks at every child part of the current one.
    {
      to: ["header", "address", "exists"],
      kind: "test",
      tag: { name: "anychild", validate: (tag, _value, _node, args, ctx) => needsMime(tag, args, ctx) },
    },
    // §4.2: header :mime [:type / :subtype / :contenttype / :param <param-list>].
    option("type"),
    option("subtype"),
    option("contenttype"),
    option("param", "string-list"),
  ],
};
