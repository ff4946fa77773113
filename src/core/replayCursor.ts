/**
 * Replay in the dashboard: the state at a playhead is the capture's records with
 * `t <= playhead`, ingested in file order. These helpers find that prefix and move the playhead; the
 * browser side (src/lib/replaySource.ts) feeds the prefix to the store. Pure.
 */

import type { CaptureRecord } from './capture.ts';

export type ReplaySpeed = 1 | 10 | 'max';

export interface ReplayBounds {
  /** Scrubber start: 1 ms before the first record, so the start shows nothing yet. */
  startT: number;
  /** The latest record time (file order is not strictly time order across connections). */
  endT: number;
}

export function replayBounds(records: readonly { t: number }[]): ReplayBounds | undefined {
  if (records.length === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const r of records) {
    if (r.t < min) min = r.t;
    if (r.t > max) max = r.t;
  }
  return { startT: min - 1, endT: max };
}

/**
 * How many records, from the start of the file, are due at `t`: the prefix stops at the first
 * record later than the playhead (records stay in file order, which the turn model relies on).
 * `from` is a known due prefix length to scan on from (playing forwards never rescans).
 */
export function dueCount(records: readonly { t: number }[], t: number, from = 0): number {
  let i = from;
  while (i < records.length && records[i].t <= t) i++;
  return i;
}

/** The playhead after `elapsedMs` of wall time at `speed` (1× or 10×), clamped to the end. */
export function advancePlayhead(t: number, elapsedMs: number, speed: 1 | 10, endT: number): number {
  return Math.min(endT, t + Math.max(0, elapsedMs) * speed);
}

/** `t` as "12.3 s" since the start (the scrubber's label). */
export function formatPlayhead(t: number, startT: number): string {
  // In tenths, rounded once, so 59.96 s reads 1:00.0, not 0:60.0; an hour and more as h:mm:ss.s.
  const tenths = Math.round(Math.max(0, t - startT) / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const sec = ((tenths % 600) / 10).toFixed(1).padStart(4, '0');
  const min = Math.floor(tenths / 600);
  return min < 60 ? `${min}:${sec}` : `${Math.floor(min / 60)}:${String(min % 60).padStart(2, '0')}:${sec}`;
}

export type { CaptureRecord };
