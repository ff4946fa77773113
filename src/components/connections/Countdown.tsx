/** Live countdown to the connection limit; amber and red thresholds scale with the limit (core/countdown.ts). */

import { countdownLevel, timeLeftMs } from '../../core/countdown.ts';
import type { ConnectionState } from '../../core/connectionAge.ts';
import { formatClock } from '../../core/duration.ts';

/** `at`: ticking now, stopped at the close, at the capture's last record (no close in it), or at the last one read so far. */
export function Countdown({ maxAgeMs, ageMs, at }: { maxAgeMs: number; ageMs: number; at: ConnectionState['countdownAt'] }) {
  const level = countdownLevel(maxAgeMs, ageMs);
  const left = timeLeftMs(maxAgeMs, ageMs);
  const pct = Math.min(100, (ageMs / maxAgeMs) * 100);
  return (
    <div className={`countdown level-${level}`} data-testid="countdown" data-level={level} title={`Limit ${formatClock(maxAgeMs)}`}>
      <span className="countdown-text" data-testid="countdown-text">
        {level === 'expired' ? 'limit reached' : `${formatClock(left)} left`}
        {at === 'now' ? '' : ` (at ${at})`}
      </span>
      <span className="countdown-bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
      </span>
    </div>
  );
}
