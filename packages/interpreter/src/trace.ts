/**
 * Trace events: what ran, and for tests what was compared with what and the outcome, like
 * Pigeonhole's `sieve-test -t - -Tlevel=matching`.
 *
 * @module
 */

/**
 * How much a run records. `commands`: every command and action; `tests`: plus each test's
 * outcome; `matching`: plus the values and keys each test compared. Default `none`.
 */
export type TraceLevel = "none" | "commands" | "tests" | "matching";

/** A command ran (control commands included). */
export interface CommandEvent {
  type: "command";
  name: string;
  line: number;
  column: number;
  /** Short detail, e.g. `fileinto "Junk"` or `stop`. */
  detail?: string;
}

/** A test finished. */
export interface TestEvent {
  type: "test";
  name: string;
  line: number;
  column: number;
  result: boolean;
  /** At level `matching`: the values taken from the message and the keys they were compared with. */
  matching?: { matchType: string; comparator: string; values: string[]; keys: string[] };
}

/** An action was added to the result (after merging: `merged` says it added nothing new). */
export interface ActionEvent {
  type: "action";
  name: string;
  line: number;
  column: number;
  merged: boolean;
}

/** The run failed here. */
export interface ErrorEvent {
  type: "error";
  line: number;
  column: number;
  code: string;
  message: string;
}

/** One trace record. */
export type TraceEvent = CommandEvent | TestEvent | ActionEvent | ErrorEvent;

const RANK: Record<TraceLevel, number> = { none: 0, commands: 1, tests: 2, matching: 3 };

/** Collects events up to a level; a `none` tracer records nothing and costs one comparison. */
export class Tracer {
  /** The recorded events, in order. */
  readonly events: TraceEvent[] = [];
  readonly #rank: number;

  /** @param level - default `none` */
  constructor(level: TraceLevel = "none") {
    if (!(level in RANK)) throw new TypeError(`unknown trace level ${String(level)}`);
    this.#rank = RANK[level];
  }

  /** True when events of `level` are recorded. */
  wants(level: Exclude<TraceLevel, "none">): boolean {
    return this.#rank >= RANK[level];
  }

  /** Records `event` when its level is on. */
  add(level: Exclude<TraceLevel, "none">, event: TraceEvent): void {
    if (this.#rank >= RANK[level]) this.events.push(event);
  }
}
