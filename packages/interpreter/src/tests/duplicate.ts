/**
 * `duplicate` (RFC 7352 §3): the host tracks what was seen; this engine only asks.
 *
 * @module
 */
import type { TestCompiler } from "../arguments.ts";
import { makeTest } from "./common.ts";

/**
 * Compiles `duplicate [:handle] [:header / :uniqueid] [:seconds] [:last]`. The id is the
 * `:uniqueid` value or the first field named by `:header` (default `Message-ID`, §3.1); without
 * one the test is false.
 */
export const duplicate: TestCompiler = (node, args, cc) => {
  const handle = args.tags.has("handle") ? cc.template(args.tags.get("handle")) : null;
  const uniqueid = args.tags.has("uniqueid") ? cc.template(args.tags.get("uniqueid")) : null;
  const headerName = args.tags.has("header") ? cc.template(args.tags.get("header")) : null;
  return makeTest(node, (rt) => {
    let id: string | undefined;
    if (uniqueid !== null) id = rt.expand(uniqueid);
    else id = rt.message.header(headerName === null ? "message-id" : rt.expand(headerName))[0];
    if (id === undefined) return false;
    return rt.host.duplicateSeen?.(id, handle === null ? "" : rt.expand(handle)) ?? false;
  });
};
