/**
 * A scratch place to run Pigeonhole's `sieve-test` from the verdict recorders
 * (scripts/differential-verdicts.ts, packages/interpreter/test/fixtures/vacation/record-verdicts.ts).
 *
 * Run as root, sieve-test drops to uid 65534, so the work folder is world-writable, its config
 * names that uid and a private mail home, and every script and message is staged there
 * world-readable before sieve-test is pointed at it. Never give /dev/null as an output: sieve-test
 * and sievec replace their output files.
 *
 * @module
 */
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A prepared work folder. */
export interface SieveTestEnv {
  /** The folder under the system temp dir. */
  work: string;
  /** The config file to pass with `-c`. */
  conf: string;
  /** Copies `NAME.sieve` and `NAME.eml` from `dir` into the work folder; returns their new paths. */
  stage(dir: string, name: string): { script: string; message: string };
}

/**
 * Prepares `<tmp>/<name>` with a sieve-test config.
 *
 * @param extraConfig - appended to the config (e.g. a `plugin { … }` block)
 */
export function sieveTestEnv(name: string, extraConfig = ""): SieveTestEnv {
  const work = join(tmpdir(), name);
  mkdirSync(join(work, "home"), { recursive: true });
  chmodSync(work, 0o777);
  chmodSync(join(work, "home"), 0o777);
  const conf = join(work, "sieve-test.conf");
  writeFileSync(
    conf,
    `mail_uid = 65534\nmail_gid = 65534\nmail_home = ${work}/home\nmail_location = maildir:${work}/home/Maildir\n${extraConfig}`,
  );
  chmodSync(conf, 0o644);
  const stage = (dir: string, file: string) => {
    for (const ext of [".sieve", ".eml"]) {
      copyFileSync(join(dir, file + ext), join(work, file + ext));
      chmodSync(join(work, file + ext), 0o666);
    }
    return { script: join(work, `${file}.sieve`), message: join(work, `${file}.eml`) };
  };
  return { work, conf, stage };
}
