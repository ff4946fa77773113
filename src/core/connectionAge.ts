/**
 * What a connection card says about its age. An open connection's age counts from the upstream's
 * 101 (the API's 60-minute limit runs from there) and ticks; a closed one stops at its close. A
 * refused upgrade (the upstream answered 401, 429, …) never opened: it has no age and nothing to
 * count down, only the time the refusal took from the agent's connect.
 */

import type { ConnectionInfo } from './model.ts';

export type ConnectionAge =
  /** `ms` since the 101 (or the connect while still connecting); `ticks` while it can still grow. */
  | { kind: 'age'; ms: number; ticks: boolean }
  /** Never opened; `afterMs`: from the agent's connect to the refusal, when the refusal was recorded. */
  | { kind: 'refused'; afterMs: number | undefined };

type AgeFields = Pick<ConnectionInfo, 'status' | 'openT' | 'upstreamOpenT' | 'close' | 'error'>;

/** `now`: the clock (wall time live, the playhead in a replay, the last record of a saved file). */
export function connectionAge(info: AgeFields, now: number): ConnectionAge {
  if (info.status === 'refused') {
    const end = info.error?.t ?? info.close?.t;
    return { kind: 'refused', afterMs: end === undefined ? undefined : Math.max(0, end - info.openT) };
  }
  const end = info.close?.t ?? now;
  const since = info.upstreamOpenT ?? info.openT;
  return { kind: 'age', ms: Math.max(0, end - since), ticks: info.close === undefined };
}
