/*
 * Means and medians from what the database aggregates: a sum and a count, or a histogram of whole values (how many
 * hearings took 0, 1, 2... days), so that no row is loaded to average it.
 */

/** `value` rounded to `decimals` places (half away from zero), as figures are shown. */
export function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * scale)) / scale;
}

/** The mean `sum / count` rounded to 2 decimals, or null when nothing was counted. */
export function meanOf(sum: number, count: number): number | null {
  return count === 0 ? null : roundTo(sum / count, 2);
}

/** How many times a value occurs. */
export interface ValueCount {
  value: number;
  count: number;
}

/**
 * The median of the values a histogram holds: the middle one, or the mean of the two middle ones when their number
 * is even; null for none. The histogram need not be sorted, and a value may appear in several entries.
 */
export function medianOfCounts(histogram: readonly ValueCount[]): number | null {
  const sorted = histogram.filter((h) => h.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((s, h) => s + h.count, 0);
  if (n === 0) return null;
  // The values at 0-based positions lo and hi of the sorted list (the same one when n is odd).
  const lo = Math.floor((n - 1) / 2);
  const hi = Math.floor(n / 2);
  return (valueAt(sorted, lo) + valueAt(sorted, hi)) / 2;
}

function valueAt(sorted: readonly ValueCount[], position: number): number {
  let seen = 0;
  for (const h of sorted) {
    seen += h.count;
    if (position < seen) return h.value;
  }
  throw new Error('position beyond the histogram');
}
