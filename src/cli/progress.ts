import path from 'node:path';

/** A one-line progress bar on stderr; only created when stderr is a terminal. */
export function progressBar(stream: NodeJS.WriteStream, now: () => number = () => performance.now()): { update: (file: string, read: number, total: number) => void; clear: () => void } {
  let shown = false;
  let drawnAt = -Infinity;
  return {
    update(file, read, total) {
      // Redraw at most ten times a second.
      if (now() - drawnAt < 100) return;
      drawnAt = now();
      const width = 30;
      const share = total > 0 ? Math.min(1, read / total) : 1;
      const filled = Math.round(share * width);
      stream.write(`\r${path.basename(file)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.round(share * 100)}%`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
