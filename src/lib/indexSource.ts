/**
 * A capture the CLI indexed, as a source: the page reads `GET /api/index` (src/core/indexWire.ts),
 * which sends the timeline's rows as the CLI reads the capture and the turn model when it is done,
 * never the records. The few records the page shows (the detail pane, an expanded folded row, a
 * turn's request) are fetched in batches from `/api/index/records` when something asks the
 * timeline for one it does not hold; so are the summaries of the rows the list draws, from
 * `/api/index/summaries` (the rows come without them); its search is asked of `/api/index/search`.
 *
 * As for a file (fileSource.ts): nothing changes on screen until the first rows arrive, so an index
 * the CLI refuses leaves the view as it was and says why; bytes indexed drive the progress bar and
 * `data-load-state`; skipped lines are reported as a file's are.
 */

import { parseCaptureLine } from '../core/capture.ts';
import type { Turn } from '../core/model.ts';
import {
  INDEX_PATH,
  INDEX_RECORDS_MAX,
  INDEX_RECORDS_PATH,
  INDEX_SEARCH_PATH,
  INDEX_SUMMARIES_MAX,
  INDEX_SUMMARIES_PATH,
  INDEX_TURN_PATH,
  type IndexMessage,
  type IndexSearchResult,
  type ModelSnapshot,
  type WireRows,
} from '../core/indexWire.ts';
import { createLineCutter } from '../core/lineSplitter.ts';
import { describeLoadWarnings } from '../core/loadWarnings.ts';
import { createRemoteModel } from '../core/remoteModel.ts';
import { createRemoteTimeline, SUMMARY_BLOCK } from '../core/remoteTimeline.ts';
import type { DataSet, IndexAccess, LoadResult, SourceView } from '../store/types.ts';
import type { FileSource } from './fileSource.ts';
import type { SourceFeed } from './source.ts';
import { viewHello } from './viewHello.ts';
import { yieldEvery } from './yieldToPage.ts';

/** Records fetched around one asked for: neighbours (the next lines of a list) are likely next. */
const FETCH_GAP = 64;
/**
 * Rows are shown while the index streams, at most every PUBLISH_EVERY_MS, and less often as rows
 * grow: showing them costs in proportion to the rows (the list's measurements, a render), so the
 * pause grows with them and showing stays a small share of the load (1 ms per ROWS_PER_PUBLISH_MS rows).
 */
const PUBLISH_EVERY_MS = 100;
const ROWS_PER_PUBLISH_MS = 200;
/** The read gives the thread back this often, so rows published are drawn while the rest arrive. */
const YIELD_EVERY_MS = 50;

export interface IndexInput {
  /** A capture of the Captures menu (`file=NAME`), or null for the capture this process shows (`open FILE`). */
  file: string | null;
  /** Its name, for the header and messages. */
  name: string;
}

export interface IndexSourceOptions {
  /** The CLI no longer holds this index (404 INDEX_GONE): read it again. */
  reopen?(): void;
  /** The CLI's origin; default the page's own (relative URLs). */
  base?: string;
  /**
   * Resolves once the UI has drawn its first frame (src/lib/uiDrawn.ts): the rows after the first
   * message wait for it, so the UI mounts and shows them ahead of the rest. None: no wait.
   */
  drawn?: Promise<void>;
}

class IndexGoneError extends Error {}

function query(params: Record<string, string | number | null | undefined>): string {
  const q = Object.entries(params)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return q ? `?${q}` : '';
}

/** The CLI's `{ error, code }`, or the status when the body is not one. */
async function refusal(res: Response): Promise<Error> {
  let body: { error?: unknown; code?: unknown } | undefined;
  try {
    body = (await res.json()) as typeof body;
  } catch {
    body = undefined;
  }
  const message = typeof body?.error === 'string' ? body.error : `the CLI answered ${res.status}`;
  return body?.code === 'INDEX_GONE' ? new IndexGoneError(message) : new Error(message);
}

async function getOk(url: string, signal: AbortSignal): Promise<Response> {
  const res = await fetch(url, { signal, credentials: 'same-origin' });
  if (!res.ok || !res.body) throw await refusal(res);
  return res;
}

export function startIndexSource(feed: SourceFeed, input: IndexInput, opts: IndexSourceOptions = {}): FileSource {
  const store = feed.store.getState;
  const { name, file } = input;
  const base = opts.base ?? '';
  let id = '';
  let totalBytes = 0;
  // A saved index says how many bytes its messages take (`wireBytes`): progress then counts the
  // stream's bytes read since `start` (most of a reopen's bytes are the turns, sent ahead of most
  // rows), not the capture's bytes the rows reach.
  let byStream = false;
  let streamRead = 0;
  let streamFrom = 0;
  let records = 0;
  let warningCount = 0;
  let settled = false;
  let settle: (r: LoadResult) => void = () => undefined;
  const loaded = new Promise<LoadResult>((resolve) => (settle = resolve));
  const finish = (ok: boolean) => {
    if (settled) return;
    settled = true;
    settle({ ok, records, warnings: warningCount });
  };

  // Records asked for and not cached, and those being fetched.
  const wanted = new Set<number>();
  const fetching = new Set<number>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  // Blocks of rows whose summaries were asked for, are being fetched, or could not be (not asked again).
  const summariesWanted = new Set<number>();
  const summariesFetching = new Set<number>();
  const summariesFailed = new Set<number>();
  const timeline = createRemoteTimeline({
    want(i) {
      if (fetching.has(i) || !id) return;
      wanted.add(i);
      // Batched: one render asks for every line it draws.
      flushTimer ??= setTimeout(flush, 0);
    },
    wantSummaries(block) {
      if (!id || summariesFetching.has(block) || summariesFailed.has(block)) return;
      summariesWanted.add(block);
      flushTimer ??= setTimeout(flush, 0);
    },
  });
  // Turns asked for whole: each fetched once (a failure is said once, and the preview stays).
  const turnsAsked = new Set<number>();
  const model = createRemoteModel(timeline, {
    wantTurn(n) {
      if (!id || turnsAsked.has(n)) return;
      turnsAsked.add(n);
      void fetchTurn(n);
    },
  });
  const index: IndexAccess = {
    file,
    async search(q, regex, signal) {
      try {
        const res = await getOk(`${base}${INDEX_SEARCH_PATH}${query({ id, q, regex: regex ? 1 : null })}`, signal);
        return (await res.json()) as IndexSearchResult;
      } catch (err) {
        if (err instanceof IndexGoneError && feed.current) gone();
        throw err;
      }
    },
  };
  const data: DataSet = { timeline, model, faults: [], index };

  function flush() {
    flushTimer = undefined;
    flushSummaries();
    const asked = [...wanted].sort((a, b) => a - b);
    wanted.clear();
    let k = 0;
    while (k < asked.length) {
      const from = asked[k];
      let last = from;
      while (k + 1 < asked.length && asked[k + 1] - last <= FETCH_GAP && asked[k + 1] - from < INDEX_RECORDS_MAX) last = asked[++k];
      k++;
      const count = Math.min(INDEX_RECORDS_MAX, Math.max(last - from + 1, FETCH_GAP), timeline.recordCount - from);
      void fetchRecords(from, count);
    }
  }

  async function fetchRecords(from: number, count: number) {
    for (let i = from; i < from + count; i++) fetching.add(i);
    try {
      const res = await getOk(`${base}${INDEX_RECORDS_PATH}${query({ id, from, count })}`, feed.signal);
      const text = await res.text();
      if (!feed.current) return;
      const recs = text
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l, k) => parseCaptureLine(l, from + k + 1))
        .filter((r) => r !== null);
      timeline.putRecords(from, recs);
      store().recordsArrived();
    } catch (err) {
      if (feed.signal.aborted || !feed.current) return;
      if (err instanceof IndexGoneError) return gone();
      const message = (err as Error).message;
      // One notice per cause: a file that went away fails every fetch the same way.
      if (store().recordError !== message) store().addAlert('warning', `Could not read records of ${name}: ${message}`);
      store().recordsFailed(message);
    } finally {
      for (let i = from; i < from + count; i++) fetching.delete(i);
    }
  }

  /** Consecutive blocks asked for in one render go in one request. */
  function flushSummaries() {
    const blocks = [...summariesWanted].sort((a, b) => a - b);
    summariesWanted.clear();
    const most = Math.floor(INDEX_SUMMARIES_MAX / SUMMARY_BLOCK);
    let k = 0;
    while (k < blocks.length) {
      const first = blocks[k];
      let last = first;
      while (k + 1 < blocks.length && blocks[k + 1] === last + 1 && last + 1 - first < most) last = blocks[++k];
      k++;
      void fetchSummaries(first, last);
    }
  }

  async function fetchSummaries(firstBlock: number, lastBlock: number) {
    const from = firstBlock * SUMMARY_BLOCK;
    const count = Math.min((lastBlock + 1) * SUMMARY_BLOCK, timeline.rows.length) - from;
    if (count <= 0) return;
    for (let b = firstBlock; b <= lastBlock; b++) summariesFetching.add(b);
    try {
      const res = await getOk(`${base}${INDEX_SUMMARIES_PATH}${query({ id, from, count })}`, feed.signal);
      const summaries = (await res.json()) as string[];
      if (!feed.current) return;
      timeline.putSummaries(from, summaries);
      store().recordsArrived();
    } catch (err) {
      if (feed.signal.aborted || !feed.current) return;
      if (err instanceof IndexGoneError) return gone();
      for (let b = firstBlock; b <= lastBlock; b++) summariesFailed.add(b);
      const message = (err as Error).message;
      if (store().recordError !== message) store().addAlert('warning', `Could not read row summaries of ${name}: ${message}`);
    } finally {
      for (let b = firstBlock; b <= lastBlock; b++) summariesFetching.delete(b);
    }
  }

  async function fetchTurn(n: number) {
    try {
      const res = await getOk(`${base}${INDEX_TURN_PATH}${query({ id, turn: n })}`, feed.signal);
      const turn = (await res.json()) as Turn;
      if (!feed.current) return;
      model.putTurn(turn);
      store().recordsArrived();
    } catch (err) {
      if (feed.signal.aborted || !feed.current) return;
      if (err instanceof IndexGoneError) return gone();
      store().addAlert('warning', `Could not read turn ${n} of ${name}: ${(err as Error).message}`);
    }
  }

  let reopened = false;
  function gone() {
    if (reopened) return;
    reopened = true;
    opts.reopen?.();
  }

  const view: SourceView = file === null ? { kind: 'live' } : { kind: 'file', name, origin: 'list' };

  // The first rows replace the view: the previous source stops, the store shows this data set.
  function takeOver(): boolean {
    if (feed.current) return true;
    if (!feed.takeOver()) return false;
    const s = store();
    s.clearSourceAlerts();
    s.setSource(view);
    s.setHello(file === null && s.relayHello ? s.relayHello : viewHello(s.relayHello, view, 'file'));
    s.showData(data);
    s.setLoadProgress({ totalBytes, loadedBytes: 0, done: false });
    return true;
  }

  // The model's turns sent ahead of `done` (`turns` messages), and whether a `model` message set it.
  const turnsAhead: ModelSnapshot['turns'] = [];
  let modelShown = false;
  let lastPublish = 0;
  let lastTurnsShown = 0;
  function addRows(from: number, rows: WireRows, count: number, bytes: number, now: boolean) {
    if (!takeOver()) return;
    timeline.addRows(from, rows, count);
    records = count;
    const t = performance.now();
    if (!now && t - lastPublish < Math.max(PUBLISH_EVERY_MS, timeline.rows.length / ROWS_PER_PUBLISH_MS)) {
      moveProgress(bytes);
      return;
    }
    lastPublish = t;
    const s = store();
    s.publishData();
    s.setLoadProgress({ loadedBytes: progressAt(bytes) });
  }

  /** Bytes read for the progress: the stream's, or those of the capture that `bytes` says the rows reach. */
  function progressAt(bytes: number): number {
    return byStream ? streamRead - streamFrom : bytes;
  }

  /**
   * The percentage follows every message that moves it (a hundred times at most): set only with the
   * published rows, it would lag the counts beside it, which any other redraw brings up to date.
   */
  function moveProgress(bytes: number) {
    const loaded = progressAt(bytes);
    const pct = Math.floor((100 * loaded) / Math.max(1, totalBytes));
    if (pct !== Math.floor((100 * store().loadProgress.loadedBytes) / Math.max(1, totalBytes))) store().setLoadProgress({ loadedBytes: loaded });
  }

  function handle(msg: IndexMessage) {
    switch (msg.type) {
      case 'start':
        id = msg.id;
        totalBytes = msg.bytes;
        if (msg.turns !== undefined) index.turnsTotal = msg.turns;
        if (msg.wireBytes !== undefined) {
          byStream = true;
          totalBytes = msg.wireBytes;
          streamFrom = streamRead;
        }
        return;
      case 'rows':
        return addRows(msg.from, msg.rows, msg.records, msg.bytes, lastPublish === 0);
      case 'turns':
        if (msg.from !== turnsAhead.length) throw new Error(`turn ${msg.from + 1} arrived before turn ${turnsAhead.length + 1}`);
        for (const turn of msg.turns) turnsAhead.push(turn);
        // Listed while the index grows (the next rows published draw them); the model replaces them.
        if (takeOver()) {
          model.addTurns(msg.turns);
          // The percentage and the turns counted beside it, ten times a second: a reopen sends a
          // hundred `turns` messages in about a second, and each redraw costs the header's layout.
          const t = performance.now();
          if (byStream && t - lastTurnsShown >= PUBLISH_EVERY_MS) {
            lastTurnsShown = t;
            moveProgress(0);
          }
        }
        return;
      case 'model': {
        // An index already built: the turns, summary and waterfall are drawn while the rows arrive.
        if (!takeOver()) return;
        model.setSnapshot({ ...msg.model, turns: turnsAhead.concat(msg.model.turns) });
        data.faults.push(...msg.faults);
        modelShown = true;
        store().publishData();
        return;
      }
      case 'done': {
        if (!takeOver()) return;
        timeline.addRows(msg.from, msg.rows, msg.records);
        if (msg.startT !== undefined) timeline.startT = msg.startT;
        // The same model again when `model` came: set once, or every view would be computed twice.
        if (!modelShown) {
          model.setSnapshot(turnsAhead.length === 0 ? msg.model : { ...msg.model, turns: turnsAhead.concat(msg.model.turns) });
          data.faults.push(...msg.faults);
        }
        records = msg.records;
        warningCount = msg.warnings.length;
        const s = store();
        s.publishData();
        // A search asked while the index grew answered for the records indexed then.
        if (s.filter.search !== '') s.rebuildView();
        s.setLoadingFile(null);
        s.setLoadProgress({ loadedBytes: byStream ? totalBytes : msg.bytes, done: true });
        const warning = describeLoadWarnings(
          name,
          msg.warnings.map((message) => ({ line: Number(/^line (\d+)/.exec(message)?.[1] ?? 0), message })),
        );
        if (warning) s.addAlert('warning', warning);
        return finish(true);
      }
      case 'error':
        throw new Error(msg.error);
    }
  }

  function fail(err: unknown) {
    if (feed.signal.aborted) return finish(false);
    if (err instanceof IndexGoneError) return gone();
    const s = store();
    s.setLoadingFile(null);
    s.setLoadProgress({ done: true });
    s.addAlert('error', `Could not open ${name}: ${(err as Error)?.message ?? String(err)}`);
    finish(false);
  }

  async function read() {
    store().setLoadingFile(name);
    const res = await getOk(`${base}${INDEX_PATH}${query({ file })}`, feed.signal);
    // Cut as bytes, each line decoded on its own: no chunk-sized string is built and sliced again.
    // Lines wait in `lines` and are handled one at a time, so the thread is given back between
    // messages (a chunk of a saved index holds dozens of them), and to the UI's first frame.
    const decoder = new TextDecoder();
    const lines: string[] = [];
    const cutter = createLineCutter((text) => void (text.length > 0 && lines.push(text)), {
      decode: (b, start, end) => decoder.decode(b.subarray(start, end)),
    });
    const due = yieldEvery(YIELD_EVERY_MS);
    // Awaited once, after the first rows are shown.
    let drawn = opts.drawn;
    const handleLines = async () => {
      for (let k = 0; k < lines.length && !settled; k++) {
        // The wire is ASCII (core/indexWire.ts): a character is a byte.
        streamRead += lines[k].length + 1;
        handle(JSON.parse(lines[k]) as IndexMessage);
        if (lastPublish !== 0 && drawn) {
          await drawn;
          drawn = undefined;
        }
        const y = due();
        if (y) await y;
        if (feed.signal.aborted) break;
      }
      lines.length = 0;
    };
    const bytes = res.body!.getReader();
    try {
      for (;;) {
        const { done, value } = await bytes.read();
        if (feed.signal.aborted) return finish(false);
        if (done) break;
        cutter.push(value);
        await handleLines();
        if (feed.signal.aborted) return finish(false);
      }
      cutter.end();
      await handleLines();
    } finally {
      bytes.releaseLock();
    }
    if (!settled && !feed.signal.aborted) throw new Error('the index ended before it was complete');
  }

  read().catch(fail);
  return {
    loaded,
    stop() {
      clearTimeout(flushTimer);
      finish(false);
    },
  };
}
