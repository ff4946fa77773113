/**
 * Gives the page's thread back between pieces of long work, so it can render and answer input: a
 * stream whose bytes are all buffered (a saved index answers at once) resolves each read as a
 * microtask, and a loop over it would otherwise hold the thread until the stream ends, painting
 * nothing (a million-record index would show its first rows only once all of them were read).
 *
 * The loop goes on in a task of a MessageChannel: behind the tasks already waiting (the UI's own
 * code being evaluated, a render), unlike `scheduler.yield()`, whose continuation goes ahead of
 * them; and not clamped to 4 ms, unlike `setTimeout(0)`.
 */

import { slicer } from '../core/slicer.ts';

export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** A yielder for a loop: `await due()` gives the thread back once `everyMs` have passed since the last time. */
export function yieldEvery(everyMs: number): () => Promise<void> | undefined {
  return slicer(everyMs, yieldToPage, () => performance.now());
}
