import { describe, expect, it } from 'vitest';
import { progressBar, progressLine } from '../../src/cli/progress.js';

const progress = { file: '/data/exports/usage.csv', index: 2, files: 3, bytesRead: 41_000_000, totalBytes: 100_000_000, rows: 410_112 };

describe('the import progress bar (issue 23: rows, rows/s, time left, file n of m)', () => {
  it('shows the file and which of how many, the share, rows, the pace and the time left at that pace', () => {
    expect(progressLine(progress, 4.2)).toBe('usage.csv (2/3) [############                  ] 41%  410,112 rows  97,646 rows/s  ~6 s left');
  });

  it('names no n of m for one file, and gives no pace before there is one', () => {
    expect(progressLine({ ...progress, files: 1, index: 1 }, 0.1)).toBe('usage.csv [############                  ] 41%  410,112 rows');
  });

  it('gives minutes and hours for long imports, and no time left once the file is read', () => {
    expect(progressLine({ ...progress, bytesRead: 5_000_000, rows: 50_000 }, 30)).toMatch(/ 5%  50,000 rows  1,667 rows\/s  ~10 min left$/);
    expect(progressLine({ ...progress, bytesRead: 2_000_000, rows: 20_000 }, 300)).toMatch(/~4\.1 h left$/);
    expect(progressLine({ ...progress, bytesRead: progress.totalBytes }, 10)).toMatch(/\] 100%  410,112 rows  41,011 rows\/s$/);
  });

  it('redraws at most ten times a second and clears its line', () => {
    let clock = 0;
    const written: string[] = [];
    const stream = { write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    const bar = progressBar(stream, () => clock);
    bar.update(progress);
    clock = 50;
    bar.update({ ...progress, rows: 500_000 });
    clock = 150;
    bar.update({ ...progress, rows: 600_000 });
    expect(written).toHaveLength(2);
    expect(written[1]).toMatch(/^\rusage\.csv \(2\/3\) .* 600,000 rows\x1b\[K$/);
    bar.clear();
    expect(written[2]).toBe('\r\x1b[2K');
  });
});
