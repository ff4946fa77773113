import { mkdtempSync, writeFileSync } from 'node:fs';
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
    writeFileSync(path.join(dir, 'older.ndjson'), '{"kind":"capture.start","t":1,"format":"responses-inspector.capture","version":1,"upstream":"x","tool":{"name":"x","version":"1"}}\n');
    const relay = await startRelay({ port: 0, upstream: upstream.url, capturesDir: dir, maxAgeMs: 3_600_000, quiet: true });
    cleanup.push(() => upstream.close(), () => relay.close());

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
    expect(list.captures.map((c) => [c.name, c.current ?? false]).sort()).toEqual([
      [path.basename(relay.captureFile!), true],
      ['older.ndjson', false],
    ].sort());

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
