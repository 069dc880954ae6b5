/** Something that formats a number: an Intl.NumberFormat, or one of the lazy ones below. */
export interface NumberFormatter {
  format(value: number): string;
}

/**
 * An en-US number format made on first use: building an Intl.NumberFormat loads ICU data (about 10 ms),
 * which `csops --help` and `--version` must not pay for.
 */
function lazyNumberFormat(options: Intl.NumberFormatOptions): NumberFormatter {
  let formatter: Intl.NumberFormat | undefined;
  return { format: (value) => (formatter ??= new Intl.NumberFormat('en-US', options)).format(value) };
}

/** Number formats shared by the terminal, Markdown and HTML forms (en-US grouping on every machine). */
export const number = lazyNumberFormat({ maximumFractionDigits: 1 });
export const whole = wholeNumberFormat();

/**
 * `whole`: a non-negative safe integer is grouped by hand (what Intl gives for it, five times faster: risk
 * prints 20,000 ARR figures); anything else (fractions, negatives, -0, NaN, huge) goes to Intl.
 */
function wholeNumberFormat(): NumberFormatter {
  const intl = lazyNumberFormat({ maximumFractionDigits: 0 });
  return {
    format(value) {
      if (!Number.isSafeInteger(value) || value < 0 || Object.is(value, -0)) return intl.format(value);
      const digits = String(value);
      let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
      for (let index = grouped.length; index < digits.length; index += 3) grouped += `,${digits.slice(index, index + 3)}`;
      return grouped;
    },
  };
}
export const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
export const hours = (value: number | null) => (value === null ? '—' : `${number.format(value)} h`);

/** "465,900 USD + 12,000 EUR": amounts in several currencies side by side, never added. */
export function moneyParts(parts: ReadonlyArray<{ currency: string; amount: number }>, format: NumberFormatter = whole): string {
  return parts.length === 0 ? '0' : parts.map((part) => `${format.format(part.amount)} ${part.currency}`).join(' + ');
}
