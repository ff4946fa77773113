/**
 * The place for the Summary and Waterfall panels (built in components/Summary/ and
 * components/Waterfall/). Each folder's index.tsx is mounted here when it exists: it default-exports
 * a component without props that reads the store (`useDashboard`: `data.model`, `dataVersion`,
 * `revealFrame(conn, seq)` to select a turn's row). Until then the slot stays empty.
 */

import type { ComponentType } from 'react';
import { useLoadProgress } from '../lib/loadProgress.ts';

const panels = import.meta.glob<{ default: ComponentType }>(['./Summary/index.tsx', './Waterfall/index.tsx'], { eager: true });

/** The same threshold as the loading bar (components/LoadProgress.tsx): below it, loading takes a frame or two. */
const DEFER_WATERFALL_BYTES = 512 * 1024;

/** `height`: the pane's height in px (resizable, remembered). */
export function InsightsSlot({ height }: { height?: number }) {
  const Summary = panels['./Summary/index.tsx']?.default;
  const Waterfall = panels['./Waterfall/index.tsx']?.default;
  // While a large backlog loads, the waterfall and summary are not drawn: each redraw reads every
  // turn (thousands of bars, percentiles) and cost more than reading the records it shows; they are
  // drawn once, complete, when loading ends.
  const loading = useLoadProgress((p) => !p.done && p.totalBytes >= DEFER_WATERFALL_BYTES);
  if (!Summary && !Waterfall) return null;
  return (
    <section className="insights" data-testid="insights-slot" aria-label="Turns" style={height ? { height } : undefined}>
      {Summary ? (
        <div className="insights-summary">
          {loading ? (
            <div className="muted" data-testid="summary-deferred" style={{ padding: 12 }}>
              Summary: computed when the capture has loaded.
            </div>
          ) : (
            <Summary />
          )}
        </div>
      ) : null}
      {Waterfall ? (
        <div className="insights-waterfall">
          {loading ? (
            <div className="muted" data-testid="waterfall-deferred" style={{ padding: 12 }}>
              Waterfall: drawn when the capture has loaded.
            </div>
          ) : (
            <Waterfall />
          )}
        </div>
      ) : null}
    </section>
  );
}
