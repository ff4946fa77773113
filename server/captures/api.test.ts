import { mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay } from '../relay.ts';
import { startScriptedUpstream } from '../testing/scriptedUpstream.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

describe('capture API on the live relay', () => {
  it('lists the captures folder with the live capture marked, and exports the live capture as it stands', async () => {
    const upstream = await startScriptedUpstream();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-api-'));
    writeFileSync(
      path.join(dir, 'older.ndjson'),
      '{"kind":"capture.start","t":1,"format":"responses-inspector.capture","version":1,"upstream":"x","tool":{"name":"x","version":"1"}}\n',
    );
    const relay = await startRelay({ port: 0, upstream: upstream.url, capturesDir: dir, maxAgeMs: 3_600_000, quiet: true });
    cleanup.push(
      () => upstream.close(),
      () => relay.close(),
    );

    const ws = new WebSocket(relay.relayUrl, { headers: { authorization: 'Bearer sk-test-api-000000000000000000' } });
    await new Promise((r) => ws.once('open', r));
    const got: string[] = [];
    ws.on('message', (d: Buffer) => got.push(d.toString()));
    ws.send(JSON.stringify({ type: 'response.create', model: 'gpt-5.5', input: [] }));
    const end = Date.now() + 5000;
    while (!got.some((m) => m.includes('response.completed')) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));

    const base = `http://127.0.0.1:${relay.port}`;
    const get = (p: string, token = relay.token) => fetch(base + p, { headers: { 'x-inspector-token': token } });
    expect((await get('/api/captures', 'wrong')).status).toBe(401);
    const list = (await (await get('/api/captures')).json()) as { current: string; captures: { name: string; current?: boolean }[] };
    expect(list.current).toBe(path.basename(relay.captureFile!));
    expect(list.captures.map((c) => [c.name, c.current ?? false]).sort()).toEqual(
      [
        [path.basename(relay.captureFile!), true],
        ['older.ndjson', false],
      ].sort(),
    );

    const har = (await (await get('/api/export?format=har')).json()) as { log: { entries: { _webSocketMessages: { type: string }[] }[] } };
    const messages = har.log.entries[0]._webSocketMessages;
    expect(messages[0].type).toBe('send');
    expect(messages.filter((m) => m.type === 'receive')).toHaveLength(got.length);
    const doc = (await (await get('/api/export?format=json')).json()) as { turns: { status: string }[] };
    expect(doc.turns.map((t) => t.status)).toEqual(['completed']);
    // /api/stats still answers next to them.
    expect((await get('/api/stats')).status).toBe(200);
    ws.close();
  });
});

/** A relay with a captures folder, and GET with its token. */
async function relayOn(dir: string) {
  const upstream = await startScriptedUpstream();
  const relay = await startRelay({ port: 0, upstream: upstream.url, capturesDir: dir, maxAgeMs: 3_600_000, quiet: true });
  cleanup.push(
    () => upstream.close(),
    () => relay.close(),
  );
  const get = (p: string) => fetch(`http://127.0.0.1:${relay.port}${p}`, { headers: { 'x-inspector-token': relay.token } });
  return { relay, get };
}

describe('capture listing: paged, and only files inside the folder', () => {
  const header = (t: number) => `{"kind":"capture.start","t":${t},"format":"responses-inspector.capture","version":1,"upstream":"x","tool":{"name":"x","version":"1"}}\n`;

  it('pages through 1,100 files newest first with a cursor, each listed once, and serves the oldest', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-api-many-'));
    const base = Date.parse('2026-01-01T00:00:00Z') / 1000;
    for (let i = 0; i < 1100; i++) {
      const file = path.join(dir, `cap-${String(i).padStart(4, '0')}.ndjson`);
      writeFileSync(file, header(i));
      utimesSync(file, base + i, base + i);
    }
    const { relay, get } = await relayOn(dir);
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await get(`/api/captures?limit=300${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { total: number; next?: string; captures: { name: string; firstT?: number }[] };
      expect(page.total).toBe(1101); // and the live capture
      expect(page.captures.length).toBeLessThanOrEqual(300);
      names.push(...page.captures.map((c) => c.name));
      cursor = page.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(names[0]).toBe(path.basename(relay.captureFile!));
    expect(names.slice(1)).toEqual(Array.from({ length: 1100 }, (_, i) => `cap-${String(1099 - i).padStart(4, '0')}.ndjson`));
    const oldest = await get('/api/capture?file=cap-0000.ndjson');
    expect(oldest.status).toBe(200);
    expect(await oldest.text()).toBe(header(0));
    expect((await get('/api/captures?cursor=nonsense')).status).toBe(400);
    expect((await get('/api/captures?limit=0')).status).toBe(400);
  });

  it('neither lists nor serves dot-files or symbolic links that lead out of the folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-api-links-'));
    const outside = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-api-outside-')), 'secret.ndjson');
    writeFileSync(outside, header(1));
    writeFileSync(path.join(dir, '.hidden.ndjson'), header(2));
    writeFileSync(path.join(dir, 'inside.ndjson'), header(3));
    symlinkSync(outside, path.join(dir, 'escape.ndjson'));
    symlinkSync(path.join(dir, 'inside.ndjson'), path.join(dir, 'alias.ndjson'));
    const { relay, get } = await relayOn(dir);
    const list = (await (await get('/api/captures')).json()) as { captures: { name: string }[] };
    expect(list.captures.map((c) => c.name).sort()).toEqual(['alias.ndjson', 'inside.ndjson', path.basename(relay.captureFile!)].sort());
    for (const name of ['.hidden.ndjson', 'escape.ndjson']) {
      expect((await get(`/api/capture?file=${name}`)).status).toBe(404);
      expect((await get(`/api/export?format=json&file=${name}`)).status).toBe(404);
    }
    expect(await (await get('/api/capture?file=alias.ndjson')).text()).toBe(header(3));
  });
});

describe('/api/export filter: the CLI export rules', () => {
  it('refuses turn 0, a reversed range and an unknown direction with a 400 that says why, and still exports a valid range', async () => {
    const { get } = await relayOn(mkdtempSync(path.join(os.tmpdir(), 'ri-api-filter-')));
    for (const [query, message] of [
      ['turns=0', 'turns counts turns from 1, not "0"'],
      ['turns=5-3', 'turns 5-3 is reversed: the first turn comes first (3-5)'],
      ['turns=x', 'turns must be N, N-M, N- or -M (turn numbers from 1), not "x"'],
      ['dirs=up', 'dirs must be send and/or receive, not "up"'],
    ]) {
      const res = await get(`/api/export?format=json&${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.json()).toEqual({ error: message, code: 'BAD_FILTER' });
    }
    const ok = await get('/api/export?format=json&turns=1-2');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { filter: unknown }).filter).toEqual({ turns: { from: 1, to: 2 } });
  });
  it("applies the dashboard's search (q, regex=1) as the page searched: on payloads as masked, other records' JSON", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-api-search-'));
    const frame = (seq: number, data: object) => {
      const text = JSON.stringify(data);
      return JSON.stringify({ kind: 'frame', t: 1_790_000_000_000 + seq, conn: 'c1', seq, dir: 'receive', binary: false, size: text.length, data: text });
    };
    const key = `sk-proj-${'A'.repeat(40)}`;
    const lines = [
      '{"kind":"capture.start","t":1790000000000,"format":"responses-inspector.capture","version":1,"upstream":"x","tool":{"name":"x","version":"1"}}',
      '{"kind":"conn.open","t":1790000000000.5,"conn":"c1","path":"/v1/responses","headers":{}}',
      frame(1, { type: 'response.output_text.delta', delta: 'the Needle here' }),
      frame(2, { type: 'response.output_text.delta', delta: 'nothing' }),
      frame(3, { type: 'response.output_text.delta', delta: `a key ${key}` }),
      frame(4, { type: 'response.output_text.delta', delta: 'needle42 again' }),
    ];
    writeFileSync(path.join(dir, 'searched.ndjson'), `${lines.join('\n')}\n`);
    const { get } = await relayOn(dir);
    const seqs = async (query: string) => {
      const res = await get(`/api/export?format=json&file=searched.ndjson&${query}`);
      expect(res.status, query).toBe(200);
      const doc = (await res.json()) as { events: { kind: string; seq?: number }[] };
      return doc.events.map((e) => e.seq ?? e.kind);
    };
    // Plain text, case-insensitive for a lower-case needle; the other records' JSON is searched too.
    expect(await seqs('q=needle')).toEqual([1, 4]);
    expect(await seqs(`q=${encodeURIComponent('/v1/responses')}`)).toEqual(['conn.open']);
    // A regex; with the other filters.
    expect(await seqs(`q=${encodeURIComponent('needle\\d+')}&regex=1`)).toEqual([4]);
    expect(await seqs(`q=needle&turns=1-`)).toEqual([]);
    // The key was never on the page: searching for it finds nothing; its mask is what was shown.
    expect(await seqs('q=sk-proj')).toEqual([]);
    expect(await seqs(`q=${encodeURIComponent('[redacted]')}`)).toEqual([3]);
    // A regex that does not compile is a 400 that says why.
    const bad = await get('/api/export?format=json&file=searched.ndjson&q=(&regex=1');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string; code: string }).error).toMatch(/^q is not a valid regular expression: /);
  });
});
