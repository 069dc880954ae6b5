/**
 * i24i's copy of the issue-24 checker (the lead merges it with i24s's test/helpers/english-words.ts):
 * the English words left in Chinese output once what a user types or reads as it is has been taken
 * out — file paths and names, option names and their values, csops command lines, quoted values,
 * column names and ids from the user's file, codes and units — so a test can require none.
 */
const ALLOWED = new Set([
  // Codes, units and formats people use as they are.
  'ARR', 'GRR', 'NRR', 'SLA', 'CSAT', 'NPS', 'CSM', 'CSV', 'HTML', 'ISO', 'ASCII', 'Unicode', 'MB', 'tr', 'Qualtrics', 'FIFO', 'JSON', 'CI', 'MRR', 'ID', 'HH', 'SS', 'nps', 'csat', 'UTF', 'NUL', 'USD', 'EUR', 'CNY', 'GB', 'YYYY', 'MM', 'DD', 'SQLite', 'Excel', 'Unix',
  // The values csops reads from files and the names of the kinds, statuses and formats (an API).
  'accounts', 'contracts', 'usage', 'tickets', 'surveys', 'contacts', 'touchpoints', 'table', 'json', 'ndjson', 'csv', 'md', 'html', 'true', 'false', 'yes', 'no',
  // Shell commands a hint names.
  'df', 'dmesg', 'sqlite',
]);

/** Words of two letters or more that remain, in order, once `extra` (names and values of the test's own data) and the allowed forms are taken out. */
export function englishWords(text: string, extra: readonly string[] = []): string[] {
  let rest = text;
  for (const value of [...extra].sort((a, b) => b.length - a.length)) rest = rest.split(value).join(' ');
  rest = rest
    .replace(/\u001b\[[\d;]*m/g, '')
    .replace(/--[\w-]+(?: [\w-]+)?/g, ' ')
    .replace(/\bcsops(?: [\w<>.-]+)*/g, ' ')
    .replace(/"[^"\n]*"/g, ' ')
    .replace(/[\w./-]*[._/=:][\w./=:-]*/g, ' ');
  return (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((word) => !ALLOWED.has(word));
}
