/**
 * Batches capture lines from the feed into the store. Two regimes:
 *
 * - Live traffic (a few lines pending): parsed once per animation frame under a small time budget
 *   and shown in the same frame; thousands of events per second cost one store update per frame.
 * - A backlog (until the source says it is in: the feed's `synced`, a file's end; or many items
 *   pending, e.g. a `lagging` resend): parsed and added to the model in slices of tens of ms,
 *   yielding between slices so input and painting go on, but published to the UI only every
 *   PUBLISH_MIN_MS or more, also while waiting for the next chunk from the socket. Every render of the dashboard
 *   reads the whole model (summary, waterfall), so rendering once per slice made loading quadratic;
 *   the publish interval also grows with the measured render cost, which keeps rendering to a fixed
 *   share of the loading time however large the capture is.
 *
 * Lines are read by the core capture reader, so the feed gets the same header, version and shape
 * checks as a file: a bad line is skipped with a warning, a refused header stops the reading until
 * `clear()`. Sources that read their input themselves (a file, a HAR, a replay) push records.
 *
 * A line is dropped from the queue as soon as it is parsed, so the page never holds both the raw
 * lines and the records made from them.
 */

import type { CaptureRecord } from '../core/capture.ts';
import { createCaptureReader, type CaptureReader } from '../core/captureReader.ts';

/** Live: work per animation frame, ms; leaves time for React and the browser to paint at 60 fps. */
const FRAME_BUDGET_MS = 10;
/** Records parsed between clock checks. */
const CHUNK = 256;
/** Pending lines from which the queue reads in bulk (a backlog, not live traffic). */
const BULK_LINES = 4000;
/** Bulk: parse and add this long per task, then yield so the page stays responsive. */
const BULK_SLICE_MS = 40;
/** Bulk: the shortest interval between two renders of the loaded part. */
const PUBLISH_MIN_MS = 200;
/** Bulk: wait at least this many times the last render's cost before the next one. */
const PUBLISH_COST_FACTOR = 4;

/** Where parsed records go: `add` updates the model silently, `publish` shows what was added. */
export interface IngestSink {
  add(records: CaptureRecord[]): void;
  publish(): void;
  /** After each publish: characters of lines read so far (equal to bytes for ASCII captures). */
  progress?(chars: number, pending: number): void;
  /** After each slice of work: characters of lines read so far (for flow control upstream). */
  consumed?(chars: number): void;
}

/** Why a line was not shown: `skipped` lines are warnings; after `refused` no line is read until `clear()`. */
export interface IngestProblem {
  kind: 'skipped' | 'refused';
  message: string;
  /** A skipped line's 1-based number in the capture. */
  line?: number;
}

/** A last line that had no newline: read as the end of the input, so the reader words it as cut. */
interface CutLine {
  cut: string;
}

export interface IngestQueue {
  /**
   * Capture lines, without their newline, in file order from the capture's first line. `lastCut`:
   * the last one had none in the input either (it ended mid-line).
   */
  push(lines: string[], lastCut?: boolean): void;
  /** Records already read, in order after what was pushed before. */
  pushRecords(records: readonly CaptureRecord[]): void;
  /** While on, lines are a backlog and read in bulk; turning it off publishes what is left soon. */
  setBacklog(on: boolean): void;
  /** Forgets what is pending; the next line pushed is a capture's first line again. */
  clear(): void;
  readonly pending: number;
}

export function createIngestQueue(sink: IngestSink, onProblem: (problem: IngestProblem) => void): IngestQueue {
  let queue: (string | CaptureRecord | CutLine)[] = [];
  let head = 0;
  let chars = 0;
  // Where the reader's records go while a chunk of lines is read.
  let batch: CaptureRecord[] = [];
  let refused = false;
  let reader = newReader();
  let scheduled = false;
  let bulk = false;
  let backlog = false;
  let unpublished = false;
  let publishTimer: ReturnType<typeof setTimeout> | undefined;
  let lastPublish = 0;
  let publishEvery = PUBLISH_MIN_MS;
  // Bumped by clear(): a render-cost measurement of the previous connection is ignored.
  let epoch = 0;
  const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
  if (channel) channel.port1.onmessage = () => step();

  function newReader(): CaptureReader {
    return createCaptureReader({
      record: (rec) => void batch.push(rec),
      warning: (w) => onProblem({ kind: 'skipped', message: w.message, line: w.line }),
    });
  }

  function readLine(line: string, cut = false) {
    if (refused) return;
    try {
      // A line and its newline as two chunks: the reader keeps the line as given, no copy.
      reader.push(line);
      // A cut line ends the input: the reader reports it as an incomplete last line, not as bad JSON.
      if (cut) reader.end();
      else reader.push('\n');
    } catch (err) {
      refused = true;
      onProblem({ kind: 'refused', message: (err as Error).message });
    }
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    // A hidden tab gets no animation frames; a timer keeps memory bounded there.
    if (document.hidden) setTimeout(step, bulk || backlog ? 0 : 100);
    // Between bulk slices: a task, not a frame (a frame per slice would cap loading at 60 slices/s).
    else if ((bulk || backlog) && channel) channel.port2.postMessage(null);
    else requestAnimationFrame(step);
  }

  /** Parses and adds records until `deadline` (the clock is read every CHUNK items); returns how many. */
  function addUntil(deadline: number): number {
    let added = 0;
    while (head < queue.length && performance.now() < deadline) {
      batch = [];
      const end = Math.min(queue.length, head + CHUNK);
      for (; head < end; head++) {
        const item = queue[head];
        queue[head] = '';
        if (typeof item === 'string') {
          chars += item.length + 1;
          readLine(item);
        } else if ('cut' in item) {
          chars += item.cut.length;
          readLine(item.cut, true);
        } else batch.push(item);
      }
      // Added chunk by chunk, so the budget covers the model's work too, not only parsing.
      const read = batch;
      batch = [];
      if (read.length > 0) sink.add(read);
      added += read.length;
    }
    if (head === queue.length) {
      queue = [];
      head = 0;
    }
    return added;
  }

  function publish() {
    clearTimeout(publishTimer);
    publishTimer = undefined;
    unpublished = false;
    const started = performance.now();
    lastPublish = started;
    const at = epoch;
    sink.publish();
    // React renders a store change in a microtask queued by the update; this one runs after it.
    queueMicrotask(() => {
      if (at === epoch) publishEvery = Math.max(PUBLISH_MIN_MS, PUBLISH_COST_FACTOR * (performance.now() - started));
    });
    sink.progress?.(chars, queue.length - head);
  }

  function step() {
    scheduled = false;
    if (!bulk && (backlog || queue.length - head > BULK_LINES)) bulk = true;
    const start = performance.now();
    if (addUntil(start + (bulk ? BULK_SLICE_MS : FRAME_BUDGET_MS)) > 0) unpublished = true;
    const drained = head === queue.length;
    const due = start - lastPublish >= publishEvery;
    if (unpublished && (!bulk || due || (drained && !backlog))) publish();
    else if (unpublished && drained && publishTimer === undefined) {
      // Waiting for the socket's next chunk: show what is loaded when the interval is up.
      publishTimer = setTimeout(publish, lastPublish + publishEvery - start);
    }
    sink.consumed?.(chars);
    if (drained) bulk = false;
    else schedule();
  }

  return {
    push(lines, lastCut = false) {
      const n = lastCut ? lines.length - 1 : lines.length;
      for (let k = 0; k < n; k++) queue.push(lines[k]);
      if (n < lines.length) queue.push({ cut: lines[n] });
      schedule();
    },
    pushRecords(records) {
      for (const r of records) queue.push(r);
      schedule();
    },
    setBacklog(on) {
      backlog = on;
      if (!on && unpublished && head === queue.length) publish();
    },
    clear() {
      queue = [];
      head = 0;
      chars = 0;
      refused = false;
      reader = newReader();
      bulk = false;
      unpublished = false;
      clearTimeout(publishTimer);
      publishTimer = undefined;
      publishEvery = PUBLISH_MIN_MS;
      epoch++;
    },
    get pending() {
      return queue.length - head;
    },
  };
}
