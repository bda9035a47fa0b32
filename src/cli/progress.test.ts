import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countLines, ProgressLine, type ProgressStream } from './progress.js';

function stream(isTTY: boolean): ProgressStream & { written: string[] } {
  const written: string[] = [];
  return {
    isTTY,
    written,
    write(text: string) {
      written.push(text);
      return true;
    },
  };
}

describe('ProgressLine', () => {
  it('on a terminal, redraws in place at most every 100 ms and ends the line when finished', () => {
    const terminal = stream(true);
    let now = 0;
    const progress = new ProgressLine('lines', 4, terminal, () => now);
    now = 1000;
    progress.update(1);
    now = 1050;
    progress.update(2); // 50 ms after the last drawing: not drawn
    now = 2000;
    progress.update(3);
    progress.finish(4);
    expect(terminal.written).toEqual([
      '\r[########                      ] 1/4 lines  1/s',
      '\r[#######################       ] 3/4 lines  2/s',
      '\r[##############################] 4/4 lines  2/s\n',
    ]);
  });

  it('elsewhere, writes only the final line; without a total, only the count', () => {
    const log = stream(false);
    const progress = new ProgressLine('lines', null, log);
    progress.update(1);
    progress.finish(5);
    expect(log.written).toHaveLength(1);
    expect(log.written[0]).toMatch(/^5 lines {2}\d+\/s\n$/);
  });
});

describe('countLines', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-progress-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const count = (text: string | Buffer) => {
    const file = path.join(dir, 'lines.txt');
    writeFileSync(file, text);
    return countLines(file);
  };

  it('counts a last line with or without its newline, and nothing in an empty file', () => {
    expect(count('')).toBe(0);
    expect(count('a\nb\n')).toBe(2);
    expect(count('a\nb')).toBe(2);
    expect(count('\n')).toBe(1);
  });

  it('counts across the chunks it reads (files larger than 1 MiB)', () => {
    const line = `${'x'.repeat(99)}\n`;
    expect(count(line.repeat(25_000))).toBe(25_000);
    expect(count(`${line.repeat(25_000)}tail`)).toBe(25_001);
  });
});
