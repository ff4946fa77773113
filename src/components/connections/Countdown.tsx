/** Live countdown to the connection limit; amber and red thresholds scale with the limit (core/countdown.ts). */

import { countdownLevel, timeLeftMs } from '../../core/countdown.ts';
import { formatClock } from '../../core/duration.ts';

export function Countdown({ maxAgeMs, ageMs, live }: { maxAgeMs: number; ageMs: number; live: boolean }) {
  const level = countdownLevel(maxAgeMs, ageMs);
  const left = timeLeftMs(maxAgeMs, ageMs);
  const pct = Math.min(100, (ageMs / maxAgeMs) * 100);
  return (
    <div className={`countdown level-${level}`} data-testid="countdown" data-level={level} title={`Limit ${formatClock(maxAgeMs)}`}>
      <span className="countdown-text" data-testid="countdown-text">
        {level === 'expired' ? 'limit reached' : `${formatClock(left)} left`}
        {live ? '' : ' (at close)'}
      </span>
      <span className="countdown-bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
      </span>
    </div>
  );
}
