/**
 * Offset to line/column conversion. The lexer tracks only offsets (cheaper); positions are
 * computed here with a binary search over line starts, the same way for every node.
 *
 * @module
 */
import type { Position, Range } from "./ast.ts";

/** Line starts of one text, for turning offsets into {@link Position}s. */
export class LineIndex {
  private readonly starts: number[];

  /** Indexes the line starts of `text`; only LF ends a line (a CR before it belongs to the line). */
  constructor(text: string) {
    const starts = [0];
    let i = text.indexOf("\n");
    while (i >= 0) {
      starts.push(i + 1);
      i = text.indexOf("\n", i + 1);
    }
    this.starts = starts;
  }

  /** The 1-based line and column of a 0-based offset. */
  position(offset: number): Position {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1, offset };
  }

  /** The range from `start` (inclusive) to `end` (exclusive). */
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
