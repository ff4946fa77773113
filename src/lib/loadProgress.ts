/**
 * How far the capture on screen has been read (the feed's backlog up to connect time, or an opened
 * file), for the progress bar. Held in the store's captures slice; this hook reads it.
 */

import { expectedLastTurn } from '../core/columnFit.ts';
import { useDashboard, type LoadProgress } from '../store/index.ts';

export function useLoadProgress(): LoadProgress;
export function useLoadProgress<T>(select: (p: LoadProgress) => T): T;
export function useLoadProgress<T>(select?: (p: LoadProgress) => T): T | LoadProgress {
  return useDashboard((s) => (select ? select(s.loadProgress) : s.loadProgress));
}

/**
 * The last turn number the turn columns make room for (core/columnFit.ts expectedLastTurn), with
 * the digits of the estimate only: a new estimate on every progress message would redraw the lists.
 */
export function useExpectedLastTurn(maxTurn: number): number {
  const digits = useLoadProgress((p) => String(expectedLastTurn(maxTurn, p)).length);
  return Math.max(maxTurn, 10 ** (digits - 1));
}
