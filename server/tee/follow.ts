import type { CaptureSource } from './captureLog.ts';

/** Catch-up reads of what was written before the follower started are about this large. */
const CATCH_UP_BYTES = 1024 * 1024;

/**
 * Hands every byte of a live capture, from its first, to `push`, in order and exactly once: what
 * was written before this call is read back through the source's whole-line reads, then each new
 * chunk as it is published. So a follower that starts late still sees the capture.start line, and
 * a reader that checks the header, version and shape of every line can follow the relay.
 * `onGap` is told when bytes can no longer be read back (they never reached the disk); following
 * goes on after them. `stop()` resolves once every byte written before it was handed over.
 */
export function followCapture(
  source: CaptureSource,
  push: (chunk: Buffer) => void,
  onGap: (fromBytes: number, toBytes: number) => void = () => undefined,
): { stop(): Promise<void> } {
  let cursor = 0;
  let catchingUp = true;
  let stopped = false;
  const unsubscribe = source.subscribe((start, chunk) => {
    if (catchingUp || stopped) return;
    if (start > cursor) onGap(cursor, start);
    if (start + chunk.length <= cursor) return;
    push(start < cursor ? chunk.subarray(cursor - start) : chunk);
    cursor = start + chunk.length;
  });
  const caughtUp = (async () => {
    // Chunks published while a read is pending are read back too: the loop ends only when the
    // cursor reaches the length in the same turn, so none falls between the reads and the live path.
    while (!stopped && cursor < source.length) {
      const buf = await source.read(cursor, CATCH_UP_BYTES);
      if (buf === null) {
        onGap(cursor, source.length);
        cursor = source.length;
        break;
      }
      if (buf.length === 0) break;
      cursor += buf.length;
      push(buf);
    }
    catchingUp = false;
  })().catch(() => {
    onGap(cursor, source.length);
    cursor = source.length;
    catchingUp = false;
  });
  return {
    async stop() {
      await caughtUp;
      stopped = true;
      unsubscribe();
    },
  };
}
