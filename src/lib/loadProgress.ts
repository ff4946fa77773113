/**
 * How far the capture on screen has been read (the feed's backlog up to connect time, or an opened
 * file), for the progress bar. Held in the store's captures slice; this hook reads it.
 */

import { useDashboard, type LoadProgress } from '../store/index.ts';

export function useLoadProgress(): LoadProgress;
export function useLoadProgress<T>(select: (p: LoadProgress) => T): T;
export function useLoadProgress<T>(select?: (p: LoadProgress) => T): T | LoadProgress {
  return useDashboard((s) => (select ? select(s.loadProgress) : s.loadProgress));
}
