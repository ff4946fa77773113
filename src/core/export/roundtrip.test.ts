import { describe, expect, it } from 'vitest';
import type { CaptureRecord, FrameRecord } from '../capture.ts';
import { importHar } from '../har/importHar.ts';
import { CaptureBuilder, textTurnEvents } from '../testing/records.ts';
import { createCaptureModel } from '../turns.ts';
import { buildHar } from './har.ts';
import { parseExportFilter } from './filterParams.ts';
import { buildJsonExport, TIMELINE_FORMAT } from './json.ts';

const SECRET = 'sk-proj-abcdefghijklmnop0123456789';

/** Two interleaved connections, a binary frame, unicode, a close on each side, a reconnect. */
function capture(): CaptureRecord[] {
  const c = new CaptureBuilder();
  c.open('c1', { ua: 'agent/1', headers: { authorization: '[redacted]' } }).upstreamOpen('c1', 12);
  c.send('c1', { type: 'response.create', model: 'gpt-5.5', input: [{ type: 'message', role: 'user', content: 'héllo ✓ 🎉' }] }, 5);
  for (const ev of textTurnEvents('resp_1', 'Bonjour ✓')) c.receive('c1', ev, 7);
  c.open('c2').upstreamOpen('c2', 9);
  c.send('c2', { type: 'response.create', model: 'gpt-5.5', stream_id: 'b', input: [] }, 2);
  c.binary('c1', 'send', [0, 1, 2, 250, 255], 1);
  for (const ev of textTurnEvents('resp_2', `key ${SECRET}`, { stream_id: 'b' })) c.receive('c2', ev, 3);
  c.send('c1', { type: 'response.create', model: 'gpt-5.5', previous_response_id: 'resp_1', input: [] }, 40);
  for (const ev of textTurnEvents('resp_3', 'again')) c.receive('c1', ev, 4);
  c.close('c1', { side: 'client', code: 1000, reason: 'bye' });
  c.close('c2', { side: 'upstream', code: 1011, reason: 'server error', dt: 2 });
  return c.records;
}

const frames = (recs: CaptureRecord[]) => recs.filter((r): r is FrameRecord => r.kind === 'frame');

describe('capture → HAR → capture', () => {
  it('keeps every frame with its connection, order, direction, type, size, data and time, and each close', () => {
    const original = capture();
    const har = JSON.parse(buildHar(original, { includeSecrets: true }));
    const back = importHar(har).records;
    const strip = (f: FrameRecord) => ({ conn: f.conn, seq: f.seq, dir: f.dir, binary: f.binary, size: f.size, data: f.data, t: f.t });
    expect(frames(back).map(strip)).toEqual(frames(original).map(strip));
    const closes = (recs: CaptureRecord[]) => recs.filter((r) => r.kind === 'conn.close').map((r) => ({ ...r }));
    expect(closes(back)).toEqual(closes(original));
    const opens = back.filter((r) => r.kind === 'conn.open');
    expect(opens.map((o) => o.kind === 'conn.open' && [o.conn, o.path, o.headers])).toEqual([
      ['c1', '/v1/responses', { 'user-agent': 'agent/1', authorization: '[redacted]' }],
      ['c2', '/v1/responses', {}],
    ]);
    expect(back[0].kind).toBe('capture.start');
  });

  it('keeps the connection age limit and upstream, so a reopened HAR counts down to the same limit and links the same recycles', () => {
    // A 20 s limit; the agent opens c2 at 12 s and then closes c1: a make-before-break recycle,
    // which is linked only for connections older than half the limit.
    const c = new CaptureBuilder({ maxAgeMs: 20_000 });
    c.open('c1', { ua: 'agent/1' }).upstreamOpen('c1', 10);
    c.wait(12_000).open('c2', { ua: 'agent/1' }).upstreamOpen('c2', 10);
    c.close('c1', { side: 'client', code: 1000, reason: '', dt: 5 });
    const model = (recs: CaptureRecord[]) => {
      const m = createCaptureModel();
      for (const r of recs) m.add(r);
      return m;
    };
    const original = model(c.records);
    expect(original.connections().find((x) => x.conn === 'c2')).toMatchObject({ replaces: 'c1', reconnectReason: 'recycled' });
    const back = importHar(JSON.parse(buildHar(c.records))).records;
    expect(back[0]).toMatchObject({ kind: 'capture.start', maxAgeMs: 20_000, upstream: c.records[0].kind === 'capture.start' ? c.records[0].upstream : '' });
    const reopened = model(back);
    expect(reopened.info().maxAgeMs).toBe(20_000);
    expect(reopened.connections().find((x) => x.conn === 'c2')).toMatchObject({ replaces: 'c1', reconnectReason: 'recycled' });
  });

  it("writes Chrome's _webSocketMessages shape: epoch seconds, opcode 1 text and 2 base64, plus _webSocketClose", () => {
    const har = JSON.parse(buildHar(capture()));
    expect(har.log.version).toBe('1.2');
    const [e1] = har.log.entries;
    expect(e1._resourceType).toBe('websocket');
    expect(e1.response.status).toBe(101);
    expect(e1.request.url).toBe('ws://127.0.0.1:9/v1/responses');
    const first = e1._webSocketMessages[0];
    expect(first.type).toBe('send');
    expect(first.opcode).toBe(1);
    expect(first.time).toBeGreaterThan(1e9);
    expect(first.time).toBeLessThan(1e10);
    expect(e1._webSocketMessages.find((m: { opcode: number }) => m.opcode === 2).data).toBe('AAEC+v8=');
    expect(e1._webSocketClose).toEqual({ code: 1000, reason: 'bye', timestamp: expect.any(Number) });
  });

  it('masks key-shaped strings in payloads unless secrets are included', () => {
    const masked = buildHar(capture());
    expect(masked).not.toContain(SECRET);
    expect(masked).toContain('key [redacted]');
    expect(buildHar(capture(), { includeSecrets: true })).toContain(SECRET);
  });

  it('exports only the chosen connections', () => {
    const har = JSON.parse(buildHar(capture(), { filter: { conns: ['c2'] } }));
    expect(har.log.entries.map((e: { _responsesInspector: { conn: string } }) => e._responsesInspector.conn)).toEqual(['c2']);
  });
});

describe('capture → JSON timeline', () => {
  it('holds connections, turns with timings, and every event in capture order', () => {
    const recs = capture();
    const doc = JSON.parse(buildJsonExport(recs, { source: 'x.ndjson' }));
    expect(doc.format).toBe(TIMELINE_FORMAT);
    expect(doc.version).toBe(1);
    expect(doc.source).toBe('x.ndjson');
    expect(doc.filter).toBeNull();
    expect(doc.events).toHaveLength(recs.length - 1); // all but capture.start
    expect(doc.events.map((e: { t: number }) => e.t)).toEqual(recs.slice(1).map((r) => r.t));
    expect(doc.connections.map((c: { conn: string }) => c.conn)).toEqual(['c1', 'c2']);
    expect(doc.turns.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([
      ['c1#1', 'completed'],
      ['c2#1', 'completed'],
      ['c1#2', 'completed'],
    ]);
    const t1 = doc.turns[0];
    expect(t1.createdMs).toBe(7);
    expect(t1.ttftMs).toBe(14);
    expect(t1.totalMs).toBe(21);
    expect(doc.turns[2].previousTurnId).toBe('c1#1');
    const send = doc.events.find((e: { kind: string; dir?: string }) => e.kind === 'frame' && e.dir === 'send');
    expect(send).toMatchObject({ conn: 'c1', seq: 1, type: 'response.create', turn: 'c1#1', binary: false });
    expect(JSON.parse(send.data).input[0].content).toBe('héllo ✓ 🎉');
    expect(doc.counts).toEqual({ events: recs.length - 1, connections: 2, turns: 3, warnings: 0 });
  });

  it('masks secrets in payloads, turn text and errors unless included', () => {
    const masked = buildJsonExport(capture());
    expect(masked).not.toContain(SECRET);
    expect(buildJsonExport(capture(), { includeSecrets: true })).toContain(SECRET);
  });

  it('exports a filtered view: connections, a turn range and event types', () => {
    const byConn = JSON.parse(buildJsonExport(capture(), { filter: { conns: ['c2'] } }));
    expect(new Set(byConn.events.map((e: { conn: string }) => e.conn))).toEqual(new Set(['c2']));
    expect(byConn.turns.map((t: { id: string }) => t.id)).toEqual(['c2#1']);
    expect(byConn.filter).toEqual({ conns: ['c2'] });

    const byTurn = JSON.parse(buildJsonExport(capture(), { filter: { turns: { from: 3, to: 3 } } }));
    const turnFrames = byTurn.events.filter((e: { kind: string }) => e.kind === 'frame');
    expect(new Set(turnFrames.map((e: { turn: string }) => e.turn))).toEqual(new Set(['c1#2']));
    expect(turnFrames).toHaveLength(4);
    expect(byTurn.turns.map((t: { index: number }) => t.index)).toEqual([3]);

    const byType = JSON.parse(buildJsonExport(capture(), { filter: { types: ['response.completed', 'conn.close'] } }));
    expect(byType.events.map((e: { type?: string; kind: string }) => e.type ?? e.kind)).toEqual([
      'response.completed',
      'response.completed',
      'response.completed',
      'conn.close',
      'conn.close',
    ]);
    expect(byType.turns).toHaveLength(3);
  });

  it('lists, with a search, only the turns that have a kept event, and names the search', () => {
    const search = parseExportFilter({ q: 'again' })!;
    const doc = JSON.parse(buildJsonExport(capture(), { filter: search }));
    const kept = doc.events.filter((e: { kind: string }) => e.kind === 'frame');
    expect(kept.length).toBeGreaterThan(0);
    expect(new Set(kept.map((e: { turn: string }) => e.turn))).toEqual(new Set(['c1#2']));
    expect(doc.turns.map((t: { id: string }) => t.id)).toEqual(['c1#2']);
    expect(doc.counts.turns).toBe(1);
    expect(doc.filter).toEqual({ custom: true, search: 'again' });
    // Nothing found: no turns either.
    const none = JSON.parse(buildJsonExport(capture(), { filter: parseExportFilter({ q: 'nowhere to be found' }) }));
    expect(none.events).toEqual([]);
    expect(none.turns).toEqual([]);
    expect(JSON.parse(buildJsonExport(capture(), { filter: parseExportFilter({ q: 'ag+ain', regex: '1' }) })).filter).toEqual({ custom: true, search: 'ag+ain', regex: true });
  });
});

describe('HTTP passthrough exchanges', () => {
  /** One streamed exchange as the relay records it, then one cut by the upstream, beside a WebSocket. */
  function httpCapture(): CaptureRecord[] {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    c.send('c1', { type: 'response.create', model: 'gpt-5.5', input: [] });
    let t = c.t;
    const frame = (conn: string, seq: number, dir: 'send' | 'receive', data: string, extra: Partial<FrameRecord>): FrameRecord => ({
      kind: 'frame',
      t: (t += 3.25),
      conn,
      seq,
      dir,
      binary: false,
      size: data.length,
      data,
      ...extra,
    });
    const headers = { authorization: '[redacted]', 'content-type': 'application/json' };
    const out: CaptureRecord[] = [...c.records];
    out.push({ kind: 'conn.open', t: (t += 1), conn: 'h1', path: '/v1/responses', headers, transport: 'http', method: 'POST', agentSocket: 'a1' });
    out.push(frame('h1', 1, 'send', '{"model":"gpt-5.5","stream":true,"input":"hi sk-proj-abcdefghijklmnopqrstuvwxyz"}', { http: 'request' }));
    out.push({
      kind: 'conn.upstream_open',
      t: (t += 40.5),
      conn: 'h1',
      upstream: 'https://api.openai.com/v1/responses',
      status: 200,
      handshakeMs: 52.5,
      headers: { 'content-type': 'text/event-stream' },
      setupMs: 12,
      reused: false,
    });
    textTurnEvents('resp_h1', 'Hello\nthere').forEach((ev, i) =>
      out.push(frame('h1', i + 2, 'receive', JSON.stringify(ev), { http: 'sse', event: (ev as { type: string }).type })),
    );
    out.push({ kind: 'conn.close', t: (t += 1), conn: 'h1', side: 'upstream', code: 1000, reason: '' });
    out.push({ kind: 'conn.open', t: (t += 5), conn: 'h2', path: '/v1/responses', headers, transport: 'http', method: 'POST' });
    out.push(frame('h2', 1, 'send', '{"model":"gpt-5.5"}', { http: 'request' }));
    out.push({ kind: 'conn.upstream_open', t: (t += 20), conn: 'h2', upstream: 'https://api.openai.com/v1/responses', status: 500, handshakeMs: 20, setupMs: 0, reused: true });
    out.push(frame('h2', 2, 'receive', '{"error":{"message":"boom","type":"server_error","code":null}}', { http: 'response', status: 500 }));
    out.push({ kind: 'conn.close', t: (t += 1), conn: 'h2', side: 'upstream', code: 1006, reason: 'the upstream cut the response' });
    return out;
  }

  it('become request entries any HAR reader shows: POST, body, status, SSE text, timings', () => {
    const har = JSON.parse(buildHar(httpCapture()));
    // biome-ignore lint/suspicious/noExplicitAny: a HAR parsed back from its text, probed field by field below.
    const entries = har.log.entries as Record<string, any>[];
    expect(entries.map((e) => e._responsesInspector.conn)).toEqual(['c1', 'h1', 'h2']);
    const h1 = entries[1];
    expect(h1.request).toMatchObject({ method: 'POST', url: 'https://api.openai.com/v1/responses', postData: { mimeType: 'application/json' } });
    expect(h1.request.postData.text).toContain('"input":"hi [redacted]"');
    expect(h1.response).toMatchObject({ status: 200, content: { mimeType: 'text/event-stream' } });
    expect(h1.response.content.text).toMatch(/^event: response\.created\ndata: \{"type":"response\.created"/);
    expect(h1.timings).toMatchObject({ connect: 12, wait: 40.5 });
    expect(entries[2].response).toMatchObject({ status: 500, content: { mimeType: 'application/json', text: expect.stringContaining('boom') } });
  });

  it('round-trip through a HAR with every event, its time, and how each exchange ended', () => {
    const records = httpCapture().map((r) => (r.kind === 'frame' ? { ...r, data: r.data.replace('sk-proj-abcdefghijklmnopqrstuvwxyz', '[redacted]') } : r));
    const back = importHar(JSON.parse(buildHar(records))).records;
    // A HAR has no "no headers": an upstream answer without any comes back with an empty list.
    const strip = (list: CaptureRecord[]) =>
      list
        .filter((r) => r.kind !== 'capture.start' && r.kind !== 'capture.end')
        .map((r) => (r.kind === 'frame' ? { ...r, size: r.data.length } : r.kind === 'conn.upstream_open' ? { ...r, headers: r.headers ?? {} } : r));
    expect(strip(back)).toEqual(strip(records));
    const doc = JSON.parse(buildJsonExport(back));
    expect(doc.turns.map((t: { conn: string; status: string }) => [t.conn, t.status])).toEqual([
      ['c1', 'cut'],
      ['h1', 'completed'],
      ['h2', 'error'],
    ]);
    expect(doc.turns[1].outputText).toBe('Hello\nthere');
  });
});
