/**
 * A capture opened in the dashboard in place of the live view: one listed by the relay
 * (GET /api/capture?file=NAME, with the file size as X-Unmasked-Length for the progress bar) or a file dropped on the
 * page (File.stream()). Both are read in chunks through createInputReader (a capture streams record
 * by record, a HAR is converted when it ends), and what has been read is shown while the rest loads.
 *
 * Nothing changes on screen until the file's first record is accepted: a file that is refused (not
 * a capture, an unknown version, a broken HAR) leaves the current view as it was and says why.
 */

import type { CaptureRecord } from '../core/capture.ts';
import { createInputReader } from '../core/inputReader.ts';
import { describeLoadWarnings, type LoadWarning } from '../core/loadWarnings.ts';
import type { LoadResult } from '../store/types.ts';
import type { Source, SourceFeed } from './source.ts';
import { viewHello } from './viewHello.ts';

const KEPT_WARNINGS = 20;

/** Where a file comes from: its bytes, their count (for the progress bar), and its name. */
export interface FileInput {
  name: string;
  origin: 'list' | 'drop';
  open(signal: AbortSignal): Promise<{ body: ReadableStream<Uint8Array>; totalBytes: number }>;
}

export function listedCapture(name: string): FileInput {
  return {
    name,
    origin: 'list',
    async open(signal) {
      const res = await fetch(`/api/capture?file=${encodeURIComponent(name)}`, { signal, credentials: 'same-origin' });
      if (!res.ok || !res.body) throw new Error(`the relay answered ${res.status}`);
      // The API masks keys on the way out, so the length is the capture's, before masking.
      const totalBytes = Number(res.headers.get('x-unmasked-length') ?? res.headers.get('content-length')) || 0;
      return { body: res.body, totalBytes };
    },
  };
}

export function localFile(file: File): FileInput {
  return { name: file.name, origin: 'drop', open: async () => ({ body: file.stream(), totalBytes: file.size }) };
}

export interface FileSource extends Source {
  /** Settles when the file is read whole, refused, or replaced by another source. */
  readonly loaded: Promise<LoadResult>;
}

export function startFileSource(feed: SourceFeed, input: FileInput): FileSource {
  const store = feed.store.getState;
  const { name, origin } = input;
  let records = 0;
  let warningCount = 0;
  const warnings: LoadWarning[] = [];
  let totalBytes = 0;
  let ended = false;
  let finished = false;
  let settle: (r: LoadResult) => void = () => undefined;
  const loaded = new Promise<LoadResult>((resolve) => (settle = resolve));
  const result = (ok: boolean): LoadResult => ({ ok, records, warnings: warningCount });

  // The first accepted record replaces the view: the previous source stops, the store is cleared.
  function takeOver(): boolean {
    if (!feed.takeOver()) return false;
    const s = store();
    s.resetData();
    // Banners about the capture shown until now (its bad lines, a file refused before) are not
    // about this one; the relay's own (its capture is not being written) stay.
    s.clearSourceAlerts();
    s.setSource({ kind: 'file', name, origin });
    s.setHello(viewHello(s.relayHello, store().source, 'file'));
    s.setLoadProgress({ totalBytes, loadedBytes: 0, done: false });
    feed.setBacklog(true);
    return true;
  }

  function finish() {
    if (finished) return;
    finished = true;
    const s = store();
    s.setLoadProgress({ done: true });
    s.setLoadingFile(null);
    const message = describeLoadWarnings(name, warnings, warningCount);
    if (message) s.addAlert('warning', message);
    settle(result(true));
  }

  function fail(err: unknown) {
    if (feed.signal.aborted) return settle(result(false));
    const s = store();
    s.setLoadingFile(null);
    s.setLoadProgress({ done: true });
    s.addAlert('error', `Could not open ${name}: ${(err as Error)?.message ?? String(err)}`);
    settle(result(false));
  }

  async function read() {
    store().setLoadingFile(name);
    const opened = await input.open(feed.signal);
    totalBytes = opened.totalBytes;
    let batch: CaptureRecord[] = [];
    const reader = createInputReader({
      record(rec) {
        if (!feed.current && !takeOver()) return;
        batch.push(rec);
        records++;
      },
      warning(w) {
        warningCount++;
        if (warnings.length < KEPT_WARNINGS) warnings.push({ line: w.line, message: w.message });
      },
    });
    const decoder = new TextDecoder();
    const bytes = opened.body.getReader();
    let loaded = 0;
    const hand = () => {
      feed.pushRecords(batch);
      batch = [];
      if (feed.current) store().setLoadProgress({ loadedBytes: loaded });
    };
    try {
      for (;;) {
        const { done, value } = await bytes.read();
        if (feed.signal.aborted) return settle(result(false));
        if (done) break;
        loaded += value.byteLength;
        reader.push(decoder.decode(value, { stream: true }));
        hand();
        // Give the page a turn between chunks: input and painting go on while a large file loads.
        await new Promise((r) => setTimeout(r, 0));
      }
      reader.push(decoder.decode());
      reader.end();
    } finally {
      bytes.releaseLock();
    }
    if (feed.signal.aborted) return settle(result(false));
    if (!feed.current) throw new Error('the file holds no records');
    hand();
    ended = true;
    // What is still queued is shown now; loading is done once the queue has shown all of it.
    feed.setBacklog(false);
    if (feed.pending === 0) finish();
  }

  read().catch(fail);
  return {
    loaded,
    stop() {
      // The source taking over says what it loads (it clears `loadingFile` or sets its own).
      settle(result(false));
    },
    published(_chars, pending) {
      if (ended && pending === 0) finish();
    },
  };
}
