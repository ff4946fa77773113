import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer, type WebSocket as Peer } from 'ws';
import { FEED_PATH } from '../core/feed.ts';
import { createDashboardStore, type DashboardStore } from '../store/index.ts';
import { startFileSource, type FileInput } from './fileSource.ts';
import { startLiveSource } from './liveSource.ts';
import { createSourceSwitch, type SourceSwitch } from './sourceSwitch.ts';
import { installPageClock } from './testing/pageClock.ts';

installPageClock();

const header = (t: number) => ({
  kind: 'capture.start',
  t,
  format: 'responses-inspector.capture',
  version: 1,
  upstream: 'wss://api.openai.com/v1/responses',
  tool: { name: 'responses-inspector', version: '0.1.0' },
});
const open = (conn: string, t: number) => ({ kind: 'conn.open', t, conn, path: '/v1/responses', headers: {} });
const line = (rec: object) => JSON.stringify(rec) + '\n';

/** A relay's feed over a real WebSocket on loopback: the test sends each connection's frames. */
let server: WebSocketServer;
let url = '';
let peers: Peer[] = [];
beforeAll(async () => {
  // The page's WebSocket; Node 20 has none of its own.
  (globalThis as unknown as Record<string, unknown>).WebSocket = NodeWebSocket;
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (ws) => peers.push(ws));
  await new Promise((r) => server.once('listening', r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}${FEED_PATH}`;
});
afterAll(() => new Promise((r) => server.close(r)));

function hello(ws: Peer) {
  ws.send(JSON.stringify({ type: 'hello', protocol: 1, mode: 'live', tool: { name: 'responses-inspector', version: '0.1.0' }, maxAgeMs: 3_600_000, backlogBytes: 0 }));
}
const sendLines = (ws: Peer, text: string) => ws.send(Buffer.from(text), { binary: true });

async function until(cond: () => boolean) {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}
const conns = (store: DashboardStore) => store.getState().data.timeline.records!.flatMap((r) => (r.kind === 'conn.open' ? [r.conn] : []));
const alerts = (store: DashboardStore) => store.getState().alerts.map((a) => `${a.level}: ${a.message}`);

/** A file whose bytes the test hands over one piece at a time. */
function slowFile(name: string) {
  let push: (text: string) => void = () => undefined;
  let end: () => void = () => undefined;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      push = (text) => c.enqueue(new TextEncoder().encode(text));
      end = () => c.close();
    },
  });
  const input: FileInput = { name, origin: 'drop', open: async () => ({ body, totalBytes: 0 }) };
  return { input, push: (text: string) => push(text), end: () => end() };
}

describe('one source at a time', () => {
  let store: DashboardStore;
  let sw: SourceSwitch;
  beforeEach(() => {
    for (const p of peers) p.close();
    peers = [];
    store = createDashboardStore();
    sw = createSourceSwitch(store);
  });

  it('live: a bad line is a warning naming it, and the lines around it are shown', async () => {
    const live = sw.open((feed) => startLiveSource(feed, url));
    await until(() => peers.length === 1);
    hello(peers[0]);
    sendLines(peers[0], line(header(1_000)) + '{"kind":"conn.open", broken\n' + line(open('c1', 1_001)));
    await until(() => conns(store).includes('c1'));
    expect(store.getState().data.timeline.records!.map((r) => r.kind)).toEqual(['capture.start', 'conn.open']);
    // Worded as a file opened in the dashboard is (loadWarnings.ts): the file, the line, the reason.
    expect(alerts(store)).toEqual([expect.stringMatching(/^warning: 1 line skipped in .+ \(line 2: not valid JSON .*\)$/)]);
    live.stop();
  });

  it('live: a feed that is not a capture this dashboard reads is one clear error, nothing shown', async () => {
    const live = sw.open((feed) => startLiveSource(feed, url));
    await until(() => peers.length === 1);
    hello(peers[0]);
    sendLines(peers[0], line({ ...header(1_000), version: 9 }) + line(open('c1', 1_001)) + line(open('c2', 1_002)));
    await until(() => alerts(store).length > 0);
    expect(alerts(store)).toEqual([expect.stringMatching(/^error: The feed's capture cannot be read: .*version/)]);
    expect(conns(store)).toEqual([]);
    live.stop();
  });

  it('a file still loading when the view goes live: none of its later records arrive', async () => {
    const file = slowFile('a.ndjson');
    const loading = sw.open((feed) => startFileSource(feed, file.input));
    file.push(line(header(1_000)) + line(open('file-1', 1_001)));
    await until(() => conns(store).includes('file-1'));

    sw.open((feed) => startLiveSource(feed, url));
    await until(() => peers.length === 1);
    hello(peers[0]);
    sendLines(peers[0], line(header(2_000)) + line(open('live-1', 2_001)));
    await until(() => conns(store).includes('live-1'));

    // The file goes on delivering after the switch.
    file.push(line(open('file-2', 1_002)));
    file.end();
    expect(await loading.loaded).toMatchObject({ ok: false });
    sendLines(peers[0], line(open('live-2', 2_002)));
    await until(() => conns(store).includes('live-2'));
    expect(conns(store)).toEqual(['live-1', 'live-2']);
    expect(store.getState().source).toEqual({ kind: 'live' });
    expect(store.getState().loadingFile).toBeNull();
  });

  it('a file opened while another still loads: only the second one is shown, and it loads whole', async () => {
    const first = slowFile('first.ndjson');
    const a = sw.open((feed) => startFileSource(feed, first.input));
    first.push(line(header(1_000)) + line(open('first-1', 1_001)));
    await until(() => conns(store).includes('first-1'));
    const second = slowFile('second.ndjson');
    const b = sw.open((feed) => startFileSource(feed, second.input));
    second.push(line(header(5_000)) + line(open('second-1', 5_001)));
    await until(() => conns(store).includes('second-1'));
    first.push(line(open('first-2', 1_002)));
    first.end();
    second.push(line(open('second-2', 5_002)));
    second.end();
    expect(await a.loaded).toMatchObject({ ok: false });
    expect(await b.loaded).toEqual({ ok: true, records: 3, warnings: 0 });
    expect(conns(store)).toEqual(['second-1', 'second-2']);
    expect(store.getState().loadProgress.done).toBe(true);
    expect(store.getState().source).toEqual({ kind: 'file', name: 'second.ndjson', origin: 'drop' });
  });

  it('replay shows the records up to the playhead, backwards and forwards, and the whole file when it stops', async () => {
    const f = new File([line(header(1_000)) + line(open('c1', 1_001)) + line(open('c2', 1_002)) + line(open('c3', 1_003))], 'r.ndjson');
    expect(await store.getState().openLocalFile(f)).toEqual({ ok: true, records: 4, warnings: 0 });
    const s = () => store.getState();
    s().startReplay();
    expect(s().replay).toMatchObject({ playing: false, startT: 999, endT: 1_003, t: 999 });
    s().seek(1_002);
    await until(() => conns(store).length === 2);
    s().seek(1_000);
    await until(() => s().data.timeline.recordCount === 1);
    s().seek(1_001.5);
    await until(() => conns(store).length === 1);
    expect(conns(store)).toEqual(['c1']);
    s().stopReplay();
    await until(() => conns(store).length === 3);
    expect(s().replay).toBeNull();
    expect(s().hello?.mode).toBe('file');
  });
});
