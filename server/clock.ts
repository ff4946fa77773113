import { performance } from 'node:perf_hooks';
import { roundMicros } from '../src/core/capture.ts';

/**
 * Epoch milliseconds at microsecond resolution, from a monotonic clock: timeOrigin is read once,
 * so wall-clock adjustments during a run never reorder or stretch a capture's timestamps.
 */
export function now(): number {
  return roundMicros(performance.timeOrigin + performance.now());
}
