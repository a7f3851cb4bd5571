// Numbers of the benchmark: percentiles, the longest interval without a completed write, and
// median with min..max over repeated runs. Pure.

/** The p-th percentile (0..100) of `values` by nearest rank; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** The largest value (loops: spreading 10^5 values into Math.max overflows the stack). */
export function maximum(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  return max;
}

export function minimum(values: readonly number[]): number {
  return -maximum(values.map((v) => -v));
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * The longest interval between consecutive completions (sorted times) that overlaps [from, to],
 * and where it began. A stall that begins before the window or outlasts it is measured whole;
 * with no completion before (after) the window, the window's edge stands in for one.
 */
export function longestGapAt(completions: readonly number[], from: number, to: number): { ms: number; start: number } {
  let longest = { ms: 0, start: from };
  let previous = Number.NEGATIVE_INFINITY;
  const consider = (start: number, end: number) => {
    if (end - start > longest.ms) longest = { ms: end - start, start };
  };
  for (const at of completions) {
    if (at >= from && previous <= to) consider(Number.isFinite(previous) ? previous : from, at);
    if (at > to) return longest;
    previous = at;
  }
  if (previous <= to) consider(Number.isFinite(previous) ? previous : from, to);
  return longest;
}

export function longestGap(completions: readonly number[], from: number, to: number): number {
  return longestGapAt(completions, from, to).ms;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: minimum(values), max: maximum(values) };
}
