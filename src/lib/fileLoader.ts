/**
 * Opens a capture in the dashboard in place of the live view: one listed by the relay
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
import { useDashboard } from '../store/index.ts';
import { leaveLive, setViewHello } from './liveFeed.ts';
import { setLoadProgress } from './loadProgress.ts';
import { stopReplayEngine } from './replayEngine.ts';

/**
 * Show what has been read at most this often while loading, and at least this many times the last
 * render's cost apart: each render reads the whole model, so a fixed interval would make a large
 * load quadratic (the same rule as the feed's ingest queue).
 */
const PUBLISH_MIN_MS = 250;
const PUBLISH_COST_FACTOR = 4;
const KEPT_WARNINGS = 20;

let current: AbortController | null = null;

export interface LoadResult {
  ok: boolean;
  records: number;
  warnings: number;
}

/** Opens a capture listed by GET /api/captures. */
export async function openListedCapture(name: string): Promise<LoadResult> {
  const abort = begin();
  try {
    const res = await fetch(`/api/capture?file=${encodeURIComponent(name)}`, { signal: abort.signal, credentials: 'same-origin' });
    if (!res.ok || !res.body) throw new Error(`the relay answered ${res.status}`);
    // The API masks keys on the way out, so the length is the capture's, before masking.
    const total = Number(res.headers.get('x-unmasked-length') ?? res.headers.get('content-length')) || 0;
    return await load(res.body, total, name, 'list', abort);
  } catch (err) {
    return fail(name, err, abort);
  }
}

/** Opens a file the user dropped or picked. */
export async function openLocalFile(file: File): Promise<LoadResult> {
  const abort = begin();
  try {
    return await load(file.stream(), file.size, file.name, 'drop', abort);
  } catch (err) {
    return fail(file.name, err, abort);
  }
}

function begin(): AbortController {
  current?.abort();
  const abort = new AbortController();
  current = abort;
  return abort;
}

function fail(name: string, err: unknown, abort: AbortController): LoadResult {
  if (abort.signal.aborted) return { ok: false, records: 0, warnings: 0 };
  const s = useDashboard.getState();
  s.setLoadingFile(null);
  setLoadProgress({ done: true });
  const message = (err as Error)?.message ?? String(err);
  s.addAlert('error', `Could not open ${name}: ${message}`);
  return { ok: false, records: 0, warnings: 0 };
}

async function load(body: ReadableStream<Uint8Array>, totalBytes: number, name: string, origin: 'list' | 'drop', abort: AbortController): Promise<LoadResult> {
  const store = useDashboard.getState;
  store().setLoadingFile(name);
  let shown = false;
  let pending: CaptureRecord[] = [];
  let records = 0;
  let warningCount = 0;
  const warnings: LoadWarning[] = [];
  let lastPublish = 0;
  let publishEvery = PUBLISH_MIN_MS;

  // The first accepted record replaces the view: stop the feed (or a replay), clear the store.
  function takeOver() {
    shown = true;
    stopReplayEngine();
    leaveLive();
    const s = store();
    s.resetData();
    // Banners about the capture shown until now (its bad lines, a file refused before) are not
    // about this one; the relay's own (its capture is not being written) stay.
    s.clearSourceAlerts();
    s.setSource({ kind: 'file', name, origin });
    setViewHello('file');
    setLoadProgress({ totalBytes, loadedBytes: 0, done: false });
  }

  function flush(force: boolean) {
    if (!shown || pending.length === 0) return;
    const now = performance.now();
    if (!force && now - lastPublish < publishEvery) return;
    lastPublish = now;
    store().ingest(pending);
    pending = [];
    // React renders the store change in a microtask queued by the update; this one runs after it.
    queueMicrotask(() => (publishEvery = Math.max(PUBLISH_MIN_MS, PUBLISH_COST_FACTOR * (performance.now() - now))));
  }

  const reader = createInputReader({
    record(rec) {
      if (!shown) takeOver();
      pending.push(rec);
      records++;
    },
    warning(w) {
      warningCount++;
      if (warnings.length < KEPT_WARNINGS) warnings.push({ line: w.line, message: w.message });
    },
  });

  const decoder = new TextDecoder();
  const bytes = body.getReader();
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await bytes.read();
      if (abort.signal.aborted) return { ok: false, records, warnings: warningCount };
      if (done) break;
      loaded += value.byteLength;
      reader.push(decoder.decode(value, { stream: true }));
      flush(false);
      if (shown) setLoadProgress({ loadedBytes: loaded });
      // Give the page a turn between chunks: input and painting go on while a large file loads.
      await new Promise((r) => setTimeout(r, 0));
    }
    reader.push(decoder.decode());
    reader.end();
  } finally {
    bytes.releaseLock();
  }
  if (abort.signal.aborted) return { ok: false, records, warnings: warningCount };
  if (!shown) throw new Error('the file holds no records');
  flush(true);
  setLoadProgress({ loadedBytes: loaded, done: true });
  store().setLoadingFile(null);
  const message = describeLoadWarnings(name, warnings, warningCount);
  if (message) store().addAlert('warning', message);
  if (current === abort) current = null;
  return { ok: true, records, warnings: warningCount };
}
