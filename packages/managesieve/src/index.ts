/**
 * @sieve-toolkit/managesieve: an RFC 5804 ManageSieve client over node:net / node:tls.
 *
 * Start with {@link ManageSieveClient.connect}. Every error is a {@link ManageSieveError} with a
 * stable `code`; invalid options throw `TypeError`.
 *
 * @module
 */
export type { Capabilities } from "./capabilities.ts";
export { parseCapabilities } from "./capabilities.ts";
export {
  type AuthenticateOptions,
  type ConnectOptions,
  ManageSieveClient,
  parseSieveUrl,
  type SaslProvider,
  type ScriptInfo,
} from "./client.ts";
export { type CommandArg, type CompiledCommand, compileCommand, encodeString } from "./compiler.ts";
export {
  isManageSieveError,
  ManageSieveError,
  type ManageSieveErrorCode,
  type ManageSieveErrorOptions,
  type ResponseCode,
} from "./errors.ts";
export { type LogEvent, type Logger, REDACTED } from "./log.ts";
export { normalizeScriptName, type ScriptNameOptions } from "./names.ts";
export { DEFAULT_LIMITS, type RawLine, type ReaderLimits, ResponseReader } from "./reader.ts";
export {
  type DataLine,
  type Item,
  type Line,
  parseLine,
  type Response,
  type StatusLine,
  type Token,
  tokenize,
} from "./response.ts";
export {
  chooseMechanism,
  createMechanism,
  type SaslCredentials,
  type SaslMechanism,
} from "./sasl/index.ts";
