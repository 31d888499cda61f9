/**
 * The progress line `sievectl test` keeps on stderr while it works through many messages: one
 * line rewritten in place with `\r`, only on a terminal, erased before anything else prints.
 *
 * @module
 */
import { type Output, sanitize } from "../io.ts";

/** Redraw at most this often (ms): writing to a terminal for each of 100,000 messages is slow. */
const INTERVAL = 100;
/** Widest progress line; longer message names are cut from the left. */
const WIDTH = 78;

/** A progress line; every method does nothing when it is disabled. */
export class Progress {
  readonly #out: Output;
  readonly #enabled: boolean;
  readonly #now: () => number;
  #shown = false;
  #last = Number.NEGATIVE_INFINITY;

  /**
   * @param out - stderr
   * @param enabled - true only when `out` is a terminal and the user did not ask for quiet
   * @param now - the clock, in ms
   */
  constructor(out: Output, enabled: boolean, now: () => number = Date.now) {
    this.#out = out;
    this.#enabled = enabled;
    this.#now = now;
  }

  /** Shows that `count` messages are done, the last one `name`. */
  update(count: number, name: string): void {
    if (!this.#enabled) return;
    const t = this.#now();
    if (t - this.#last < INTERVAL) return;
    this.#last = t;
    const prefix = `testing: ${count} message${count === 1 ? "" : "s"} `;
    let shown = sanitize(name);
    const room = WIDTH - prefix.length;
    if (shown.length > room) shown = `…${shown.slice(shown.length - room + 1)}`;
    // \r back to the line's start, ESC [ K erases what a longer previous line left (ECMA-48 EL).
    this.#out.write(`\r\x1b[K${prefix}${shown}`);
    this.#shown = true;
  }

  /** Erases the line, before other output or at the end. */
  clear(): void {
    if (!this.#shown) return;
    this.#out.write("\r\x1b[K");
    this.#shown = false;
  }
}
