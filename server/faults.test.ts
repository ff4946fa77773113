import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ROOT } from './paths.ts';
import { startRelay } from './relay.ts';
import { readCapture } from './testing/captureFile.ts';
import { startScriptedUpstream, type ScriptedUpstream } from './testing/scriptedUpstream.ts';
import { until } from './testing/until.ts';

/**
 * The fault-injection suite. The relay runs as the real CLI in its own process, so its
 * memory can be read from outside; every test checks that no frame was lost and that the relay
 * kept serving. The figures are printed at the end.
 */
const BIN = path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs');
const figures: Record<string, string> = {};
let children: ChildProcess[] = [];
let closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const fn of closers.reverse()) await fn();
  children = [];
  closers = [];
});
afterAll(() => {
  const rows = Object.entries(figures).map(([k, v]) => `  ${k.padEnd(48)} ${v}`);
  console.log(`\nfault-injection figures:\n${rows.join('\n')}\n`);
});

interface RelayProc {
  relayUrl: string;
  port: number;
  token: string;
  stats(gc?: boolean): Promise<{ connections: number; peakConnections: number; frames: number; memory: { rss: number; heapUsed: number } }>;
  alive(): boolean;
  stderr(): string;
}

async function relayProcess(upstream: string, extra: string[] = []): Promise<RelayProc> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-faults-'));
  const child = spawn(process.execPath, ['--expose-gc', BIN, 'start', '--port', '0', '--upstream', upstream, '--captures', dir, ...extra], {
    cwd: ROOT,
    env: { ...process.env, CI: '1' },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c));
  const lines = await new Promise<Record<string, string>>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c;
      const m = Object.fromEntries([...out.matchAll(/^(relay|dashboard): (\S+)$/gm)].map((x) => [x[1], x[2]]));
      if (m.relay && m.dashboard) resolve(m);
    });
    child.on('exit', () => reject(new Error(`relay exited: ${err}`)));
  });
  const port = Number(new URL(lines.dashboard).port);
  const token = /#token=([0-9a-f]+)/.exec(lines.dashboard)![1];
  return {
    relayUrl: lines.relay,
    port,
    token,
    async stats(gc = false) {
      const res = await fetch(`http://127.0.0.1:${port}/api/stats${gc ? '?gc=1' : ''}`, { headers: { 'x-inspector-token': token } });
      return (await res.json()) as never;
    },
    alive: () => child.exitCode === null,
    stderr: () => err,
  };
}

async function upstream(opts: Parameters<typeof startScriptedUpstream>[0] = {}): Promise<ScriptedUpstream> {
  const u = await startScriptedUpstream(opts);
  closers.push(() => u.close());
  return u;
}

function agent(url: string, opts: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 0, ...opts });
  const received: Buffer[] = [];
  ws.on('message', (d: Buffer) => received.push(d));
  ws.on('error', () => undefined);
  const opened = new Promise<number>((resolve) => {
    ws.once('open', () => resolve(101));
    ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
  return { ws, received, opened, closed };
}

/** A normal exchange still works: the relay was not knocked over. */
async function healthy(relayUrl: string): Promise<void> {
  const a = agent(relayUrl);
  expect(await a.opened).toBe(101);
  a.ws.send('{"type":"ping-check"}');
  await until(() => a.received.length === 1);
  a.ws.close();
}

const MB = 1024 * 1024;

describe('fault injection', () => {
  it('survives an upstream that is down at start, then serves it when it comes up', async () => {
    const port = await freePort();
    const relay = await relayProcess(`ws://127.0.0.1:${port}/v1/responses`);
    for (let i = 0; i < 20; i++) expect(await agent(relay.relayUrl).opened).toBe(502);
    const wss = new WebSocketServer({ host: '127.0.0.1', port });
    wss.on('connection', (ws) => ws.on('message', (d, b) => ws.send(d, { binary: b })));
    closers.push(() => new Promise((r) => wss.close(() => r())));
    await healthy(relay.relayUrl);
    expect(relay.alive()).toBe(true);
    figures['upstream down at start: refused agents (502)'] = '20';
  });

  it('survives an upstream that flaps, and loses no frame of the connections that stay up', async () => {
    let n = 0;
    const up = await upstream({
      onMessage: (ws, data, _b, conn) => {
        // Every third connection dies mid-stream without a close frame; the others echo.
        if (n < 60 && n++ % 3 === 0) (ws as unknown as { _socket: net.Socket })._socket.destroy();
        else conn.send(data);
        return true;
      },
    });
    const relay = await relayProcess(up.url);
    let echoed = 0;
    let sent = 0;
    const results = await Promise.all(
      Array.from({ length: 60 }, async () => {
        const a = agent(relay.relayUrl);
        if ((await a.opened) !== 101) return 'refused';
        sent++;
        a.ws.send('{"type":"response.create"}');
        const r = await Promise.race([a.closed.then(() => 'cut'), until(() => a.received.length === 1).then(() => 'ok')]);
        if (r === 'ok') echoed++;
        a.ws.terminate();
        return r;
      }),
    );
    expect(results.filter((r) => r === 'cut').length).toBeGreaterThan(0);
    expect(echoed).toBeGreaterThan(0);
    expect(echoed + results.filter((r) => r === 'cut').length).toBe(sent);
    await healthy(relay.relayUrl);
    figures['flapping upstream: connections echoed / cut'] = `${echoed} / ${results.filter((r) => r === 'cut').length}`;
  });

  it('takes a reconnect storm of 100 connects/s for 5 s, and its memory returns to baseline', async () => {
    const up = await upstream();
    const relay = await relayProcess(up.url);
    await healthy(relay.relayUrl);
    const baseline = (await relay.stats(true)).memory.heapUsed;
    let peakRss = 0;
    let ok = 0;
    let lost = 0;
    const pending: Promise<void>[] = [];
    for (let tick = 0; tick < 50; tick++) {
      for (let i = 0; i < 10; i++) {
        pending.push(
          (async () => {
            const a = agent(relay.relayUrl);
            if ((await a.opened) !== 101) return void lost++;
            a.ws.send('x');
            await until(() => a.received.length === 1).then(
              () => ok++,
              () => lost++,
            );
            a.ws.close();
            await a.closed;
          })(),
        );
      }
      await new Promise((r) => setTimeout(r, 100));
      if (tick % 10 === 0) peakRss = Math.max(peakRss, (await relay.stats()).memory.rss);
    }
    await Promise.all(pending);
    const s = await relay.stats();
    peakRss = Math.max(peakRss, s.memory.rss);
    expect(ok).toBe(500);
    expect(lost).toBe(0);
    await until(() => false, 300).catch(() => undefined);
    const after = (await relay.stats(true)).memory.heapUsed;
    expect((await relay.stats()).connections).toBe(0);
    expect(after - baseline).toBeLessThan(8 * MB);
    figures['reconnect storm: connections / frames lost'] = `${ok} / ${lost}`;
    figures['reconnect storm: peak concurrent connections'] = String(s.peakConnections);
    figures['reconnect storm: peak RSS'] = `${(peakRss / MB).toFixed(1)} MB`;
    figures['reconnect storm: heap before / after (GC)'] = `${(baseline / MB).toFixed(1)} / ${(after / MB).toFixed(1)} MB`;
  });

  it('closes an agent that sends invalid UTF-8 with 1007, and its upstream too, crashing nothing', async () => {
    const up = await upstream();
    const relay = await relayProcess(up.url);
    const a = agent(relay.relayUrl);
    await a.opened;
    a.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await a.closed).code).toBe(1007);
    await up.conns[0].closed;
    await healthy(relay.relayUrl);
  });

  it('refuses a frame over the size limit with 1009 and keeps serving', async () => {
    const up = await upstream();
    const relay = await relayProcess(up.url);
    const a = agent(relay.relayUrl);
    await a.opened;
    a.ws.send(Buffer.alloc(129 * MB, 0x61), { binary: true });
    expect((await a.closed).code).toBe(1009);
    await healthy(relay.relayUrl);
    const s = await relay.stats(true);
    expect(s.memory.heapUsed).toBeLessThan(200 * MB);
  });

  it('answers garbage and malformed upgrades with an HTTP error and closes them', async () => {
    const up = await upstream();
    const relay = await relayProcess(up.url);
    const garbage = [
      'GARBAGE\r\n\r\n',
      '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03',
      `GET /v1/responses HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
    ];
    for (const g of garbage) {
      const reply = await rawExchange(relay.port, g, 3000);
      expect(reply).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    await healthy(relay.relayUrl);
    expect(up.conns.length).toBe(1); // the malformed upgrade never reached the upstream
  });

  it('times out half-open upgrades that stall, while other agents are served', async () => {
    const up = await upstream();
    const relay = await relayProcess(up.url);
    const stalled = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const s = net.connect(relay.port, '127.0.0.1');
        await new Promise((r) => s.once('connect', r));
        s.write(`GET /v1/responses HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\nUpgrade: websocket\r\n`);
        return new Promise<number>((resolve) => {
          const started = Date.now();
          s.on('data', () => undefined);
          s.on('error', () => undefined);
          s.on('close', () => resolve(Date.now() - started));
        });
      }).map(async (p) => p),
    );
    await healthy(relay.relayUrl);
    const times = await Promise.all(stalled);
    expect(times.every((t) => t < 15_000)).toBe(true);
    expect(relay.alive()).toBe(true);
    figures['half-open upgrades: closed after (max)'] = `${(Math.max(...times) / 1000).toFixed(1)} s`;
  }, 30_000);

  it('answers 504 when the upstream accepts TCP but never answers the upgrade', async () => {
    const silent = net.createServer((s) => s.on('data', () => undefined));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => silent.close(() => r())));
    const relay = await startRelay({
      port: 0,
      upstream: `ws://127.0.0.1:${(silent.address() as net.AddressInfo).port}/v1/responses`,
      capturesDir: os.tmpdir(),
      captureFile: null,
      maxAgeMs: 1000,
      quiet: true,
      upstreamTimeoutMs: 300,
    });
    closers.push(() => relay.close());
    expect(await agent(relay.relayUrl).opened).toBe(504);
  });

  it('never lets a slow agent make the relay buffer without bound, and delivers every frame in order', async () => {
    const total = 100;
    const frame = Buffer.alloc(MB, 0x62);
    const up = await upstream({
      onMessage: (ws) => {
        let i = 0;
        const pump = () => {
          while (i < total && ws.bufferedAmount < 8 * MB) ws.send(Buffer.concat([Buffer.from(String(i++).padStart(8, '0')), frame]), { binary: true });
          if (i < total) setTimeout(pump, 2);
        };
        pump();
        return true;
      },
    });
    const relay = await relayProcess(up.url);
    const base = (await relay.stats(true)).memory.rss;
    const a = agent(relay.relayUrl);
    await a.opened;
    (a.ws as unknown as { _socket: net.Socket })._socket.pause();
    a.ws.send('go');
    let peak = 0;
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 50));
      peak = Math.max(peak, (await relay.stats()).memory.rss);
    }
    (a.ws as unknown as { _socket: net.Socket })._socket.resume();
    await until(() => a.received.length === total, 30_000);
    for (let i = 0; i < total; i++) expect(a.received[i].subarray(0, 8).toString()).toBe(String(i).padStart(8, '0'));
    expect(peak - base).toBeLessThan(120 * MB);
    figures['slow agent: 100 MB streamed, relay RSS growth while stalled'] = `${((peak - base) / MB).toFixed(1)} MB`;
    figures['slow agent: frames forwarded / lost'] = `${a.received.length} / ${total - a.received.length}`;
  });

  it('keeps forwarding when the captures folder is not writable, and says so loudly', async () => {
    const up = await upstream();
    // An existing folder where no file can be created, even by root (tests may run as root, which
    // chmod does not stop). A folder that cannot exist at all (under a file) is refused at startup.
    const relay = await relayProcess(up.url, ['--captures', '/proc']);
    await healthy(relay.relayUrl);
    expect(relay.stderr()).toMatch(/CAPTURE FAILED: cannot create capture file/);
    const info = (await fetch(`http://127.0.0.1:${relay.port}/api/info`, { headers: { 'x-inspector-token': relay.token } }).then((r) => r.json())) as { captureError: string };
    expect(info.captureError).toMatch(/cannot create capture file/);
  });

  it('keeps forwarding when the disk fills up mid-run (ENOSPC), and tells the dashboard', async () => {
    const up = await upstream();
    const relay = await startRelay({ port: 0, upstream: up.url, capturesDir: os.tmpdir(), captureFile: '/dev/full', captureOpenFlags: 'w', maxAgeMs: 1000, quiet: true });
    closers.push(() => relay.close());
    const origin = `http://127.0.0.1:${relay.port}`;
    const feed = new WebSocket(`ws://127.0.0.1:${relay.port}/feed`, { headers: { origin, 'x-inspector-token': relay.token } });
    const control: { type: string; message?: string }[] = [];
    feed.on('message', (d: Buffer, binary) => !binary && control.push(JSON.parse(d.toString())));
    await new Promise((r) => feed.once('open', r));
    for (let i = 0; i < 5; i++) await healthy(relay.relayUrl);
    await until(() => control.some((c) => c.type === 'capture-error'));
    expect(control.find((c) => c.type === 'capture-error')!.message).toMatch(/ENOSPC/);
    const info = (await fetch(`${origin}/api/info`, { headers: { 'x-inspector-token': relay.token } }).then((r) => r.json())) as { captureError: string };
    expect(info.captureError).toMatch(/ENOSPC/);
    feed.close();
  });

  it('keeps the agent at full speed when a dashboard stops reading, then resyncs that dashboard exactly', async () => {
    const up = await upstream();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-faults-'));
    const file = path.join(dir, 'c.ndjson');
    const relay = await startRelay({ port: 0, upstream: up.url, capturesDir: dir, captureFile: file, maxAgeMs: 1000, quiet: true });
    closers.push(() => relay.close());
    const origin = `http://127.0.0.1:${relay.port}`;
    const feed = new WebSocket(`ws://127.0.0.1:${relay.port}/feed`, { headers: { origin, 'x-inspector-token': relay.token } });
    const lines: string[] = [];
    let partial = '';
    feed.on('message', (d: Buffer, binary) => {
      if (!binary) return;
      const parts = (partial + d.toString()).split('\n');
      partial = parts.pop()!;
      lines.push(...parts);
    });
    await new Promise((r) => feed.once('open', r));
    (feed as unknown as { _socket: net.Socket })._socket.pause();
    const a = agent(relay.relayUrl);
    await a.opened;
    const payload = 'y'.repeat(64 * 1024);
    for (let i = 0; i < 400; i++) a.ws.send(`${i} ${payload}`);
    await until(() => a.received.length === 400, 30_000);
    (feed as unknown as { _socket: net.Socket })._socket.resume();
    await until(() => lines.filter((l) => l.startsWith('{"kind":"frame"')).length === 800, 30_000);
    expect(new Set(lines).size).toBe(lines.length);
    feed.close();
    a.ws.close();
    await relay.close();
    expect(readCapture(file).filter((r) => r.kind === 'frame')).toHaveLength(800);
    figures['stalled dashboard: frames forwarded / lost (agent)'] = `${a.received.length} / ${400 - a.received.length}`;
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function rawExchange(port: number, data: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(Buffer.from(data, 'latin1')));
    let reply = '';
    s.on('data', (d) => (reply += d.toString('latin1')));
    s.on('close', () => resolve(reply));
    s.on('error', () => resolve(reply));
    setTimeout(() => s.destroy(), timeoutMs);
  });
}
