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

/**
 * `now`: the clock (wall time live, the playhead in a replay, the last record of a saved file).
 * `staticCapture`: the capture no longer grows (open FILE, a loaded file, capture.end recorded):
 * nothing ticks, whatever was not closed stays at `now`.
 */
export function connectionAge(info: AgeFields, now: number, staticCapture = false): ConnectionAge {
  if (info.status === 'refused') {
    const end = info.error?.t ?? info.close?.t;
    return { kind: 'refused', afterMs: end === undefined ? undefined : Math.max(0, end - info.openT) };
  }
  const end = info.close?.t ?? now;
  const since = info.upstreamOpenT ?? info.openT;
  return { kind: 'age', ms: Math.max(0, end - since), ticks: info.close === undefined && !staticCapture };
}

/**
 * What a card says the connection's state is. In a static capture a connection still open (or
 * connecting) at the last record is not open: the capture stops there (a killed relay, a cut file)
 * and holds no close for it, so it is `unclosed`, and its countdown is the one at the capture's end.
 */
export interface ConnectionState {
  state: ConnectionInfo['status'] | 'unclosed';
  label: string;
  /**
   * When the countdown is read: now (ticking), at the close, at the capture's last record, or at
   * the last record read so far (a file still loading: its close may be further on).
   */
  countdownAt: 'now' | 'close' | 'capture end' | 'last record read';
}

/** `loading`: the static capture is still being read, so a missing close may just not be read yet. */
export function connectionState(info: Pick<ConnectionInfo, 'status' | 'close'>, staticCapture: boolean, loading = false): ConnectionState {
  if (info.close) return { state: info.status, label: info.status, countdownAt: 'close' };
  if (staticCapture && loading && (info.status === 'open' || info.status === 'connecting')) {
    return { state: info.status, label: `${info.status} (loading)`, countdownAt: 'last record read' };
  }
  if (staticCapture && (info.status === 'open' || info.status === 'connecting')) {
    return { state: 'unclosed', label: 'no close recorded', countdownAt: 'capture end' };
  }
  return { state: info.status, label: info.status, countdownAt: info.status === 'open' ? 'now' : 'close' };
}
