/** Number formats shared by the terminal, Markdown and HTML forms (en-US grouping on every machine). */
export const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
export const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
export const hours = (value: number | null) => (value === null ? '—' : `${number.format(value)} h`);

/** "465,900 USD + 12,000 EUR": amounts in several currencies side by side, never added. */
export function moneyParts(parts: ReadonlyArray<{ currency: string; amount: number }>, format: Intl.NumberFormat = whole): string {
  return parts.length === 0 ? '0' : parts.map((part) => `${format.format(part.amount)} ${part.currency}`).join(' + ');
}
