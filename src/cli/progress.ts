import path from 'node:path';
import type { ImportProgress } from '../commands/import.js';
import { messagesFor, type Messages } from '../i18n/messages.js';

/**
 * A one-line progress bar on stderr, only created when stderr is a terminal: the file (and which of
 * how many), the share read, rows so far, rows a second and the time left at that pace, e.g.
 * `usage.csv (2/3) [############                  ] 41%  410,112 rows  97,300 rows/s  ~6 s left`.
 */
export function progressBar(stream: NodeJS.WriteStream, now: () => number = () => performance.now(), messages: Messages = messagesFor('en')): { update: (progress: ImportProgress) => void; clear: () => void } {
  let shown = false;
  let drawnAt = -Infinity;
  let file: string | undefined;
  let startedAt = 0;
  return {
    update(progress) {
      if (progress.file !== file) {
        file = progress.file;
        startedAt = now();
      }
      // Redraw at most ten times a second.
      if (now() - drawnAt < 100) return;
      drawnAt = now();
      stream.write(`\r${progressLine(progress, (now() - startedAt) / 1000, messages)}\x1b[K`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** The bar's text after `seconds` on this file; the time left is given once there is a pace to go by. */
export function progressLine(progress: ImportProgress, seconds: number, messages: Messages = messagesFor('en')): string {
  const { t } = messages;
  const width = 30;
  const share = progress.totalBytes > 0 ? Math.min(1, progress.bytesRead / progress.totalBytes) : 1;
  const filled = Math.round(share * width);
  const parts = [`${path.basename(progress.file)}${progress.files > 1 ? ` (${progress.index}/${progress.files})` : ''} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.round(share * 100)}%`, t('import.progress.rows', { count: grouped.format(progress.rows) })];
  if (seconds >= 0.5 && progress.rows > 0) {
    parts.push(t('import.progress.pace', { count: grouped.format(progress.rows / seconds) }));
    if (share > 0.01 && share < 1) parts.push(t('import.progress.left', { time: timeLeft((seconds * (1 - share)) / share, messages) }));
  }
  return parts.join('  ');
}

function timeLeft(seconds: number, { t }: Messages): string {
  if (seconds < 60) return t('import.progress.seconds', { n: Math.max(1, Math.round(seconds)) });
  if (seconds < 3600) return t('import.progress.minutes', { n: Math.round(seconds / 60) });
  return t('import.progress.hours', { n: (seconds / 3600).toFixed(1) });
}
