/**
 * Progress of reading the capture's backlog into the timeline. The part already loaded is
 * usable meanwhile (rows, filters, detail); the bar goes away once everything is shown.
 */

import { formatBytes } from '../core/format.ts';
import { useLoadProgress } from '../lib/loadProgress.ts';
import './LoadProgress.css';

/** Smaller backlogs load within a frame or two; a bar would only flash. */
const MIN_BYTES = 512 * 1024;

export function LoadProgress() {
  const { totalBytes, loadedBytes, done } = useLoadProgress();
  if (done || totalBytes < MIN_BYTES) return null;
  const pct = Math.min(100, (loadedBytes / totalBytes) * 100);
  return (
    <div
      className="load-progress"
      role="progressbar"
      aria-label="Loading the capture"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(pct)}
      data-testid="load-progress"
    >
      <span className="load-progress-text">
        Loading capture… {pct.toFixed(0)}% ({formatBytes(Math.min(loadedBytes, totalBytes))} of {formatBytes(totalBytes)})
      </span>
      <span className="load-progress-bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
      </span>
    </div>
  );
}
