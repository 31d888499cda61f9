/**
 * `metadata`, `metadataexists` (RFC 5490 §3.2, §3.3) and `servermetadata`,
 * `servermetadataexists` (§3.4, §3.5): entries come from the host.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { compileMatch } from "../matching.ts";
import { makeTest } from "./common.ts";

/** Compiles `metadata [MATCH-TYPE] [COMPARATOR] <mailbox> <annotation-name> <key-list>`. */
export const metadata: TestCompiler = (node, args, cc) => {
  const mailbox = cc.template(args.positional[0]);
  const entry = cc.template(args.positional[1]);
  const match = compileMatch(args, cc.templates(args.positional[2]));
  return makeTest(node, (rt, self) => {
    const v = rt.host.metadata?.(rt.expand(mailbox), rt.expand(entry)) ?? null;
    return match.test(rt, v === null ? [] : [v], self);
  });
};

/** Compiles `metadataexists <mailbox> <annotation-names>`. */
export const metadataexists: TestCompiler = (node, args, cc) => {
  const mailbox = cc.template(args.positional[0]);
  const entries = cc.templates(args.positional[1]);
  return makeTest(node, (rt) => {
    const box = rt.expand(mailbox);
    return rt.expandAll(entries).every((e) => (rt.host.metadata?.(box, e) ?? null) !== null);
  });
};

/** Compiles `servermetadata [MATCH-TYPE] [COMPARATOR] <annotation-name> <key-list>`. */
export const servermetadata: TestCompiler = (node, args, cc) => {
  const entry = cc.template(args.positional[0]);
  const match = compileMatch(args, cc.templates(args.positional[1]));
  return makeTest(node, (rt, self) => {
    const v = rt.host.metadata?.(null, rt.expand(entry)) ?? null;
    return match.test(rt, v === null ? [] : [v], self);
  });
};

/** Compiles `servermetadataexists <annotation-names>`. */
export const servermetadataexists: TestCompiler = (node, args, cc) => {
  const entries = cc.templates(args.positional[0]);
  return makeTest(node, (rt) => rt.expandAll(entries).every((e) => (rt.host.metadata?.(null, e) ?? null) !== null));
};
