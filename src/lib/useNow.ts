import { useEffect, useState } from 'react';
import { useDashboard } from '../store/index.ts';

/**
 * The current epoch time, refreshed every `intervalMs` while `active`; a live countdown's clock.
 * During a replay it is the playhead instead, so every clock shows the state at the playhead.
 */
export function useNow(intervalMs: number, active = true): number {
  const replayT = useDashboard((s) => (s.clock.mode === 'replay' ? s.clock.t : undefined));
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs, active]);
  return replayT ?? now;
}
