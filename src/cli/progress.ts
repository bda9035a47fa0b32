// A one-line progress display on stderr for long CLI runs (import, scans). On a terminal it is redrawn in place,
// at most ten times a second; elsewhere (a log file, a pipe) only the final line is written, so logs do not
// fill with redraws.
import { closeSync, openSync, readSync } from 'node:fs';

const REDRAW_EVERY_MS = 100;
const BAR_WIDTH = 30;

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): boolean;
}

export class ProgressLine {
  private readonly started: number;
  private lastDrawn = Number.NEGATIVE_INFINITY;

  /** `total` null when unknown (standard input): the bar is then left out. */
  constructor(
    private readonly unit: string,
    private readonly total: number | null,
    private readonly stream: ProgressStream = process.stderr,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  update(done: number): void {
    if (this.stream.isTTY !== true) return;
    const now = this.now();
    if (now - this.lastDrawn < REDRAW_EVERY_MS) return;
    this.lastDrawn = now;
    this.stream.write(`\r${this.render(done, now)}`);
  }

  finish(done: number): void {
    const line = this.render(done, this.now());
    this.stream.write(this.stream.isTTY === true ? `\r${line}\n` : `${line}\n`);
  }

  private render(done: number, now: number): string {
    const rate = done / Math.max(0.001, (now - this.started) / 1000);
    const counted = this.total === null ? `${done} ${this.unit}` : `${done}/${this.total} ${this.unit}`;
    if (this.total === null) return `${counted}  ${rate.toFixed(0)}/s`;
    const filled =
      this.total === 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, Math.round((done / this.total) * BAR_WIDTH));
    return `[${'#'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}] ${counted}  ${rate.toFixed(0)}/s`;
  }
}

/** Lines in a file (a last line without a newline counts), read in chunks: a large file is never held whole. */
export function countLines(file: string): number {
  const chunk = Buffer.alloc(1 << 20);
  const fd = openSync(file, 'r');
  let count = 0;
  let last = -1;
  try {
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      for (let i = 0; i < read; i += 1) if (chunk[i] === 10) count += 1;
      last = chunk[read - 1]!;
    }
  } finally {
    closeSync(fd);
  }
  return last === -1 || last === 10 ? count : count + 1;
}
