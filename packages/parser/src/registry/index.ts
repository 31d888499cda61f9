/**
 * Every extension the toolkit knows, one module each (named after its capability).
 *
 * @module
 */
import { core } from "./core.ts";
import { fileinto } from "./fileinto.ts";
// @imports-a (RFC extensions: keep this block sorted)
import { body } from "./body.ts";
import { copy } from "./copy.ts";
import { date } from "./date.ts";
import { encodedCharacter } from "./encoded-character.ts";
import { envelope } from "./envelope.ts";
import { environment } from "./environment.ts";
import { ereject } from "./ereject.ts";
import { imap4flags } from "./imap4flags.ts";
import { include } from "./include.ts";
import { indexExtension } from "./index-ext.ts";
import { reject } from "./reject.ts";
import { relational } from "./relational.ts";
import { spamtest } from "./spamtest.ts";
import { spamtestplus } from "./spamtestplus.ts";
import { subaddress } from "./subaddress.ts";
import { vacation } from "./vacation.ts";
import { vacationSeconds } from "./vacation-seconds.ts";
import { variables } from "./variables.ts";
import { virustest } from "./virustest.ts";
// @end-imports-a
// @imports-b (extensions and vendor extensions: keep this block sorted)
import { comparatorIAsciiNumeric } from "./comparator-i-ascii-numeric.ts";
import { comparatorIUnicodeCasemap } from "./comparator-i-unicode-casemap.ts";
import { duplicate } from "./duplicate.ts";
import { editheader } from "./editheader.ts";
import { enotify } from "./enotify.ts";
import { extlists } from "./extlists.ts";
import { extracttext } from "./extracttext.ts";
import { foreverypart } from "./foreverypart.ts";
import { ihave } from "./ihave.ts";
import { imapsieve } from "./imapsieve.ts";
import { mailbox } from "./mailbox.ts";
import { mboxmetadata } from "./mboxmetadata.ts";
import { mime } from "./mime.ts";
import { regex } from "./regex.ts";
import { servermetadata } from "./servermetadata.ts";
import { specialUse } from "./special-use.ts";
import { vndDovecotDebug } from "./vnd.dovecot.debug.ts";
import { vndDovecotEnvironment } from "./vnd.dovecot.environment.ts";
import { vndDovecotExecute } from "./vnd.dovecot.execute.ts";
import { vndDovecotFilter } from "./vnd.dovecot.filter.ts";
import { vndDovecotPipe } from "./vnd.dovecot.pipe.ts";
import { vndDovecotReport } from "./vnd.dovecot.report.ts";
import { vndDovecotTestsuite } from "./vnd.dovecot.testsuite.ts";
// @end-imports-b
import { Registry } from "./registry.ts";
import type { ExtensionSpec } from "./types.ts";

/** Every known extension, the RFC 5228 core first. */
export const allExtensions: readonly ExtensionSpec[] = [
  core,
  fileinto,
  // @list-a
  body,
  copy,
  date,
  encodedCharacter,
  envelope,
  environment,
  ereject,
  imap4flags,
  include,
  indexExtension,
  reject,
  relational,
  spamtest,
  spamtestplus,
  subaddress,
  vacation,
  vacationSeconds,
  variables,
  virustest,
  // @end-list-a
  // @list-b
  comparatorIAsciiNumeric,
  comparatorIUnicodeCasemap,
  duplicate,
  editheader,
  enotify,
  extlists,
  extracttext,
  foreverypart,
  ihave,
  imapsieve,
  mailbox,
  mboxmetadata,
  mime,
  regex,
  servermetadata,
  specialUse,
  vndDovecotDebug,
  vndDovecotEnvironment,
  vndDovecotExecute,
  vndDovecotFilter,
  vndDovecotPipe,
  vndDovecotReport,
  vndDovecotTestsuite,
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
