/**
 * The dashboard's contract with outside tests: once a capture or the live backlog has
 * fully loaded and the views are computed, `<html>` carries `data-load-state="done"` with
 * `data-records` and `data-turns`. Tests wait on it instead of guessing at timings, so it must
 * only say "done" after the store has published every record read so far.
 */

import { useEffect } from 'react';
import { useDashboard } from '../store/index.ts';
import { useLoadProgress } from './loadProgress.ts';

/** `viewsReady`: every view's code is in (the waterfall's chunk, components/Waterfall/waterfallChunk.ts). */
export function useLoadStateAttributes(viewsReady = true): void {
  const done = useLoadProgress((p) => p.done) && viewsReady;
  const dataVersion = useDashboard((s) => s.dataVersion);
  const records = useDashboard((s) => s.data.timeline.recordCount);
  const turns = useDashboard((s) => s.data.model.turns().length);
  useEffect(() => {
    const html = document.documentElement;
    html.dataset.loadState = done ? 'done' : 'loading';
    html.dataset.records = String(records);
    html.dataset.turns = String(turns);
  }, [done, dataVersion, records, turns]);
}

/**
 * The attributes, kept by a component of their own that draws nothing: they follow every record and
 * turn that arrives, and in the App each of those would redraw every pane (the turns table would sort
 * and measure its turns again for each `turns` message of a reopen).
 */
export function LoadStateAttributes({ viewsReady }: { viewsReady: boolean }): null {
  useLoadStateAttributes(viewsReady);
  return null;
}
