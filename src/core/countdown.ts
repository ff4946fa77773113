/**
 * The connection-age countdown. The API closes a WebSocket 60 minutes after
 * its upgrade; the relay's --max-age sets the limit the dashboard counts down to, and the
 * age counts from the upstream's 101 response.
 *
 * Warning levels: amber at 10 minutes left and red at 2 minutes for the real 60-minute limit. A
 * short limit (the demo uses a few minutes) would be amber from its first second with fixed
 * thresholds, so both scale down with the limit: amber at min(10 min, max/6), red at
 * min(2 min, max/30). For 60 min that is exactly 10 and 2 minutes.
 */

export type CountdownLevel = 'ok' | 'amber' | 'red' | 'expired';

export interface CountdownThresholds {
  amberMs: number;
  redMs: number;
}

export function countdownThresholds(maxAgeMs: number): CountdownThresholds {
  return { amberMs: Math.min(10 * 60_000, maxAgeMs / 6), redMs: Math.min(2 * 60_000, maxAgeMs / 30) };
}

/** Time left before the limit, never below 0. */
export function timeLeftMs(maxAgeMs: number, ageMs: number): number {
  return Math.max(0, maxAgeMs - ageMs);
}

export function countdownLevel(maxAgeMs: number, ageMs: number): CountdownLevel {
  const left = maxAgeMs - ageMs;
  if (left <= 0) return 'expired';
  const { amberMs, redMs } = countdownThresholds(maxAgeMs);
  if (left <= redMs) return 'red';
  if (left <= amberMs) return 'amber';
  return 'ok';
}
