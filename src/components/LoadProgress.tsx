/**
 * Progress of reading the capture's backlog into the timeline: a thin bar along the header's lower
 * edge and the percentage in the header's actions. The part already loaded is usable meanwhile
 * (rows, filters, detail); both go away once everything is shown. Neither takes a line of its own:
 * a strip that comes with the first rows and goes when the load is done would move every pane down
 * and back up under the user's pointer.
 */

import { formatBytes } from '../core/format.ts';
import { useLoadProgress } from '../lib/loadProgress.ts';
import { useDashboard } from '../store/index.ts';
import './LoadProgress.css';

/** Smaller backlogs load within a frame or two; a bar would only flash. */
const MIN_BYTES = 512 * 1024;

function useShownProgress(): { pct: number; text: string } | null {
  const { totalBytes, loadedBytes, done } = useLoadProgress();
  if (done || totalBytes < MIN_BYTES) return null;
  const pct = Math.min(100, (loadedBytes / totalBytes) * 100);
  return { pct, text: `Loading capture… ${pct.toFixed(0)}% (${formatBytes(Math.min(loadedBytes, totalBytes))} of ${formatBytes(totalBytes)})` };
}

/** The bar, inside the header (positioned on its lower edge). */
export function LoadProgress() {
  const shown = useShownProgress();
  if (!shown) return null;
  return (
    <div
      className="load-progress"
      role="progressbar"
      aria-label="Loading the capture"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(shown.pct)}
      aria-valuetext={shown.text}
      title={shown.text}
      data-testid="load-progress"
    >
      <span style={{ width: `${shown.pct}%` }} />
    </div>
  );
}

/** The percentage, among the header's actions: after "opening NAME…" when a file is opened. */
export function LoadProgressText() {
  const shown = useShownProgress();
  const opening = useDashboard((s) => s.loadingFile !== null);
  if (!shown) return null;
  return (
    <span className="muted load-progress-text" data-testid="load-progress-text" title={shown.text}>
      {opening ? '' : 'loading '}
      {shown.pct.toFixed(0)}%
    </span>
  );
}
