/**
 * The `sievectl` process entry: runs {@link main} on the real process and sets the exit code.
 * The only place that touches `process.exitCode`.
 *
 * @module
 */
import { main } from "./main.ts";

// `sievectl check … | head` closes our stdout early: that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await main(process.argv.slice(2));
