/**
 * Latency maths over plain numbers: percentiles, means and interval unions. No knowledge of turns;
 * summary.ts and the waterfall build on these.
 */

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks (the common
 * "type 7" definition: numpy's default and most dashboards), so p50 of [10, 20] is 15.
 * Ignores non-finite values; undefined for an empty input. Does not modify `values`.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return percentileSorted(sorted, p);
}

/** `percentile` for an input already sorted ascending (several percentiles, one sort). */
export function percentileSorted(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const clamped = Math.min(100, Math.max(0, p));
  const rank = (clamped / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** Several percentiles with one sort: `percentiles(v, [50, 95])` → `[p50, p95]`. */
export function percentiles(values: readonly number[], ps: readonly number[]): Array<number | undefined> {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return ps.map((p) => percentileSorted(sorted, p));
}

export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/**
 * Total length covered by a set of [start, end] intervals, overlaps counted once. With concurrent
 * lanes, summing per-turn durations would exceed the wall time; the union does not.
 */
export function unionLength(intervals: ReadonlyArray<readonly [number, number]>): number {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const [s, e] of sorted) {
    if (s > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) {
      curEnd = e;
    }
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}
