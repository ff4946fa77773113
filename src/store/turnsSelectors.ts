/**
 * Turn-model views for the waterfall and summary panels. The capture model mutates in place; these
 * hooks recompute when its version has changed at a data publish (once per ingested batch, never per
 * record; not at all while only an indexed capture's rows arrive) and on the clock while turns are open.
 */

import { useMemo } from 'react';
import { expectedLastTurn } from '../core/columnFit.ts';
import type { CaptureEnd, CaptureSummary } from '../core/summary.ts';
import { buildSummary } from '../core/summary.ts';
import type { Turn } from '../core/model.ts';
import { buildWaterfall, waterfallExtent, type Waterfall, type WaterfallOptions } from '../core/waterfall.ts';
import { isRemoteModel } from '../core/remoteModel.ts';
import { useLoadProgress } from '../lib/loadProgress.ts';
import { useNow } from '../lib/useNow.ts';
import { useDashboard, type DashboardState } from './index.ts';

/**
 * The model's own change counter, read again on every data publish (the model changes in place).
 * Views keyed on it are not computed again when only rows arrive: an indexed capture's model is
 * whole once it has arrived, while its rows can go on arriving for seconds, and every turn view
 * reads every turn.
 */
export function useModelVersion(): number {
  useDashboard((s) => s.dataVersion);
  return useDashboard((s) => s.data.model).version;
}

/** Live: the clock, so open turns and the agent's current time grow. A reopened or ended capture: its last record. */
export function useModelNow(intervalMs = 500): number | undefined {
  const ticking = !useDashboard(selectStaticCapture);
  useDashboard((s) => s.dataVersion);
  const info = useDashboard((s) => s.data.model).info();
  const clock = useNow(intervalMs, ticking);
  if (!ticking) return info.lastT;
  // The relay stamps records with the same machine's clock; never draw before the last record.
  return Math.max(clock, info.lastT ?? clock);
}

export function useWaterfall(opts: WaterfallOptions): Waterfall {
  const version = useModelVersion();
  const model = useDashboard((s) => s.data.model);
  const faults = useDashboard((s) => s.data.faults);
  const { now, window, resolutionMs } = opts;
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the window's numbers; callers pass a new object each render.
  return useMemo(
    () => buildWaterfall(model.turns(), model.connections(), { now, window, resolutionMs, faults }),
    // `version` stands for the model's in-place changes.
    [model, faults, version, now, window?.start, window?.end, resolutionMs],
  );
}

/** The time range of all bars, so the panel can derive its window before asking for bars. */
export function useWaterfallExtent(now: number | undefined): { start: number; end: number } | undefined {
  const version = useModelVersion();
  const model = useDashboard((s) => s.data.model);
  const extent = useMemo(() => waterfallExtent(model.turns(), model.connections(), now), [model, version, now]);
  // A stable object while the numbers do not change, so memoized children do not redraw.
  return useStable(extent);
}

function useStable(ext: { start: number; end: number } | undefined) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the point is to keep the first object while its numbers are equal.
  return useMemo(() => ext, [ext?.start, ext?.end]);
}

export function useCaptureSummary(now: number | undefined): CaptureSummary {
  const version = useModelVersion();
  const model = useDashboard((s) => s.data.model);
  return useMemo(() => buildSummary(model.turns(), model.connections(), now), [model, version, now]);
}

/** Turn.index of the timeline's selected row, to highlight its bar. */
export function selectSelectedTurnIndex(s: DashboardState): number | null {
  const sel = s.selection;
  if (!sel) return null;
  return s.data.timeline.rows[sel.row]?.turn ?? null;
}

/** Selects a turn in the timeline: its response.create row, scrolled into view, detail open. */
export function selectTurn(turn: Turn): void {
  useDashboard.getState().revealFrame(turn.conn, turn.sendSeq);
}

/**
 * A capture that no longer grows: `open FILE`, a file opened in the dashboard, or one whose
 * capture.end is recorded. Its clocks stop at the last record, and a connection or turn without an
 * end is one the capture has no end for, not one still running.
 */
export function selectStaticCapture(s: DashboardState): boolean {
  return s.hello?.mode === 'file' || s.data.model.info().ended === true;
}

/** Live, a static capture still being read (its ends may be further on), or one read whole. */
export function useCaptureEnd(): CaptureEnd {
  const staticCapture = useDashboard(selectStaticCapture);
  const read = useLoadProgress((p) => p.done);
  const modelComplete = useDashboard(selectModelComplete);
  const loaded = read || modelComplete;
  return !staticCapture ? 'live' : loaded ? 'ended' : 'loading';
}

/**
 * An indexed capture whose model has arrived: it arrives whole (at the end of the load, or after the
 * first rows from an index already built) and does not change while the other rows arrive.
 */
export function selectModelComplete(s: DashboardState): boolean {
  return s.data.index !== undefined && isRemoteModel(s.data.model) && s.data.model.ready;
}

/**
 * The turns on screen are still to come, so an empty model means "not yet", never "none": panels say
 * they are loading instead of "0 turns" or "no connections". Either an indexed capture whose model
 * has not arrived (the CLI sends rows as it reads and the model at the end, src/lib/indexSource.ts),
 * or a capture being opened while nothing is shown yet (`open FILE` before its first rows).
 */
export function selectTurnsPending(s: DashboardState): boolean {
  if (s.data.index !== undefined) return !s.loadProgress.done && !selectModelComplete(s);
  return s.loadingFile !== null && s.data.timeline.recordCount === 0;
}

/**
 * The last turn number the turn columns make room for. An indexed capture whose model has arrived
 * knows it (its turns count), and so does one whose index was built before (its `start` says). Otherwise, while it loads, core/columnFit.ts expectedLastTurn from the
 * rows so far (turns numbered in the rows and bytes read go together; the turns listed ahead of
 * them do not), rounded to its digits: a new estimate on every progress message would redraw the lists.
 */
export function useExpectedLastTurn(): number {
  const maxTurn = useDashboard((s) => s.data.timeline.maxTurn);
  const known = useDashboard((s) => (selectModelComplete(s) ? s.data.model.turns().length : (s.data.index?.turnsTotal ?? 0)));
  const digits = useLoadProgress((p) => String(expectedLastTurn(maxTurn, p)).length);
  return Math.max(maxTurn, known, known > 0 ? 0 : 10 ** (digits - 1));
}
