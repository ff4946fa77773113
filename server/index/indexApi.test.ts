import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addRecord } from '../../src/core/addRecord.ts';
import type { CaptureRecord } from '../../src/core/capture.ts';
import { createCaptureReader } from '../../src/core/captureReader.ts';
import { FEED_PROTOCOL } from '../../src/core/feed.ts';
import { compileSearch } from '../../src/core/filters.ts';
import { type IndexMessage, type IndexSearchResult, type ModelSnapshot, OUTPUT_TEXT_PREVIEW, type WireRow } from '../../src/core/indexWire.ts';
import type { Turn } from '../../src/core/model.ts';
import { decodeRows, rowOf, streamModel } from '../../src/core/testing/indexWire.ts';
import { httpExchange, streamedTurn } from '../../src/core/testing/httpRecords.ts';
import { KEY_SHAPES } from '../../src/core/testing/keyShapes.ts';
import { PROTOCOL_FIXTURE_3_TURNS, PROTOCOL_FIXTURE_ERRORS } from '../../src/core/testing/protocolFixture.ts';
import { CaptureBuilder, textTurnEvents } from '../../src/core/testing/records.ts';
import { createTimeline } from '../../src/core/timeline.ts';
import { createCaptureModel } from '../../src/core/turns.ts';
import { makeCapture } from '../bench/makeCapture.ts';
import { maskChunk } from '../broadcast/maskChunk.ts';
import { capturesApi } from '../captures/api.ts';
import { decodeUtf8 } from '../captures/utf8.ts';
import { dashboardRoute } from '../dashboard/dashboardRoute.ts';
import { createToken } from '../dashboard/security.ts';
import { startLoopbackServer } from '../loopbackServer.ts';
import { TOOL } from '../paths.ts';
import { FileSource } from '../tee/fileSource.ts';
import { until } from '../testing/until.ts';
import { CaptureIndex } from './captureIndex.ts';
import { TURNS_PER_MESSAGE } from './indexMessages.ts';
import { fileSource, IndexCache } from './indexCache.ts';
import { IndexStore } from './indexStore.ts';
import { SavedIndex } from './savedIndex.ts';

/**
 * The index routes over real HTTP, through the dashboard's own handler (token, Origin, masking):
 * what they answer must equal what the page builds from the capture's bytes itself.
 */

const closers: (() => void)[] = [];
afterAll(() => {
  for (const c of closers) c();
});

interface Served {
  get(route: string, headers?: Record<string, string>): Promise<Response>;
  dir: string;
}

/** A dashboard on `file` (in a folder of its own, its Captures menu), as `open` serves one. */
async function serve(file: string, more: { indexCache?: IndexCache; settle?: () => Promise<void> } = {}): Promise<Served> {
  const server = await startLoopbackServer(0);
  const token = createToken();
  const route = dashboardRoute({
    port: server.port,
    token,
    source: new FileSource(file),
    hello: () => ({ type: 'hello', protocol: FEED_PROTOCOL, mode: 'file', tool: TOOL, captureFile: file, maxAgeMs: 3_600_000 }),
    api: capturesApi({ capturesDir: path.dirname(file), currentFile: () => file, ...more }),
  });
  server.use(route);
  closers.push(() => {
    route.feed.close();
    server.closeAll();
  });
  const origin = `http://127.0.0.1:${server.port}`;
  return {
    dir: path.dirname(file),
    get: (p, headers = {}) => fetch(origin + p, { headers: { 'x-inspector-token': token, origin, ...headers } }),
  };
}

function captureFile(text: string, name = 'capture.ndjson'): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-index-')), name);
  writeFileSync(file, text);
  return file;
}

const lines = (records: CaptureRecord[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');

interface Indexed {
  messages: IndexMessage[];
  id: string;
  rows: WireRow[];
  done: Extract<IndexMessage, { type: 'done' }>;
}

async function readIndex(s: Served, query = ''): Promise<Indexed> {
  const res = await s.get(`/api/index${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/x-ndjson');
  const messages = (await res.text())
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as IndexMessage);
  const rows: WireRow[] = [];
  // The model's turns sent ahead of `done` come in order; `done` below holds the model as the page assembles it.
  let turnsAhead = 0;
  for (const m of messages) {
    if (m.type === 'turns') {
      expect(m.from).toBe(turnsAhead);
      turnsAhead += m.turns.length;
    }
    if (m.type !== 'rows' && m.type !== 'done') continue;
    // Rows arrive in order, each batch where the last one ended.
    expect(m.from).toBe(rows.length);
    rows.push(...decodeRows(m.rows));
  }
  const start = messages[0];
  if (start.type !== 'start') throw new Error(`first message ${start.type}`);
  const done = messages[messages.length - 1];
  if (done.type !== 'done') throw new Error(`last message ${JSON.stringify(done)}`);
  return { messages, id: start.id, rows, done: { ...done, model: streamModel(messages) } };
}

/** What the page builds from the same bytes: masked as the feed masks them, read, fed as store/dataSlice.ts feeds its model and timeline. */
function pageBuild(bytes: Buffer) {
  const records: CaptureRecord[] = [];
  const warnings: string[] = [];
  const reader = createCaptureReader({ record: (r) => records.push(r), warning: (w) => warnings.push(w.message) }, undefined, decodeUtf8);
  reader.push(maskChunk(bytes));
  reader.end();
  const timeline = createTimeline();
  const model = createCaptureModel();
  for (const rec of records) addRecord(model, timeline, rec);
  const rows = timeline.rows.map((r) => {
    // Members are consecutive records, sent as the first and how many.
    expect(r.members).toEqual(Array.from({ length: r.members.length }, (_, k) => r.members[0] + k));
    return rowOf(r);
  });
  const connections = model.connections();
  const model_: ModelSnapshot = JSON.parse(
    JSON.stringify({
      info: model.info(),
      connections,
      turns: model
        .turns()
        .map((t) => (t.outputText.length > OUTPUT_TEXT_PREVIEW ? { ...t, outputText: t.outputText.slice(0, OUTPUT_TEXT_PREVIEW), outputChars: t.outputText.length } : t)),
      lanes: Object.fromEntries(connections.map((c) => [c.conn, model.lanesOf(c.conn)])),
    }),
  );
  const summaries = timeline.rows.map((r) => r.summary);
  return { records, warnings, rows, summaries, model: model_, startT: timeline.startT, faults: records.filter((r) => r.kind === 'fault') };
}

/** Every row's summary, asked in windows of `step` rows as the page asks for the rows it draws. */
async function readSummaries(s: Served, id: string, rows: number, step: number): Promise<string[]> {
  const all: string[] = [];
  for (let from = 0; from < rows; from += step) {
    const res = await s.get(`/api/index/summaries?id=${id}&from=${from}&count=${step}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const got = (await res.json()) as string[];
    // A window past the last row is cut there.
    expect(got.length).toBe(Math.min(step, rows - from));
    all.push(...got);
  }
  return all;
}

/** A capture with every kind of row: folds, lanes, tool calls, errors, binary and non-JSON frames, HTTP passthrough, faults, a long answer. */
function richCapture(): CaptureRecord[] {
  const b = new CaptureBuilder({ maxAgeMs: 3_600_000 });
  b.open('c1', { ua: 'OpenAI/Python 2.32.0' }).upstreamOpen('c1');
  b.fixture('c1', PROTOCOL_FIXTURE_3_TURNS, 3);
  b.fixture('c1', PROTOCOL_FIXTURE_ERRORS, 5);
  b.close('c1', { code: 1011, reason: 'upstream went away', side: 'upstream' });
  b.open('c2').upstreamOpen('c2');
  for (const lane of ['a', 'b']) b.send('c2', { type: 'response.create', model: 'gpt-5.5', stream_id: lane, input: [] });
  for (const ev of textTurnEvents('resp_a', 'lane a says hi', { stream_id: 'a' })) b.receive('c2', ev);
  b.receive('c2', { type: 'response.created', stream_id: 'b', response: { id: 'resp_b' } });
  // A long answer: the wire cuts the turn's text and says how long it was.
  for (let i = 0; i < 300; i++) b.receive('c2', { type: 'response.output_text.delta', stream_id: 'b', item_id: 'msg_b', delta: `part ${i} of a long answer. ` });
  b.receive('c2', { type: 'response.completed', stream_id: 'b', response: { id: 'resp_b', usage: { input_tokens: 3, output_tokens: 900, total_tokens: 903 } } });
  b.receive('c2', { type: 'error', error: { type: 'server_error', code: 'server_error', message: 'boom' } });
  b.binary('c2', 'receive', [1, 2, 3, 250]);
  b.receive('c2', 'not json at all');
  b.records.push({ kind: 'fault', t: b.t + 1, conn: 'c2', fault: 'close 1011', action: 'fired', source: 'dashboard', detail: 'closed by the fault plan' });
  b.close('c2', { code: 1011, side: 'relay', dt: 2 });
  b.error('c3', { status: 401, message: 'upstream refused the upgrade: 401', dt: 1 });
  b.records.push(
    ...httpExchange({
      conn: 'h1',
      t: b.t + 10,
      body: { model: 'gpt-5.5', stream: true, input: 'hi' },
      setupMs: 30,
      events: streamedTurn('resp_h', { createdMs: 40, ttftMs: 90, endMs: 150 }),
    }),
  );
  b.end(200);
  return b.records;
}

async function expectEqualsPage(s: Served, bytes: Buffer, query = '') {
  const got = await readIndex(s, query);
  const page = pageBuild(bytes);
  expect(got.rows).toEqual(page.rows);
  expect(got.done.model).toEqual(page.model);
  expect(got.done.records).toBe(page.records.length);
  expect(got.done.bytes).toBe(bytes.length);
  expect(got.done.startT).toBe(page.startT);
  expect(got.done.faults).toEqual(page.faults);
  expect(got.done.warnings).toEqual(page.warnings);
  // The rows carry no summaries: asked for, they are the page's own.
  expect(got.messages.some((m) => (m.type === 'rows' || m.type === 'done') && 'summary' in m.rows)).toBe(false);
  expect(await readSummaries(s, got.id, got.rows.length, got.rows.length > 2000 ? 2000 : 7)).toEqual(page.summaries);
  return { got, page };
}

describe('GET /api/index: the rows and the turn model the page would build', () => {
  it('over a capture with every kind of row', async () => {
    const text = lines(richCapture());
    const file = captureFile(text);
    const s = await serve(file);
    const { got, page } = await expectEqualsPage(s, Buffer.from(text));
    // The capture really exercised what it claims to.
    const long = got.done.model.turns.find((t) => t.outputChars !== undefined)!;
    expect(long.outputText).toHaveLength(OUTPUT_TEXT_PREVIEW);
    expect(long.outputChars).toBeGreaterThan(4096);
    expect(new Set(got.rows.map((r) => r.mark))).toEqual(new Set([undefined, 'error', 'limit', 'cache-miss', 'close', 'refused', 'fault']));
    expect(got.rows.some((r) => r.count > 100)).toBe(true);
    expect(got.done.model.lanes.c2).toEqual(['a', 'b']);
    expect(page.records.length).toBe(got.done.records);
    // Pure ASCII on the wire (a page decodes that several times faster), the same text once read.
    for (const route of ['/api/index', `/api/index/summaries?id=${got.id}&from=0&count=${got.rows.length}`]) {
      const raw = await (await s.get(route)).text();
      expect(raw, route).not.toMatch(/[^\n\x20-\x7e]/);
      expect(raw, route).toContain('\\u');
    }
    const summaries = (await (await s.get(`/api/index/summaries?id=${got.id}&from=0&count=${got.rows.length}`)).json()) as string[];
    expect(summaries.some((x) => x.includes('·'))).toBe(true);
    // Asked by name, the same index.
    expect((await readIndex(s, '?file=capture.ndjson')).id).toBe(got.id);
  });

  it('over a generated 14,000-record capture, streaming final rows before it is done', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-index-gen-')), 'gen.ndjson');
    await makeCapture(file, 14_000);
    // A slice per piece read: the index grows in many steps whatever the machine's speed, so turns
    // that ended can go out before the last rows.
    const s = await serve(file, { indexCache: new IndexCache({ sliceMs: 0 }) });
    const { got } = await expectEqualsPage(s, readFileSync(file));
    expect(got.done.records).toBe(14_000);
    const rowsMessages = got.messages.filter((m) => m.type === 'rows');
    expect(rowsMessages.length).toBeGreaterThan(0);
    for (const m of rowsMessages) expect(m.type === 'rows' && m.records > 0 && m.bytes > 0).toBe(true);
    // Progress says how far the rows sent reach, also when the index was already built: the page's
    // bar and record count climb with the rows, not at 100% from the first message.
    const size = statSync(file).size;
    for (const read of [got, await readIndex(s)]) {
      const reach = read.messages.flatMap((m) => (m.type === 'rows' ? [[m.records, m.bytes]] : []));
      expect(reach[0][0]).toBeLessThan(14_000 / 4);
      expect(reach[0][1]).toBeLessThan(size / 4);
      for (let k = 1; k < reach.length; k++) expect(reach[k][0] >= reach[k - 1][0] && reach[k][1] > reach[k - 1][1]).toBe(true);
      expect(reach.at(-1)![1]).toBeLessThanOrEqual(size);
    }
    // A model of many turns goes in `turns` messages of TURNS_PER_MESSAGE as its turns end (readIndex
    // checks their order; expectEqualsPage that they are the final model's), the rest with `done`.
    const turns = got.done.model.turns.length;
    expect(turns).toBeGreaterThan(TURNS_PER_MESSAGE);
    expect(turns % TURNS_PER_MESSAGE).toBeGreaterThan(0);
    const ahead = got.messages.flatMap((m) => (m.type === 'turns' ? [m.turns.length] : []));
    expect(ahead).toEqual(Array.from({ length: Math.floor(turns / TURNS_PER_MESSAGE) }, () => TURNS_PER_MESSAGE));
    const last = got.messages.at(-1)!;
    expect(last.type === 'done' && last.model.turns.length).toBe(turns % TURNS_PER_MESSAGE);
    // Sent while the index grew (the build takes many slices), not held for `done`.
    const kinds = got.messages.map((m) => m.type);
    expect(kinds.indexOf('turns')).toBeLessThan(kinds.lastIndexOf('rows'));
    // Read again, built: the first rows, the turns and the whole model, then the other rows; `done`
    // says the same model, with no turns of its own.
    const again = await readIndex(s);
    const order = again.messages.map((m) => m.type).filter((t, k, all) => t !== all[k - 1]);
    expect(order).toEqual(['start', 'rows', 'turns', 'model', 'rows', 'done']);
    const model = again.messages.find((m) => m.type === 'model')!;
    if (model.type !== 'model') throw new Error('no model message');
    expect(again.done.model).toEqual(got.done.model);
    expect(streamModel(again.messages.slice(0, again.messages.indexOf(model) + 1))).toEqual(got.done.model);
    expect(model.faults).toEqual(got.done.faults);
    expect(again.messages.at(-1)?.type === 'done' && (again.messages.at(-1) as typeof got.done).model.turns).toEqual([]);
    expect(again.rows).toEqual(got.rows);
  });

  it('skips a corrupt line and a truncated last line with the warnings the page gives, and still serves the records', async () => {
    const recs = richCapture();
    const text = `${lines(recs.slice(0, 10))}{"kind":"frame","t":\n${lines(recs.slice(10, 20))}{"kind":"frame","t":1795586400100,"conn":"c1","se`;
    const file = captureFile(text);
    const s = await serve(file);
    const { got } = await expectEqualsPage(s, Buffer.from(text));
    expect(got.done.warnings).toEqual([
      'line 11: not valid JSON (Unexpected end of JSON input); line skipped',
      'line 22: incomplete last line, the capture ended mid-record; line skipped',
    ]);
    // Record 10 is line 12: offsets skip the corrupt line.
    const res = await s.get(`/api/index/records?id=${got.id}&from=9&count=3`);
    expect(await res.text()).toBe(lines(recs.slice(9, 12)));
  });

  it('reads a byte order mark, CRLF line ends and blank lines as the page does, and serves the lines without them', async () => {
    const recs = richCapture().slice(0, 12);
    const text = `\ufeff${recs.map((r, i) => `${JSON.stringify(r)}\r\n${i === 5 ? '\r\n\n' : ''}`).join('')}`;
    const file = captureFile(text);
    const s = await serve(file);
    const { got } = await expectEqualsPage(s, Buffer.from(text));
    expect(got.done.records).toBe(12);
    expect(await (await s.get(`/api/index/records?id=${got.id}&from=0&count=12`)).text()).toBe(lines(recs));
  });

  it('answers a capture it refuses with an error message, and a HAR or a timeline export with 400 NOT_INDEXABLE', async () => {
    const file = captureFile('{"kind":"capture.start","t":1,"format":"responses-inspector.capture","version":9,"upstream":"x","tool":{"name":"x","version":"1"}}\n');
    writeFileSync(path.join(path.dirname(file), 'other.har'), JSON.stringify({ log: { version: '1.2', entries: [] } }));
    writeFileSync(path.join(path.dirname(file), 'doc.json.ndjson'), JSON.stringify({ format: 'responses-inspector.timeline', version: 1, turns: [] }));
    const s = await serve(file);
    const messages = (await (await s.get('/api/index')).text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as IndexMessage);
    expect(messages.map((m) => m.type)).toEqual(['start', 'error']);
    expect(messages[1]).toMatchObject({ code: 'UNKNOWN_VERSION', error: expect.stringContaining('capture format version 9 is not supported') });
    for (const name of ['other.har', 'doc.json.ndjson']) {
      const res = await s.get(`/api/index?file=${name}`);
      expect(res.status, name).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'NOT_INDEXABLE' });
    }
  });
});

describe('GET /api/index/records and /api/index/search', () => {
  // Another writer's lines: a character spelled as a JSON escape, and one whose lower case is ASCII.
  const foreign = [
    String.raw`{"kind":"frame","t":1795586500000,"conn":"c9","seq":1,"dir":"receive","binary":false,"size":20,"data":"{\"note\":\"\u0050ARIS\"}"}`,
    `{"kind":"frame","t":1795586500001,"conn":"c9","seq":2,"dir":"receive","binary":false,"size":20,"data":"{\\"note\\":\\"x\u212a9\\"}"}`,
  ];
  const recs = [...richCapture(), ...foreign.map((l) => JSON.parse(l) as CaptureRecord)];
  const text = lines(recs.slice(0, -2)) + foreign.map((l) => `${l}\n`).join('');

  it('records: the exact lines of the file, any window of them', async () => {
    const s = await serve(captureFile(text));
    const { id, done } = await readIndex(s);
    const all: string[] = [];
    for (let from = 0; from < done.records; from += 7) {
      const res = await s.get(`/api/index/records?id=${id}&from=${from}&count=7`);
      expect(res.status).toBe(200);
      all.push(await res.text());
    }
    expect(all.join('')).toBe(text);
    expect(text).toContain(String.raw`\u0050ARIS`);
    expect(text).toContain('x\u212a9');
    // A window past the end is cut at the last record.
    const tail = await s.get(`/api/index/records?id=${id}&from=${done.records - 2}&count=50`);
    expect(await tail.text()).toBe(foreign.map((l) => `${l}\n`).join(''));
  });

  it('search: the records the page search matches, as ranges, plain (any case) and regex', async () => {
    const s = await serve(captureFile(text));
    const { id } = await readIndex(s);
    for (const [q, regex] of [
      ['paris', false],
      ['PARIS', false],
      ['part 1', false],
      ['"type":"error"', false],
      ['14°C', false],
      ['conn.close', false],
      ['c2', false],
      ['resp_00[12]', true],
      ['Limit', true],
      ['nothing matches this', false],
      ['xk9', false],
    ] as const) {
      const res = await s.get(`/api/index/search?id=${id}&q=${encodeURIComponent(q)}${regex ? '&regex=1' : ''}`);
      expect(res.status, q).toBe(200);
      const test = compileSearch(q, regex).test!;
      const expected: number[] = [];
      recs.forEach((r, i) => {
        if (!test(r)) return;
        if (expected.length && expected[expected.length - 1] === i) expected[expected.length - 1] = i + 1;
        else expected.push(i, i + 1);
      });
      const got = (await res.json()) as IndexSearchResult;
      expect(got.ranges, q).toEqual(expected);
      expect(got.matches, q).toBe(recs.filter(test).length);
    }
  });

  it('says the capture file is gone, or was rewritten, when records or a search need its bytes again', async () => {
    const file = captureFile(text);
    const s = await serve(file);
    const { id } = await readIndex(s);
    writeFileSync(file, text.slice(0, 100));
    const shorter = await s.get(`/api/index/records?id=${id}&from=${recs.length - 1}&count=1`);
    expect(shorter.status).toBe(404);
    expect(await shorter.json()).toMatchObject({ code: 'CAPTURE_CHANGED', error: expect.stringContaining('capture.ndjson is shorter than when it was read') });
    rmSync(file);
    for (const route of [`/api/index/records?id=${id}&from=0&count=1`, `/api/index/search?id=${id}&q=resp`]) {
      const res = await s.get(route);
      expect(res.status, route).toBe(404);
      expect(await res.json(), route).toMatchObject({ code: 'CAPTURE_GONE', error: expect.stringContaining('capture.ndjson is no longer there') });
    }
  });

  it("turn: each turn whole, as the page's own model has it, where the done model carries a preview", async () => {
    const richText = lines(richCapture());
    const s = await serve(captureFile(richText));
    const { got, page } = await expectEqualsPage(s, Buffer.from(richText));
    const local = createCaptureModel();
    for (const rec of page.records) local.add(rec);
    const whole = JSON.parse(JSON.stringify(local.turns())) as Turn[];
    expect(whole.length).toBe(got.done.model.turns.length);
    for (const turn of whole) {
      const res = await s.get(`/api/index/turn?id=${got.id}&turn=${turn.index}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toEqual(turn);
    }
    const long = whole.find((t) => t.outputText.length > 4096)!;
    expect(got.done.model.turns[long.index - 1].outputText).toBe(long.outputText.slice(0, OUTPUT_TEXT_PREVIEW));
  });

  it('refuses bad parameters with 400 and a clear error, an unknown id with 404 INDEX_GONE, an unknown NAME with 404', async () => {
    const s = await serve(captureFile(text));
    const { id, done, rows } = await readIndex(s);
    const turns = done.model.turns.length;
    for (const [query, status, error] of [
      ['/api/index/records?from=0&count=1', 400, 'id is the id of an index from /api/index'],
      [`/api/index/records?id=${id}&from=-1&count=1`, 400, 'from must be a whole number from 0'],
      [`/api/index/records?id=${id}&from=0&count=0`, 400, 'count must be a whole number from 1'],
      [`/api/index/records?id=${id}&from=1.5&count=2`, 400, 'from must be a whole number from 0'],
      [`/api/index/records?id=${id}&from=0&count=2001`, 400, 'count is at most 2000'],
      [`/api/index/records?id=${id}&from=${recs.length}&count=1`, 400, `from ${recs.length} is past the last record (the index holds ${recs.length})`],
      ['/api/index/records?id=nope&from=0&count=1', 404, 'this index is no longer held: ask /api/index again'],
      ['/api/index/summaries?from=0&count=1', 400, 'id is the id of an index from /api/index'],
      [`/api/index/summaries?id=${id}&from=x&count=1`, 400, 'from must be a whole number from 0'],
      [`/api/index/summaries?id=${id}&from=0`, 400, 'count must be a whole number from 1'],
      [`/api/index/summaries?id=${id}&from=0&count=2001`, 400, 'count is at most 2000'],
      [`/api/index/summaries?id=${id}&from=${rows.length}&count=1`, 400, `from ${rows.length} is past the last row (the index holds ${rows.length})`],
      ['/api/index/summaries?id=nope&from=0&count=1', 404, 'this index is no longer held: ask /api/index again'],
      [`/api/index/search?id=${id}`, 400, 'q is the text to search for, and must not be empty'],
      [`/api/index/turn?id=${id}&turn=0`, 400, 'turn must be a whole number from 1'],
      [`/api/index/turn?id=${id}`, 400, 'turn must be a whole number from 1'],
      [`/api/index/turn?id=${id}&turn=${turns + 1}`, 400, `turn ${turns + 1} is past the last turn (the capture has ${turns})`],
      ['/api/index/turn?id=nope&turn=1', 404, 'this index is no longer held: ask /api/index again'],
      [`/api/index/search?id=${id}&q=a&regex=yes`, 400, 'regex must be 1 (a regular expression) or 0 (plain text)'],
      ['/api/index?file=missing.ndjson', 404, 'no such capture'],
      ['/api/index?file=..%2Fcapture.ndjson', 404, 'no such capture'],
    ] as const) {
      const res = await s.get(query);
      expect(res.status, query).toBe(status);
      expect(((await res.json()) as { error: string }).error, query).toBe(error);
    }
    const bad = await s.get(`/api/index/search?id=${id}&q=${encodeURIComponent('(')}&regex=1`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_SEARCH', error: expect.stringContaining('not a valid regular expression') });
    expect((await s.get('/api/index', { 'x-inspector-token': 'wrong' })).status).toBe(401);
    expect((await s.get('/api/index', { origin: 'http://evil.example' })).status).toBe(403);
  });
});

describe('masking: no index answer carries a key', () => {
  const SECRETS = KEY_SHAPES.flatMap((sh) => sh.secrets.flatMap((x) => x.split('\n')));

  it('rows, summaries, model, records and search see the masked lines, as the page does', async () => {
    const b = new CaptureBuilder();
    b.open('c1', { headers: { 'x-note': 'plain' } }).upstreamOpen('c1');
    KEY_SHAPES.forEach((shape, i) => {
      b.send('c1', { type: 'response.create', model: 'gpt-5.5', input: `use ${shape.text}` });
      for (const ev of textTurnEvents(`resp_${i}`, `echo ${shape.text}`)) b.receive('c1', ev);
      // A key cut by a folded row's summary would be too short to recognise once cut.
      b.receive('c1', { type: 'response.output_text.delta', item_id: `msg_x${i}`, delta: `${'x'.repeat(50 + i)} ${shape.text}` });
    });
    const text = lines(b.records);
    const s = await serve(captureFile(text));
    const { got, page } = await expectEqualsPage(s, Buffer.from(text));
    const answers = [JSON.stringify(got.messages)];
    answers.push(await (await s.get(`/api/index/records?id=${got.id}&from=0&count=${page.records.length}`)).text());
    answers.push(await (await s.get(`/api/index/summaries?id=${got.id}&from=0&count=${got.rows.length}`)).text());
    for (const turn of got.done.model.turns) answers.push(await (await s.get(`/api/index/turn?id=${got.id}&turn=${turn.index}`)).text());
    for (const shape of KEY_SHAPES) {
      for (const secret of shape.secrets) {
        const res = (await (await s.get(`/api/index/search?id=${got.id}&q=${encodeURIComponent(secret.split('\n')[0])}`)).json()) as IndexSearchResult;
        // The key is not in any line the page could see.
        expect(res.matches, shape.name).toBe(0);
      }
    }
    const redacted = (await (await s.get(`/api/index/search?id=${got.id}&q=redacted`)).json()) as IndexSearchResult;
    expect(redacted.matches).toBeGreaterThanOrEqual(KEY_SHAPES.length);
    const all = answers.join('\n');
    expect(all).toContain('[redacted]');
    expect(SECRETS.filter((x) => all.includes(x))).toEqual([]);
  });
});

describe('the index cache', () => {
  it('shares an index between requests, indexes a changed file again, and holds two', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-index-cache-'));
    const names = ['a.ndjson', 'b.ndjson', 'c.ndjson'];
    const recs = richCapture();
    for (const n of names) writeFileSync(path.join(dir, n), lines(recs));
    const s = await serve(path.join(dir, 'a.ndjson'));
    const [x, y] = await Promise.all([readIndex(s), readIndex(s)]);
    expect(y.id).toBe(x.id);
    // A client that goes away after the first message leaves the index to the next request.
    const cut = await s.get('/api/index?file=b.ndjson');
    const reader = cut.body!.getReader();
    const first = JSON.parse(new TextDecoder().decode((await reader.read()).value).split('\n')[0]) as IndexMessage;
    await reader.cancel();
    expect(first.type).toBe('start');
    const again = await readIndex(s, '?file=b.ndjson');
    expect(first.type === 'start' && first.id).toBe(again.id);
    expect(again.done.records).toBe(recs.length);

    // Changed on disk: indexed again, as it is now.
    const more = lines(recs.slice(0, 5));
    writeFileSync(path.join(dir, 'a.ndjson'), more);
    utimesSync(path.join(dir, 'a.ndjson'), new Date(), new Date(Date.now() + 5000));
    const changed = await readIndex(s);
    expect(changed.id).not.toBe(x.id);
    expect(changed.done.records).toBe(5);

    const b = await readIndex(s, '?file=b.ndjson');
    expect(b.id).toBe(again.id);
    expect((await s.get(`/api/index/records?id=${changed.id}&from=0&count=1`)).status).toBe(200);
    await readIndex(s, '?file=c.ndjson');
    // Three indexes asked for: the least recently used one (b: the records asked for used a's) is dropped.
    const gone = await s.get(`/api/index/records?id=${b.id}&from=0&count=1`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ code: 'INDEX_GONE' });
    const goneSummaries = await s.get(`/api/index/summaries?id=${b.id}&from=0&count=1`);
    expect(goneSummaries.status).toBe(404);
    expect(await goneSummaries.json()).toMatchObject({ code: 'INDEX_GONE' });
    expect((await s.get(`/api/index/records?id=${changed.id}&from=0&count=1`)).status).toBe(200);
  });
});

/**
 * Every answer of the index routes for `s`'s capture: the stream as what it says (how its rows are
 * cut into messages depends on when it was asked), the others as bytes.
 */
async function everyAnswer(s: Served, query = '') {
  const text = async (route: string) => {
    const res = await s.get(route);
    expect(res.status).toBe(200);
    return res.text();
  };
  const { id, rows, done } = await readIndex(s, query);
  const { rows: _rows, from: _from, ...rest } = done;
  const answers: unknown[] = [rows, rest];
  for (let from = 0; from < rows.length; from += 2000) answers.push(await text(`/api/index/summaries?id=${id}&from=${from}&count=2000`));
  for (let n = 1; n <= done.model.turns.length; n++) answers.push(await text(`/api/index/turn?id=${id}&turn=${n}`));
  for (let from = 0; from < done.records; from += 2000) answers.push(await text(`/api/index/records?id=${id}&from=${from}&count=2000`));
  for (const q of ['q=delta', 'q=Hello', 'q=resp_%5Cw%2B&regex=1']) answers.push(await text(`/api/index/search?id=${id}&${q}`));
  return { id, answers, done };
}

describe('saved indexes: a capture indexed once opens again without being read again', () => {
  const storeDir = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-store-')), 'indexes');

  it('the next process reads the saved index, and it answers every route with the bytes the built one answered', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-saved-'));
    const file = path.join(dir, 'capture.ndjson');
    writeFileSync(file, lines(richCapture()));
    const big = path.join(dir, 'big.ndjson');
    await makeCapture(big, 12_000);
    const store = new IndexStore(storeDir());
    for (const f of [file, big]) {
      const cache = new IndexCache({ store, saveDelayMs: 0 });
      const s = await serve(f, { indexCache: cache });
      const built = await everyAnswer(s);
      const saved = store.fileOf(await fileSource(f));
      await until(() => existsSync(saved));
      // The index files are the user's own.
      expect(statSync(saved).mode & 0o777).toBe(0o600);
      expect(statSync(store.dir).mode & 0o777).toBe(0o700);
      // Once saved, this process answers from the saved index, under the same id.
      await until(() => cache.byId(built.id) instanceof SavedIndex);
      const swapped = await everyAnswer(s);
      expect(swapped.id).toBe(built.id);
      expect(swapped.answers).toEqual(built.answers);
      // Another process (a new cache) reads it back and answers the same bytes.
      const next = new IndexCache({ store, saveDelayMs: 0 });
      expect(await next.get(await fileSource(f))).toBeInstanceOf(SavedIndex);
      const again = await everyAnswer(await serve(f, { indexCache: next }));
      expect(again.id).not.toBe(built.id);
      expect(again.answers).toEqual(built.answers);
      // What the page builds from the bytes, as before.
      await expectEqualsPage(await serve(f, { indexCache: new IndexCache({ store, saveDelayMs: 0 }) }), readFileSync(f));
    }
  });

  it("an index already built says its turns at the start, and a saved one the bytes of its messages, so a page's progress can follow them", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-saved-'));
    const file = path.join(dir, 'big.ndjson');
    await makeCapture(file, 6_000);
    const store = new IndexStore(storeDir());
    const startOf = async (s: Served) => {
      const text = await (await s.get('/api/index')).text();
      const nl = text.indexOf('\n');
      return { start: JSON.parse(text.slice(0, nl)) as Extract<IndexMessage, { type: 'start' }>, rest: Buffer.byteLength(text.slice(nl + 1)), text };
    };
    const cache = new IndexCache({ store, saveDelayMs: 60_000 });
    const s = await serve(file, { indexCache: cache });
    // Being built: nothing known ahead.
    const first = await startOf(s);
    expect(first.start.turns).toBeUndefined();
    expect(first.start.wireBytes).toBeUndefined();
    const turns = streamModel(
      first.text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as IndexMessage),
    ).turns.length;
    expect(turns).toBeGreaterThan(100);
    // Built in this process: its turns.
    const built = await startOf(s);
    expect(built.start.turns).toBe(turns);
    expect(built.start.wireBytes).toBeUndefined();
    // Saved and read back by the next process: its turns, and the bytes after the start line.
    const saving = new IndexCache({ store, saveDelayMs: 0 });
    await startOf(await serve(file, { indexCache: saving }));
    const source = await fileSource(file);
    await until(() => existsSync(store.fileOf(source)));
    const next = new IndexCache({ store, saveDelayMs: 0 });
    const saved = await startOf(await serve(file, { indexCache: next }));
    expect(await next.get(source)).toBeInstanceOf(SavedIndex);
    expect(saved.start.turns).toBe(turns);
    expect(saved.start.wireBytes).toBe(saved.rest);
  });

  it('saves only once the index has gone the save delay without a request: not while a page scrolls its rows', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-saved-'));
    const file = path.join(dir, 'capture.ndjson');
    writeFileSync(file, lines(richCapture()));
    const store = new IndexStore(storeDir());
    const saveDelayMs = 1500;
    const s = await serve(file, { indexCache: new IndexCache({ store, saveDelayMs }) });
    const { id } = await readIndex(s);
    const saved = store.fileOf(await fileSource(file));
    // A page asking for summaries every 100 ms for twice the delay: nothing is saved meanwhile.
    const busyUntil = Date.now() + 2 * saveDelayMs;
    while (Date.now() < busyUntil) {
      expect((await s.get(`/api/index/summaries?id=${id}&from=0&count=10`)).status).toBe(200);
      expect(existsSync(saved)).toBe(false);
      await new Promise((r) => setTimeout(r, 100));
    }
    const quietFrom = Date.now();
    await until(() => existsSync(saved));
    expect(Date.now() - quietFrom).toBeGreaterThanOrEqual(saveDelayMs - 100);
  });

  it('indexes again a capture that changed, a saved file cut short or of another version, and works on when the folder cannot be written', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-saved-'));
    const file = path.join(dir, 'capture.ndjson');
    const recs = richCapture();
    writeFileSync(file, lines(recs));
    const warnings: string[] = [];
    const store = new IndexStore(storeDir(), (w) => warnings.push(w));
    const first = await everyAnswer(await serve(file, { indexCache: new IndexCache({ store, saveDelayMs: 0 }) }));
    const saved = store.fileOf(await fileSource(file));
    await until(() => existsSync(saved));

    // Cut short (a disk that filled up, a copy stopped half way): refused with a warning, built again and saved again.
    const whole = readFileSync(saved);
    writeFileSync(saved, whole.subarray(0, whole.length >> 1));
    const cache = new IndexCache({ store, saveDelayMs: 0 });
    expect(await cache.get(await fileSource(file))).toBeInstanceOf(CaptureIndex);
    expect(warnings).toEqual(['the saved index of capture.ndjson is not usable (cut short, or not an index file); indexing it again']);
    expect((await everyAnswer(await serve(file, { indexCache: cache }))).answers).toEqual(first.answers);
    await until(() => existsSync(saved) && readFileSync(saved).equals(whole));

    // Another version of the CLI wrote it (a version as long, so the trailer's length holds): built again.
    const other = TOOL.version.replace(/\d/g, (d) => String((Number(d) + 1) % 10));
    writeFileSync(saved, whole.toString('latin1').replace(`"tool":"${TOOL.version}"`, `"tool":"${other}"`), 'latin1');
    expect(await new IndexCache({ store, saveDelayMs: 0 }).get(await fileSource(file))).toBeInstanceOf(CaptureIndex);
    expect(warnings[1]).toContain('written by another version');

    // The capture changed: another key, so another file; the old one is not used for it.
    writeFileSync(file, lines(recs.slice(0, 5)));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const changed = await readIndex(await serve(file, { indexCache: new IndexCache({ store, saveDelayMs: 0 }) }));
    expect(changed.done.records).toBe(5);
    expect(store.fileOf(await fileSource(file))).not.toBe(saved);

    // A folder that cannot be made (a file is in its way): a warning, and every route answers as before.
    const blocked = path.join(dir, 'blocked');
    writeFileSync(blocked, 'not a folder');
    const said: string[] = [];
    const nowhere = new IndexStore(path.join(blocked, 'indexes'), (w) => said.push(w));
    writeFileSync(file, lines(recs));
    const s = await serve(file, { indexCache: new IndexCache({ store: nowhere, saveDelayMs: 0 }) });
    await expectEqualsPage(s, readFileSync(file));
    await until(() => said.length > 0);
    expect(said[0]).toBe(`the index of capture.ndjson was not saved for next time (${nowhere.dir} cannot be made a folder: a file is in its way)`);
    expect((await everyAnswer(s)).answers.length).toBeGreaterThan(3);
  });

  it('keeps no index of the capture a relay is writing, and drops the least recently used past what it keeps', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-saved-'));
    const recs = richCapture();
    const names = ['a.ndjson', 'b.ndjson', 'c.ndjson', 'live.ndjson'];
    for (const n of names) writeFileSync(path.join(dir, n), lines(recs));
    const store = new IndexStore(storeDir(), undefined, { files: 2, bytes: 1 << 30 });
    const live = path.join(dir, 'live.ndjson');
    const cache = new IndexCache({ store, saveDelayMs: 0 });
    const s = await serve(live, { indexCache: cache, settle: () => Promise.resolve() });
    const liveIndex = await readIndex(s);
    expect(liveIndex.done.records).toBe(recs.length);
    for (const n of ['a', 'b', 'c']) {
      const { id } = await readIndex(s, `?file=${n}.ndjson`);
      const f = store.fileOf(await fileSource(path.join(dir, `${n}.ndjson`)));
      // Saved and read back (which marks it used): only then are the use times set.
      await until(() => cache.byId(id) instanceof SavedIndex);
      // Distinct use times, whatever the file system's resolution.
      utimesSync(f, new Date(), new Date(Date.now() - 10_000 * (3 - names.indexOf(`${n}.ndjson`))));
    }
    await until(() => readdirSync(store.dir).filter((f) => f.endsWith('.index')).length === 2);
    const kept = readdirSync(store.dir);
    expect(kept.sort()).toEqual((await Promise.all(['b', 'c'].map(async (n) => path.basename(store.fileOf(await fileSource(path.join(dir, `${n}.ndjson`))))))).sort());
    expect(existsSync(store.fileOf(await fileSource(live)))).toBe(false);
  });

  it('keeps its file open while a page reads it, and closes it once dropped and read', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-saved-'));
    const file = path.join(dir, 'big.ndjson');
    await makeCapture(file, 3_000);
    const store = new IndexStore(storeDir());
    const built = await readIndex(await serve(file, { indexCache: new IndexCache({ store, saveDelayMs: 0 }) }));
    const saved = store.fileOf(await fileSource(file));
    await until(() => existsSync(saved));
    const index = await new IndexCache({ store }).get(await fileSource(file));
    if (!(index instanceof SavedIndex)) throw new Error('not read back');
    const pieces: Buffer[] = [];
    await index.use(async () => {
      for await (const piece of index.wire(4096)) {
        pieces.push(piece);
        // Dropped mid-stream (the cache held another), and its file removed (another process evicted it): the stream goes on.
        if (pieces.length === 1) {
          index.close();
          rmSync(saved);
        }
      }
    });
    const messages = Buffer.concat(pieces)
      .toString()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as IndexMessage);
    expect(messages.at(-1)).toMatchObject({ type: 'done', records: built.done.records });
    // Once read and dropped, the file is closed.
    await expect(index.summariesJson(0, 1)).rejects.toThrow();
  });

  it('lives in the user cache folder, in RESPONSES_INSPECTOR_CACHE when set, and nowhere when it is off', () => {
    expect(IndexStore.fromEnv(undefined, { RESPONSES_INSPECTOR_CACHE: 'off' })).toBeNull();
    expect(IndexStore.fromEnv(undefined, { RESPONSES_INSPECTOR_CACHE: ' OFF ' })).toBeNull();
    expect(IndexStore.fromEnv(undefined, { RESPONSES_INSPECTOR_CACHE: '/tmp/ri-x' })?.dir).toBe('/tmp/ri-x');
    expect(IndexStore.fromEnv(undefined, { XDG_CACHE_HOME: '/tmp/ri-cache' })?.dir).toBe('/tmp/ri-cache/responses-inspector');
    expect(IndexStore.fromEnv(undefined, {})?.dir).toBe(path.join(os.homedir(), '.cache', 'responses-inspector'));
  });
});
