/**
 * The place for the Summary and Waterfall panels (issue 5, built in components/Summary/ and
 * components/Waterfall/). Each folder's index.tsx is mounted here when it exists: it default-exports
 * a component without props that reads the store (`useDashboard`: `data.model`, `dataVersion`,
 * `revealFrame(conn, seq)` to select a turn's row). Until then the slot stays empty.
 */

import type { ComponentType } from 'react';

const panels = import.meta.glob<{ default: ComponentType }>(['./Summary/index.tsx', './Waterfall/index.tsx'], { eager: true });

export function InsightsSlot() {
  const Summary = panels['./Summary/index.tsx']?.default;
  const Waterfall = panels['./Waterfall/index.tsx']?.default;
  if (!Summary && !Waterfall) return null;
  return (
    <section className="insights" data-testid="insights-slot" aria-label="Turns">
      {Summary ? (
        <div className="insights-summary">
          <Summary />
        </div>
      ) : null}
      {Waterfall ? (
        <div className="insights-waterfall">
          <Waterfall />
        </div>
      ) : null}
    </section>
  );
}
