import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../core/capture.ts';
import { EMPTY_FILTER, compileFilter } from '../core/filters.ts';
import { type IndexMessage, OUTPUT_TEXT_PREVIEW } from '../core/indexWire.ts';
import { localIndex, searchRecords, snapshotOf, wireRowsOf } from '../core/testing/indexWire.ts';
import { isRemoteModel } from '../core/remoteModel.ts';
import { CaptureBuilder } from '../core/testing/records.ts';
import { createTimelineView } from '../core/timelineView.ts';
import { createDashboardStore, type DashboardStore } from '../store/index.ts';
import { startFileSource } from './fileSource.ts';
import { startIndexSource } from './indexSource.ts';
import { createSourceSwitch } from './sourceSwitch.ts';
import { installPageClock } from './testing/pageClock.ts';
import { selectModelComplete, selectTurnsPending } from '../store/turnsSelectors.ts';

installPageClock();

function capture(): CaptureRecord[] {
  const c = new CaptureBuilder();
  c.open('c1').upstreamOpen('c1');
  for (let turn = 1; turn <= 3; turn++) {
    c.send('c1', { type: 'response.create', model: 'gpt-5.5', input: `question ${turn} about Paris` });
    c.receive('c1', { type: 'response.created', response: { id: `resp_${turn}` } });
    for (const d of ['Sun', 'ny ', 'today']) c.receive('c1', { type: 'response.output_text.delta', item_id: `m${turn}`, delta: d });
    c.receive('c1', { type: 'response.completed', response: { id: `resp_${turn}`, usage: { input_tokens: 5, output_tokens: 3 } } });
  }
  // A long answer: the wire carries a preview of it, the page fetches the turn whole.
  c.send('c1', { type: 'response.create', model: 'gpt-5.5', input: 'tell me everything' });
  for (let i = 0; i < 10; i++) c.receive('c1', { type: 'response.output_text.delta', item_id: 'm4', delta: `${i}${'y'.repeat(99)}` });
  c.receive('c1', { type: 'response.completed', response: { id: 'resp_4', usage: { input_tokens: 5, output_tokens: 250 } } });
  c.close('c1', { code: 1000 });
  return c.records;
}

/**
 * The CLI's side of the wire contract (src/core/indexWire.ts), answered from records with the
 * page's own core, over real HTTP on loopback: rows in batches, the model with `done`.
 */
const records = capture();
const requests: string[] = [];
/** `hold`: the index stream waits before `done` until `release()`. */
let held: (() => void) | null = null;
let hold = false;
let server: http.Server;
let base = '';

function serve(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url!, 'http://127.0.0.1');
  requests.push(`${url.pathname}${url.search}`);
  const file = url.searchParams.get('file');
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/api/index') {
    if (file === 'missing.ndjson') return json(404, { error: 'no capture missing.ndjson in the captures folder', code: 'NOT_FOUND' });
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    // A saved index: its messages are known ahead, and `start` says their bytes and its turns.
    const saved = file === 'saved.ndjson';
    const queued: string[] = [];
    const send = (m: IndexMessage) => (saved ? queued.push(`${JSON.stringify(m)}\n`) : res.write(`${JSON.stringify(m)}\n`));
    if (!saved) send({ type: 'start', id: `ix-${file}`, name: file ?? 'open.ndjson', bytes: 1000 });
    if (file === 'broken.ndjson') {
      send({ type: 'error', error: 'line 1: not a Responses Inspector capture', code: 'NOT_A_CAPTURE' });
      return res.end();
    }
    const { timeline, model } = localIndex(records);
    const last = timeline.rows.length - 1;
    // An index already built: its whole model (turns ahead, then the rest) after the first rows.
    const built = file === 'built.ndjson' || saved;
    for (let from = 0; from < last; from += 4) {
      if (built && from === 4) {
        const snapshot = snapshotOf(model);
        send({ type: 'turns', from: 0, turns: snapshot.turns.slice(0, 2) });
        send({ type: 'model', model: { ...snapshot, turns: snapshot.turns.slice(2) }, faults: [] });
      }
      const end = Math.min(from + 4, last);
      const { members } = timeline.rows[end - 1];
      send({ type: 'rows', from, rows: wireRowsOf(timeline, from, end), records: members[0] + members.length, bytes: 100 * (from + 1) });
    }
    // An index still growing: the turns that ended go before its model does.
    const growing = file === 'growing.ndjson';
    if (growing) {
      const snapshot = snapshotOf(model);
      send({ type: 'turns', from: 0, turns: snapshot.turns.slice(0, 1) });
      send({ type: 'turns', from: 1, turns: snapshot.turns.slice(1, 3) });
    }
    const done = () => {
      // As the CLI sends a model of many turns: the first ones ahead of `done`, in order.
      const snapshot = snapshotOf(model);
      if (!built && !growing) {
        send({ type: 'turns', from: 0, turns: snapshot.turns.slice(0, 1) });
        send({ type: 'turns', from: 1, turns: snapshot.turns.slice(1, 3) });
      }
      send({
        type: 'done',
        from: last,
        rows: wireRowsOf(timeline, last),
        records: records.length,
        bytes: 1000,
        startT: timeline.startT,
        model: { ...snapshot, turns: snapshot.turns.slice(built ? snapshot.turns.length : 3) },
        faults: [],
        warnings: file === 'bad-lines.ndjson' ? ['line 7: not valid JSON (Unexpected token); line skipped'] : [],
      });
      if (saved) {
        const wireBytes = queued.reduce((n, l) => n + Buffer.byteLength(l), 0);
        res.write(`${JSON.stringify({ type: 'start', id: 'ix-saved', name: 'saved.ndjson', bytes: 1000, turns: model.turns().length, wireBytes } satisfies IndexMessage)}\n`);
        res.write(queued.join(''));
      }
      res.end();
    };
    if (hold && !saved) held = done;
    else done();
    return;
  }
  if (url.pathname === '/api/index/records' && url.searchParams.get('id') === 'ix-deleted.ndjson') {
    return json(404, { error: 'the capture file deleted.ndjson is no longer there (moved or deleted since it was read); open it again where it is now', code: 'CAPTURE_GONE' });
  }
  if (url.pathname === '/api/index/records' && url.searchParams.get('id') === 'ix-gone.ndjson') {
    return json(404, { error: 'this index is no longer held: ask /api/index again', code: 'INDEX_GONE' });
  }
  if (url.pathname === '/api/index/records') {
    const from = Number(url.searchParams.get('from'));
    const count = Number(url.searchParams.get('count'));
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    return res.end(
      records
        .slice(from, from + count)
        .map((r) => `${JSON.stringify(r)}\n`)
        .join(''),
    );
  }
  if (url.pathname === '/api/index/summaries') {
    const from = Number(url.searchParams.get('from'));
    const count = Number(url.searchParams.get('count'));
    return json(
      200,
      localIndex(records)
        .timeline.rows.slice(from, from + count)
        .map((r) => r.summary),
    );
  }
  if (url.pathname === '/api/index/turn') {
    const turn = localIndex(records).model.turns()[Number(url.searchParams.get('turn')) - 1];
    return turn ? json(200, turn) : json(400, { error: 'no such turn', code: 'BAD_PARAM' });
  }
  if (url.pathname === '/api/index/search') {
    // While `done` is held back, the last record is not indexed yet.
    const indexed = held ? records.slice(0, -1) : records;
    return json(200, searchRecords(indexed, url.searchParams.get('q') ?? '', url.searchParams.get('regex') === '1'));
  }
  json(404, { error: 'not found', code: 'NOT_FOUND' });
}

beforeAll(async () => {
  server = http.createServer(serve);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((r) => server.close(r));
});

async function until(cond: () => boolean) {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

function setup() {
  const store = createDashboardStore();
  const sw = createSourceSwitch(store);
  const open = (file: string | null) => sw.open((feed) => startIndexSource(feed, { file, name: file ?? 'open.ndjson' }, { base })).loaded;
  return { store, sw, open };
}
const alerts = (store: DashboardStore) => store.getState().alerts.map((a) => `${a.level}: ${a.message}`);

describe('startIndexSource', () => {
  it('shows the rows, turns and summary the page builds itself from the same capture, without the records', async () => {
    const { store, open } = setup();
    const result = await open('big.ndjson');
    expect(result).toEqual({ ok: true, records: records.length, warnings: 0 });
    const s = store.getState();
    const local = localIndex(records);
    expect(s.loadProgress).toEqual({ totalBytes: 1000, loadedBytes: 1000, done: true });
    expect(s.source).toEqual({ kind: 'file', name: 'big.ndjson', origin: 'list' });
    expect(s.data.timeline.records).toBeNull();
    expect(s.data.timeline.recordCount).toBe(records.length);
    expect(s.data.timeline.rows.map((r) => [r.type, r.members])).toEqual(local.timeline.rows.map((r) => [r.type, r.members]));
    expect(s.data.model.turns().map((t) => [t.index, t.status, t.outputText])).toEqual(
      local.model.turns().map((t) => [t.index, t.status, t.outputText.slice(0, OUTPUT_TEXT_PREVIEW)]),
    );
    expect(s.view.rows.length).toBe(local.timeline.rows.length);
    expect(alerts(store)).toEqual([]);
  });

  it('moves the percentage with every rows message, not only with the rows it publishes', async () => {
    const { store, open } = setup();
    const seen: number[] = [];
    const unsubscribe = store.subscribe((s) => {
      if (seen.at(-1) !== s.loadProgress.loadedBytes) seen.push(s.loadProgress.loadedBytes);
    });
    await open('big.ndjson');
    unsubscribe();
    // Each rows message reaches 100 × (its first row + 1) bytes of 1000 (the test server above), then `done` all of them.
    const rowsMessages = Math.ceil((localIndex(records).timeline.rows.length - 1) / 4);
    expect(rowsMessages).toBeGreaterThan(2);
    const sent = Array.from({ length: rowsMessages }, (_, k) => 100 * (4 * k + 1));
    expect(seen.filter((b) => b > 0)).toEqual([...sent, 1000]);
  });

  it("follows a saved index's stream for the percentage, its turns included, and knows its turns from the start", async () => {
    const { store, open } = setup();
    const seen: { loaded: number; total: number; turns: number; modelComplete: boolean; turnsTotal?: number }[] = [];
    const unsubscribe = store.subscribe((s) => {
      const p = s.loadProgress;
      if (seen.at(-1)?.loaded !== p.loadedBytes || seen.at(-1)?.total !== p.totalBytes) {
        seen.push({ loaded: p.loadedBytes, total: p.totalBytes, turns: s.data.model.turns().length, modelComplete: selectModelComplete(s), turnsTotal: s.data.index?.turnsTotal });
      }
    });
    await open('saved.ndjson');
    unsubscribe();
    const turns = localIndex(records).model.turns().length;
    const last = seen.at(-1)!;
    // The stream's bytes, not the capture's 1000; all of them at the end.
    expect(last.total).toBeGreaterThan(1000);
    expect(last.loaded).toBe(last.total);
    expect(seen.every((p) => p.total === last.total || p.loaded === 0)).toBe(true);
    // It moves as the turns arrive (ahead of most rows), and only forward.
    expect(seen.some((p) => p.loaded > 0 && p.loaded < last.total && p.turns > 0 && !p.modelComplete)).toBe(true);
    expect(seen.map((p) => p.loaded)).toEqual([...seen.map((p) => p.loaded)].sort((a, b) => a - b));
    expect(seen.filter((p) => p.loaded > 0).every((p) => p.turnsTotal === turns)).toBe(true);
    expect(store.getState().data.index?.turnsTotal).toBe(turns);
  });

  it('shows the first rows at once and holds the rest until the UI has drawn its first frame', async () => {
    const { store, sw } = setup();
    let drawn: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (drawn = resolve));
    const loaded = sw.open((feed) => startIndexSource(feed, { file: 'big.ndjson', name: 'big.ndjson' }, { base, drawn: gate })).loaded;
    // The whole index is on the wire at once; only the first message's 4 rows are taken before the UI draws.
    await until(() => store.getState().data.timeline.rows.length > 0);
    await new Promise((r) => setTimeout(r, 50));
    expect(store.getState().data.timeline.rows.length).toBe(4);
    expect(store.getState().loadProgress.done).toBe(false);
    drawn();
    expect(await loaded).toEqual({ ok: true, records: records.length, warnings: 0 });
    expect(store.getState().data.timeline.rows.length).toBe(localIndex(records).timeline.rows.length);
  });

  it('lists the turns that ended while the index grows, before its model arrives', async () => {
    const { store, open } = setup();
    hold = true;
    try {
      const loaded = open('growing.ndjson');
      const local = localIndex(records);
      await until(() => store.getState().data.model.turns().length === 3);
      const s = store.getState();
      expect(s.data.model.turns().map((t) => t.index)).toEqual([1, 2, 3]);
      expect(s.data.model.turn(s.data.model.turns()[1].id)?.index).toBe(2);
      // The model is still to come: the panels that need it wait.
      expect(selectTurnsPending(s)).toBe(true);
      expect(selectModelComplete(s)).toBe(false);
      held!();
      expect(await loaded).toEqual({ ok: true, records: records.length, warnings: 0 });
      expect(
        store
          .getState()
          .data.model.turns()
          .map((t) => t.index),
      ).toEqual(local.model.turns().map((t) => t.index));
      expect(selectModelComplete(store.getState())).toBe(true);
    } finally {
      hold = false;
      held = null;
    }
  });

  it('draws the turns, summary and waterfall of an index already built while its rows still arrive, and sets the model once', async () => {
    const { store, open } = setup();
    hold = true;
    try {
      const loaded = open('built.ndjson');
      await until(() => !selectTurnsPending(store.getState()) && store.getState().data.model.turns().length > 0);
      const s = store.getState();
      expect(s.loadProgress.done).toBe(false);
      expect(selectModelComplete(s)).toBe(true);
      const local = localIndex(records);
      expect(s.data.model.turns().map((t) => [t.index, t.status])).toEqual(local.model.turns().map((t) => [t.index, t.status]));
      expect(s.data.model.connections().map((c) => c.conn)).toEqual(['c1']);
      const version = s.data.model.version;
      held!();
      expect(await loaded).toEqual({ ok: true, records: records.length, warnings: 0 });
      // `done` says the same model again: not set twice (every view would be computed again).
      expect(store.getState().data.model.version).toBe(version);
      expect(store.getState().data.model.turns()).toHaveLength(local.model.turns().length);
      expect(store.getState().data.timeline.rows).toHaveLength(local.timeline.rows.length);
    } finally {
      hold = false;
      held = null;
    }
  });

  it('fetches the summaries of the rows drawn in one request, and re-renders what waited on them', async () => {
    const { store, open } = setup();
    await open('big.ndjson');
    const tl = store.getState().data.timeline;
    const local = localIndex(records).timeline;
    // The rows came without their summaries.
    expect(requests.filter((r) => r.startsWith('/api/index/summaries'))).toEqual([]);
    const version = store.getState().recordsVersion;
    expect(tl.summaryOf(2)).toBe('');
    expect(tl.summaryOf(9)).toBe('');
    await until(() => store.getState().recordsVersion > version);
    expect(tl.rows.map((_, i) => tl.summaryOf(i))).toEqual(local.rows.map((r) => r.summary));
    expect(local.rows[2].summary).not.toBe('');
    expect(requests.filter((r) => r.startsWith('/api/index/summaries'))).toEqual([`/api/index/summaries?id=ix-big.ndjson&from=0&count=${local.rows.length}`]);
  });

  it('fetches a turn whole when its output was cut, once, and re-renders what waited on it', async () => {
    const { store, open } = setup();
    await open('big.ndjson');
    const model = store.getState().data.model;
    if (!isRemoteModel(model)) throw new Error('not an indexed model');
    const long = model.turns()[3];
    const whole = localIndex(records).model.turns()[3].outputText;
    expect(whole.length).toBe(1000);
    expect(long.outputText).toBe(whole.slice(0, OUTPUT_TEXT_PREVIEW));
    const before = requests.filter((r) => r.startsWith('/api/index/turn')).length;
    const version = store.getState().recordsVersion;
    expect(model.wholeTurn(long)).toBeUndefined();
    expect(model.wholeTurn(long)).toBeUndefined();
    await until(() => store.getState().recordsVersion > version);
    expect(model.wholeTurn(long)?.outputText).toBe(whole);
    expect(requests.filter((r) => r.startsWith('/api/index/turn')).slice(before)).toEqual(['/api/index/turn?id=ix-big.ndjson&turn=4']);
    // A turn that was not cut is whole as it came.
    const short = model.turns()[0];
    expect(model.wholeTurn(short)).toBe(short);
  });

  it('fetches the records asked for in one batch, and re-renders what waited on them', async () => {
    const { store, open } = setup();
    await open('big.ndjson');
    const tl = store.getState().data.timeline;
    const before = requests.filter((r) => r.startsWith('/api/index/records')).length;
    const version = store.getState().recordsVersion;
    expect(tl.record(5)).toBeUndefined();
    expect(tl.record(7)).toBeUndefined();
    await until(() => store.getState().recordsVersion > version);
    expect(tl.record(5)).toEqual(records[5]);
    expect(tl.record(7)).toEqual(records[7]);
    const asked = requests.filter((r) => r.startsWith('/api/index/records')).slice(before);
    expect(asked).toEqual([`/api/index/records?id=ix-big.ndjson&from=5&count=${records.length - 5}`]);
  });

  it('says once why records cannot be read, and the pane waiting on one says it too', async () => {
    const { store, open } = setup();
    await open('deleted.ndjson');
    const tl = store.getState().data.timeline;
    tl.record(3);
    await until(() => store.getState().recordError !== null);
    const asked = requests.length;
    tl.record(records.length - 1);
    await until(() => requests.slice(asked).some((r) => r.includes(`id=ix-deleted.ndjson&from=${records.length - 1}`)));
    await new Promise((r) => setTimeout(r, 50));
    expect(store.getState().recordError).toBe('the capture file deleted.ndjson is no longer there (moved or deleted since it was read); open it again where it is now');
    expect(alerts(store).filter((a) => a.includes('Could not read records'))).toEqual([
      'warning: Could not read records of deleted.ndjson: the capture file deleted.ndjson is no longer there (moved or deleted since it was read); open it again where it is now',
    ]);
  });

  it('asks the CLI to search, and shows the same matches as the page search would', async () => {
    const { store, open } = setup();
    await open('big.ndjson');
    store.getState().setFilter({ search: 'paris' });
    expect(store.getState().searching).toBe(true);
    expect(store.getState().view.rows).toEqual([]);
    await until(() => !store.getState().searching);
    const local = createTimelineView(localIndex(records).timeline, compileFilter({ ...EMPTY_FILTER, search: 'paris' }), new Set());
    expect(store.getState().view.matches).toBe(3);
    expect([...store.getState().view.rows]).toEqual(local.rows);
    // A regex that does not compile is the page's own error; the CLI is not asked.
    const searches = requests.filter((r) => r.startsWith('/api/index/search')).length;
    store.getState().setFilter({ search: '(', regex: true });
    expect(store.getState().searchError).toBeTruthy();
    expect(store.getState().searching).toBe(false);
    expect(requests.filter((r) => r.startsWith('/api/index/search')).length).toBe(searches);
  });

  it('searches again once the index is done when the search was asked while it grew', async () => {
    const { store, open } = setup();
    hold = true;
    const loading = open('growing.ndjson');
    await until(() => held !== null && store.getState().source.kind === 'file');
    // The capture's last record (its conn.close) is indexed with `done`.
    store.getState().setFilter({ search: 'conn.close' });
    await until(() => !store.getState().searching);
    expect(store.getState().view.matches).toBe(0);
    hold = false;
    const done = held!;
    held = null;
    done();
    await loading;
    await until(() => !store.getState().searching && store.getState().view.matches > 0);
    expect(store.getState().view.matches).toBe(1);
  });

  it('says why a capture is refused, as for a file, and leaves the view as it was', async () => {
    const { store, open } = setup();
    await open('big.ndjson');
    expect((await open('broken.ndjson')).ok).toBe(false);
    expect((await open('missing.ndjson')).ok).toBe(false);
    expect(alerts(store)).toEqual([
      'error: Could not open broken.ndjson: line 1: not a Responses Inspector capture',
      'error: Could not open missing.ndjson: no capture missing.ndjson in the captures folder',
    ]);
    expect(store.getState().source).toEqual({ kind: 'file', name: 'big.ndjson', origin: 'list' });
    expect(store.getState().data.timeline.recordCount).toBe(records.length);
  });

  it("reports the lines the CLI skipped as a file's bad lines are reported", async () => {
    const { store, open } = setup();
    expect(await open('bad-lines.ndjson')).toEqual({ ok: true, records: records.length, warnings: 1 });
    expect(alerts(store)).toEqual(['warning: 1 line skipped in bad-lines.ndjson (line 7: not valid JSON (Unexpected token))']);
  });

  it('reads the index again when the CLI no longer holds it', async () => {
    const store = createDashboardStore();
    const sw = createSourceSwitch(store);
    let reopened = 0;
    await sw.open((feed) => startIndexSource(feed, { file: 'gone.ndjson', name: 'gone.ndjson' }, { base, reopen: () => reopened++ })).loaded;
    expect(store.getState().data.timeline.record(3)).toBeUndefined();
    await until(() => reopened === 1);
    expect(alerts(store)).toEqual([]);
  });

  it('writes nothing more once another source is shown', async () => {
    const { store, sw, open } = setup();
    hold = true;
    const loading = open('slow.ndjson');
    // Its first rows are shown; its `done` waits.
    await until(() => held !== null && store.getState().source.kind === 'file');
    expect(store.getState().source).toEqual({ kind: 'file', name: 'slow.ndjson', origin: 'list' });
    const file = new File(
      [
        `${records
          .slice(0, 3)
          .map((r) => JSON.stringify(r))
          .join('\n')}\n`,
      ],
      'other.ndjson',
    );
    await sw.open((feed) => startFileSource(feed, { name: 'other.ndjson', origin: 'drop', open: async () => ({ body: file.stream(), totalBytes: file.size }) })).loaded;
    hold = false;
    held!();
    held = null;
    expect((await loading).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    const s = store.getState();
    expect(s.source).toEqual({ kind: 'file', name: 'other.ndjson', origin: 'drop' });
    expect(s.data.timeline.recordCount).toBe(3);
    expect(s.data.model.turns()).toEqual([]);
  });
});
