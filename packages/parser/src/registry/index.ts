/**
 * Every extension the toolkit knows, one module each (named after its capability).
 *
 * @module
 */
import { core } from "./core.ts";
import { fileinto } from "./fileinto.ts";
// @imports-a (RFC extensions: keep this block sorted)
// @end-imports-a
// @imports-b (extensions and vendor extensions: keep this block sorted)
// @end-imports-b
import { Registry } from "./registry.ts";
import type { ExtensionSpec } from "./types.ts";

/** Every known extension, the RFC 5228 core first. */
export const allExtensions: readonly ExtensionSpec[] = [
  core,
  fileinto,
  // @list-a
  // @end-list-a
  // @list-b
  // @end-list-b
];

let shared: Registry | undefined;

/** The registry of every known extension, built once per process. */
export function defaultRegistry(): Registry {
  shared ??= new Registry(allExtensions);
  return shared;
}

export { Registry } from "./registry.ts";
export type * from "./types.ts";
