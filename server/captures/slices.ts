import { setImmediate as nextTurn } from 'node:timers/promises';
import { slicer } from '../../src/core/slicer.ts';

/**
 * Time slices for work that shares the relay's thread (a dashboard export of a large capture):
 * the returned function gives a promise to await once `sliceMs` of work has run since the last
 * pause, and nothing otherwise. Awaiting it lets the event loop forward the agents' frames before
 * the work goes on; a resolved promise alone would not (microtasks run before any I/O).
 */
export function timeSlicer(sliceMs: number): () => Promise<unknown> | undefined {
  return slicer(sliceMs, nextTurn, () => performance.now());
}
