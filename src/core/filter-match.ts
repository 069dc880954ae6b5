/**
 * A filter that matches nothing says so, with the nearest value that exists (issue 23): `--owner
 * "Maya Chenn"` printed "0 renewals" and nothing else. Pure: the caller gives the values that exist.
 */

/** Case and surrounding space do not matter when a filter is compared with a value. */
export function sameFilterValue(wanted: string, value: string | null | undefined): boolean {
  return value !== null && value !== undefined && value.trim().toLowerCase() === wanted.trim().toLowerCase();
}

/**
 * When no value in `existing` equals `wanted` (sameFilterValue): a note naming the option, what it
 * was given and the nearest existing values, e.g. `--owner "Maya Chenn" matches no account's owner;
 * did you mean "Maya Chen"?`. Undefined when it matches.
 */
export function unmatchedFilterNote(option: string, wanted: string, existing: Iterable<string | null | undefined>, what: string): string | undefined {
  const values = new Map<string, string>();
  for (const value of existing) if (value !== null && value !== undefined && value.trim() !== '') values.set(value.trim().toLowerCase(), value.trim());
  const key = wanted.trim().toLowerCase();
  if (values.has(key)) return undefined;
  const head = `${option} "${wanted}" matches no ${what}`;
  if (values.size === 0) return `${head}: there are none`;
  const ranked = [...values].map(([lower, value]) => ({ value, distance: editDistance(key, lower) })).sort((a, b) => a.distance - b.distance || a.value.localeCompare(b.value));
  // Near enough to be a typo: a few edits, fewer for short values.
  const near = ranked.filter((entry) => entry.distance <= Math.max(1, Math.min(3, Math.floor(key.length / 3)))).slice(0, 3);
  if (near.length > 0) return `${head}; did you mean ${near.map((entry) => `"${entry.value}"`).join(' or ')}?`;
  const listed = [...values.values()].sort((a, b) => a.localeCompare(b));
  return `${head}; ${values.size === 1 ? 'the only one is' : 'they are'} ${listed.slice(0, 8).map((value) => `"${value}"`).join(', ')}${listed.length > 8 ? `, … (${listed.length} in all)` : ''}`;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
