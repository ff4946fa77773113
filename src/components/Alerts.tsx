/** Capture errors and gaps, shown loudly: the user must know when the capture is incomplete. */

import { useDashboard } from '../store/index.ts';
import { formatCount } from '../core/spanFormat.ts';

export function Alerts() {
  const alerts = useDashboard((s) => s.alerts);
  const dismiss = useDashboard((s) => s.dismissAlert);
  const dropped = useDashboard((s) => s.data.model.info().dropped);
  useDashboard((s) => s.dataVersion);
  if (alerts.length === 0 && dropped === 0) return null;
  return (
    <div className="alerts">
      {dropped > 0 ? (
        <div className="alert error" role="alert" data-testid="alert">
          {formatCount(dropped)} records could not be written to the capture (capture.gap); the timeline is incomplete there.
        </div>
      ) : null}
      {alerts.map((a) => (
        <div key={a.id} className={`alert ${a.level}`} role="alert" data-testid="alert">
          {a.message}
          <button type="button" className="close" aria-label="Dismiss" onClick={() => dismiss(a.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
