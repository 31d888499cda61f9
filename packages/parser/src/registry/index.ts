/**
 * Every extension the toolkit knows, one module each (named after its capability).
 *
 * @module
 */
import { core } from "./core.ts";
import { fileinto } from "./fileinto.ts";
import { Registry } from "./registry.ts";
import type { ExtensionSpec } from "./types.ts";

/** Every known extension, the RFC 5228 core first. */
export const allExtensions: readonly ExtensionSpec[] = [core, fileinto];

let shared: Registry | undefined;

/** The registry of every known extension, built once per process. */
export function defaultRegistry(): Registry {
  shared ??= new Registry(allExtensions);
  return shared;
}

export { Registry } from "./registry.ts";
export type * from "./types.ts";
