/**
 * The search's count, in one unit: rows of the timeline as shown (a row of folded deltas is one
 * row, however many events it folds), so "3 / 12" and "12 matches" count the same things. Short:
 * its slot in the filter bar is 15 characters wide, and a longer count would be cut mid-word.
 */

import { groupDigits } from './labels.ts';

/** `position`: the selected row's 0-based place among the matching rows, or null when none is selected. */
export function matchCountText(search: string, matchingRows: number, position: number | null, error: string | undefined | null): string {
  if (error) return `bad regex: ${error}`;
  if (search === '') return '';
  if (matchingRows === 0) return 'no match';
  if (position !== null) return `${groupDigits(position + 1)} / ${groupDigits(matchingRows)}`;
  return matchingRows === 1 ? '1 match' : `${groupDigits(matchingRows)} matches`;
}
