const TICKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A terminal sparkline: one block per value, scaled from 0 to the largest value; a gap for none. */
export function sparkline(values: ReadonlyArray<number | null>): string {
  const max = Math.max(0, ...values.filter((value): value is number => value !== null));
  return values.map((value) => (value === null ? ' ' : max === 0 ? TICKS[0] : TICKS[Math.min(TICKS.length - 1, Math.floor((value / max) * (TICKS.length - 1) + 0.5))])).join('');
}
