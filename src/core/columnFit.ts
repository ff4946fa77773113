/**
 * Widths (in `ch`, the monospace digit width) that fit a column's widest value, so a capture with
 * tens of thousands of turns never shows a turn number cut (`#41…`). Each is at least the width its
 * header needs, which is what a short capture gets.
 */

const digits = (n: number) => String(Math.max(0, Math.floor(n))).length;

/** The timeline's turn column: `#` and the widest turn number; at least 5 (the header "turn"). */
export function turnColumnChars(maxTurn: number): number {
  return Math.max(5, 1 + digits(maxTurn));
}

/** The turns table's `#` column: the widest turn number; at least 4 (the header "# ▲"). */
export function turnIndexChars(maxTurn: number): number {
  return Math.max(4, digits(maxTurn));
}

/**
 * The last turn number to make room for while a capture loads: its turns so far, scaled by the
 * bytes still to read. A first open of a large capture would otherwise widen its turn columns by a
 * character as the count passes 9,999, moving every column after them under the reader's eyes; the
 * estimate reaches the final digit count within the first rows (turns are spread through a capture).
 */
export function expectedLastTurn(maxTurn: number, progress: { totalBytes: number; loadedBytes: number; done: boolean }): number {
  const { totalBytes, loadedBytes, done } = progress;
  if (done || loadedBytes <= 0 || totalBytes <= loadedBytes) return maxTurn;
  return Math.max(maxTurn, Math.ceil((maxTurn * totalBytes) / loadedBytes));
}
