/**
 * Batches capture lines from the feed into the store once per animation frame. Lines are parsed
 * inside the frame, under a time budget, so a large backlog loads in slices and the page keeps
 * painting (and shows progress) instead of freezing; live traffic at thousands of events per
 * second costs one store update per frame.
 */

import { parseCaptureLine, type CaptureRecord } from '../core/capture.ts';

/** Work per animation frame, ms; leaves time for React and the browser to paint at 60 fps. */
const FRAME_BUDGET_MS = 10;
/** Records parsed between clock checks. */
const CHUNK = 256;

export interface IngestQueue {
  push(lines: string[]): void;
  clear(): void;
  readonly pending: number;
}

export function createIngestQueue(ingest: (records: CaptureRecord[]) => void, onError: (message: string) => void): IngestQueue {
  let queue: string[] = [];
  let head = 0;
  let lineNo = 0;
  let scheduled = false;

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    // A hidden tab gets no animation frames; a timer keeps memory bounded there.
    if (document.hidden) setTimeout(flush, 100);
    else requestAnimationFrame(flush);
  }

  function flush() {
    scheduled = false;
    const start = performance.now();
    const batch: CaptureRecord[] = [];
    while (head < queue.length && performance.now() - start < FRAME_BUDGET_MS) {
      const end = Math.min(queue.length, head + CHUNK);
      for (; head < end; head++) {
        lineNo++;
        try {
          const rec = parseCaptureLine(queue[head], lineNo);
          if (rec) batch.push(rec);
        } catch (err) {
          onError((err as Error).message);
        }
      }
    }
    if (head === queue.length) {
      queue = [];
      head = 0;
    }
    ingest(batch);
    if (head < queue.length) schedule();
  }

  return {
    push(lines) {
      for (const l of lines) queue.push(l);
      schedule();
    },
    clear() {
      queue = [];
      head = 0;
      lineNo = 0;
    },
    get pending() {
      return queue.length - head;
    },
  };
}
