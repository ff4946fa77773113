/** The turns insights pane: the Summary and Waterfall panels side by side. */

import { useLoadProgress } from '../lib/loadProgress.ts';
import { useDashboard } from '../store/index.ts';
import { selectModelComplete, selectTurnsPending } from '../store/turnsSelectors.ts';
import { Summary } from './Summary/Summary.tsx';
import { useWaterfallChunk } from './Waterfall/waterfallChunk.ts';

/** The same threshold as the loading bar (components/LoadProgress.tsx): below it, loading takes a frame or two. */
const DEFER_WATERFALL_BYTES = 512 * 1024;

/** `height`: the pane's height in px (resizable, remembered). */
export function Insights({ height }: { height?: number }) {
  // While a large backlog loads, the waterfall and summary are not drawn: each redraw reads every
  // turn (thousands of bars, percentiles) and cost more than reading the records it shows; they are
  // drawn once, complete, when loading ends.
  const large = useLoadProgress((p) => !p.done && p.totalBytes >= DEFER_WATERFALL_BYTES);
  // An index already built sends its whole model ahead of most rows, and the model does not change
  // while they arrive: the panels are drawn once, then, not at the load's end.
  const modelComplete = useDashboard(selectModelComplete);
  // An indexed capture's turns arrive at the end of its load, whatever its size: until then there is
  // nothing to draw, and an empty chart would read as "no turns".
  const pending = useDashboard(selectTurnsPending);
  // Turns already listed (a first open lists those that ended): the panels wait for the capture's end,
  // not for turns.
  const listed = useDashboard((s) => s.data.model.turns().length > 0);
  const waitingForTurns = pending && !listed;
  const loading = (large && !modelComplete) || pending;
  const chart = useWaterfallChunk();
  return (
    <section className="insights" data-testid="insights-slot" aria-label="Turns" style={height ? { height } : undefined}>
      <div className="insights-summary">
        {loading ? (
          <div className="muted" data-testid="summary-deferred" style={{ padding: 12 }}>
            {waitingForTurns ? 'Loading turns… the summary is computed when the capture has loaded.' : 'Summary: computed when the capture has loaded.'}
          </div>
        ) : (
          <Summary />
        )}
      </div>
      <div className="insights-waterfall">
        {loading ? (
          <div className="muted" data-testid="waterfall-deferred" style={{ padding: 12 }}>
            {waitingForTurns ? 'Loading turns… the waterfall is drawn when the capture has loaded.' : 'Waterfall: drawn when the capture has loaded.'}
          </div>
        ) : chart?.Waterfall ? (
          <chart.Waterfall />
        ) : (
          <div className="muted" data-testid="waterfall-loading" style={{ padding: 12 }}>
            {chart ? `The waterfall could not load (${chart.error}). Reload the page.` : 'Loading the waterfall…'}
          </div>
        )}
      </div>
    </section>
  );
}
