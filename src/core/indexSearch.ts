/** The CLI's search answer (IndexSearchResult) as a test by record index. */

/** `ranges`: sorted, disjoint [start, end) pairs, flattened. */
export function rangeMatcher(ranges: readonly number[]): (i: number) => boolean {
  return (i) => {
    // The last pair whose start is ≤ i, by binary search over the pairs.
    let lo = 0;
    let hi = ranges.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[2 * mid] <= i) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && i < ranges[2 * hi + 1];
  };
}
