import { createReadStream, mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createCaptureReader } from '../src/core/captureReader.ts';
import { MAX_CAPTURE_LINE_BYTES, type FrameRecord } from '../src/core/capture.ts';
import { startMockHttpServer } from './mock/httpServer.ts';
import { startMockServer } from './mock/mockServer.ts';
import { startRelay, type RunningRelay } from './relay.ts';
import { readCapture } from './testing/captureFile.ts';
import { until } from './testing/until.ts';

/**
 * The relay under traffic no SDK sends: malformed handshake headers, agents that hang up half-way,
 * frames over the size limit, frames whose capture line would be huge. Driven over raw TCP (net.connect) so the
 * bytes are exactly the ones under test; the upstream is a real ws server that counts its sockets.
 */

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

interface CountingUpstream {
  url: string;
  /** TCP connections the relay opened to it. */
  dials(): number;
  /** Of those, still open. */
  open(): number;
}

/**
 * An echo upstream (or one that acks each frame with its size, for frames too big to echo);
 * `answerAfterMs` holds each upgrade that long before accepting it.
 */
async function countingUpstream(answerAfterMs = 0, ack = false): Promise<CountingUpstream> {
  const server = http.createServer();
  const sockets = new Set<net.Socket>();
  let dials = 0;
  server.on('connection', (s) => {
    dials++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    setTimeout(() => {
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('message', (d: Buffer, binary) => ws.send(ack ? `got ${d.length}` : d, { binary: ack ? false : binary }));
        ws.on('error', () => undefined);
      });
    }, answerAfterMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/responses`, dials: () => dials, open: () => sockets.size };
}

async function relayTo(upstream: string): Promise<{ relay: RunningRelay; file: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-upgrade-'));
  const file = path.join(dir, 'capture.ndjson');
  const relay = await startRelay({ port: 0, upstream, capturesDir: dir, captureFile: file, maxAgeMs: 3_600_000, quiet: true });
  cleanup.push(() => relay.close());
  return { relay, file };
}

const GOOD_HEADERS = [
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Version: 13',
  'Authorization: Bearer sk-test-upgrade-0123456789abcdef',
];

/** Sends one raw upgrade request and returns everything the relay answered before closing. */
function rawUpgrade(port: number, lines: string[], opts: { method?: string; halfClose?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(out));
    const request = `${opts.method ?? 'GET'} /v1/responses HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`;
    if (opts.halfClose) socket.end(request);
    else socket.write(request);
  });
}

/** A well-behaved agent still gets its frame echoed through the relay. */
async function forwards(relayUrl: string): Promise<void> {
  const ws = new WebSocket(relayUrl, { perMessageDeflate: false });
  ws.on('error', () => undefined);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const echoed = new Promise<string>((r) => ws.once('message', (d: Buffer) => r(d.toString())));
  ws.send('{"type":"response.create"}');
  expect(await echoed).toBe('{"type":"response.create"}');
  ws.close();
}

describe('agent upgrade requests the relay refuses', () => {
  it('answers each malformed upgrade with a status naming the header, never dials the upstream, and keeps forwarding', async () => {
    const upstream = await countingUpstream();
    const { relay } = await relayTo(upstream.url);
    const withHeader = (...extra: string[]) => [...GOOD_HEADERS, ...extra];
    const without = (name: string, ...extra: string[]) => [...GOOD_HEADERS.filter((l) => !l.startsWith(`${name}:`)), ...extra];
    const cases: { lines: string[]; method?: string; status: number; names: string }[] = [
      { lines: withHeader('Sec-WebSocket-Protocol: a b'), status: 400, names: 'Sec-WebSocket-Protocol' },
      { lines: withHeader('Sec-WebSocket-Protocol: "x"'), status: 400, names: 'Sec-WebSocket-Protocol' },
      { lines: withHeader('Sec-WebSocket-Protocol: x, x'), status: 400, names: 'Sec-WebSocket-Protocol' },
      { lines: withHeader('Sec-WebSocket-Protocol: x', 'Sec-WebSocket-Protocol: x'), status: 400, names: 'Sec-WebSocket-Protocol' },
      { lines: withHeader('Sec-WebSocket-Protocol: a,,b'), status: 400, names: 'Sec-WebSocket-Protocol' },
      { lines: withHeader('Sec-WebSocket-Protocol: ,a'), status: 400, names: 'Sec-WebSocket-Protocol' },
      { lines: withHeader('Sec-WebSocket-Protocol: a,'), status: 400, names: 'Sec-WebSocket-Protocol' },
      { lines: withHeader('Sec-WebSocket-Protocol: a/b'), status: 400, names: 'Sec-WebSocket-Protocol' },
      { lines: without('Upgrade', 'Upgrade: websocket, websocket'), status: 400, names: 'Upgrade' },
      { lines: without('Sec-WebSocket-Key', 'Sec-WebSocket-Key: short'), status: 400, names: 'Sec-WebSocket-Key' },
      { lines: without('Sec-WebSocket-Key'), status: 400, names: 'Sec-WebSocket-Key' },
      { lines: without('Sec-WebSocket-Version', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Version: 13'), status: 426, names: 'Sec-WebSocket-Version' },
      { lines: GOOD_HEADERS, method: 'POST', status: 405, names: 'method POST' },
    ];
    for (const c of cases) {
      const answer = await rawUpgrade(relay.port, c.lines, { method: c.method });
      expect(answer, c.lines.join(' | ')).toMatch(new RegExp(`^HTTP/1\\.1 ${c.status} `));
      expect(answer.slice(answer.indexOf('\r\n\r\n'))).toContain(c.names);
    }
    expect(upstream.dials()).toBe(0);
    await forwards(relay.relayUrl);
    expect(upstream.dials()).toBe(1);
  });

  it('answers a request target that URL cannot parse with 400, as a request and as an upgrade', async () => {
    const upstream = await countingUpstream();
    const { relay } = await relayTo(upstream.url);
    const plain = await new Promise<string>((resolve) => {
      const socket = net.connect(relay.port, '127.0.0.1');
      let out = '';
      socket.on('data', (d) => (out += d.toString('latin1')));
      socket.on('close', () => resolve(out));
      socket.write(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\nConnection: close\r\n\r\n`);
    });
    expect(plain).toMatch(/^HTTP\/1\.1 400 [\s\S]*malformed request target/);
    const upgrade = await new Promise<string>((resolve) => {
      const socket = net.connect(relay.port, '127.0.0.1');
      let out = '';
      socket.on('data', (d) => (out += d.toString('latin1')));
      socket.on('close', () => resolve(out));
      socket.write(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\n${GOOD_HEADERS.map((l) => `${l}\r\n`).join('')}\r\n`);
    });
    expect(upgrade).toMatch(/^HTTP\/1\.1 400 [\s\S]*malformed request target/);
    await forwards(relay.relayUrl);
  });

  it('the mock endpoints answer such a target 404 too, and keep serving', async () => {
    const ws = await startMockServer();
    const httpMock = await startMockHttpServer();
    cleanup.push(
      () => ws.close(),
      () => httpMock.close(),
    );
    const ask = (port: number, upgrade: boolean) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        let out = '';
        socket.on('data', (d) => (out += d.toString('latin1')));
        socket.on('close', () => resolve(out));
        socket.on('error', () => resolve(out));
        socket.write(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: ${upgrade ? 'Upgrade' : 'close'}\r\n${upgrade ? GOOD_HEADERS.join('\r\n') + '\r\n' : ''}\r\n`);
      });
    expect(await ask(ws.port, false)).toMatch(/^HTTP\/1\.1 404 /);
    expect(await ask(ws.port, true)).toMatch(/^HTTP\/1\.1 404 /);
    expect(await ask(httpMock.port, false)).toMatch(/^HTTP\/1\.1 404 /);
    expect(await ask(ws.port, false)).toMatch(/^HTTP\/1\.1 404 /);
  });

  it('passes a well-formed subprotocol list upstream as it is', async () => {
    const upstream = await countingUpstream();
    const { relay } = await relayTo(upstream.url);
    const ws = new WebSocket(relay.relayUrl, ['chat', 'v2'], { perMessageDeflate: false });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    // ws's server picks the first offered protocol; the agent gets the upstream's choice.
    expect(ws.protocol).toBe('chat');
    ws.close();
  });

  it('closes the upstream it dialled when the agent hangs up before the upgrade completes', async () => {
    const upstream = await countingUpstream(200);
    const { relay, file } = await relayTo(upstream.url);
    for (let i = 0; i < 5; i++) expect(await rawUpgrade(relay.port, GOOD_HEADERS, { halfClose: true })).toBe('');
    await until(() => upstream.dials() === 5);
    await until(() => upstream.open() === 0);
    await relay.log.settle();
    const errors = readCapture(file).filter((r) => r.kind === 'conn.error');
    expect(errors).toHaveLength(5);
    await forwards(relay.relayUrl);
  });
});

describe('close codes', () => {
  it('records the 1009 the relay sent an agent whose frame is over the limit, not the 1006 of its vanished socket', async () => {
    const upstream = await countingUpstream();
    const { relay, file } = await relayTo(upstream.url);
    const socket = net.connect(relay.port, '127.0.0.1');
    socket.on('error', () => undefined);
    let received = Buffer.alloc(0);
    const upgraded = new Promise<void>((resolve) =>
      socket.on('data', (d: Buffer) => {
        received = Buffer.concat([received, d]);
        if (received.includes('\r\n\r\n')) resolve();
      }),
    );
    socket.write(`GET /v1/responses HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\n${GOOD_HEADERS.map((l) => `${l}\r\n`).join('')}\r\n`);
    await upgraded;
    expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
    received = Buffer.alloc(0);
    // A masked text frame header announcing 200 MiB: refused from the header alone.
    const header = Buffer.alloc(14);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(200n * 1024n * 1024n, 2);
    socket.write(header);
    // The relay's close frame: 0x88, length, then the code.
    await until(() => received.length >= 4);
    expect(received[0]).toBe(0x88);
    expect(received.readUInt16BE(2)).toBe(1009);
    // An agent that drops the socket instead of answering the close.
    socket.destroy();
    await until(() => upstream.open() === 0);
    await relay.log.settle();
    const closes = readCapture(file).filter((r) => r.kind === 'conn.close');
    expect(closes).toMatchObject([{ side: 'client', code: 1009 }]);
  });
});

describe('close codes from the upstream side', () => {
  it('records, and passes on to the agent, the 1009 the relay sent an upstream whose frame is over the limit', async () => {
    const server = http.createServer();
    const wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, () => {
        // An unmasked (server) text frame header announcing 200 MiB; then the upstream drops the socket.
        const header = Buffer.alloc(10);
        header[0] = 0x81;
        header[1] = 127;
        header.writeBigUInt64BE(200n * 1024n * 1024n, 2);
        socket.write(header);
        socket.once('data', () => socket.destroy());
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
    const { relay, file } = await relayTo(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/responses`);
    const ws = new WebSocket(relay.relayUrl, { perMessageDeflate: false });
    ws.on('error', () => undefined);
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    const code = await closed;
    await relay.log.settle();
    const records = readCapture(file);
    expect(records.filter((r) => r.kind === 'conn.close')).toMatchObject([{ side: 'upstream', code: 1009 }]);
    expect(records.filter((r) => r.kind === 'conn.error')).toMatchObject([{ side: 'upstream', message: expect.stringContaining('Max payload size exceeded') }]);
    expect(code).toBe(1009);
  });
});

describe('capture line limit', () => {
  it('forwards a frame of control characters whole but records it cut and marked, in a line the capture reader loads', async () => {
    const upstream = await countingUpstream(0, true);
    const { relay, file } = await relayTo(upstream.url);
    // Each control character escapes to six bytes (\u0001): 12 MiB of them would make a 72 MiB line.
    const payload = Buffer.alloc(12 * 1024 * 1024, 0x01);
    const ws = new WebSocket(relay.relayUrl, { perMessageDeflate: false });
    ws.on('error', () => undefined);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const ack = new Promise<string>((r) => ws.once('message', (d: Buffer) => r(d.toString())));
    ws.send(payload, { binary: false });
    expect(await ack).toBe(`got ${payload.length}`);
    ws.close();
    await relay.close();

    const frames: FrameRecord[] = [];
    let longest = 0;
    const reader = createCaptureReader({
      record: (rec, _line, text) => {
        if (rec.kind === 'frame') frames.push(rec);
        longest = Math.max(longest, Buffer.byteLength(text) + 1);
      },
    });
    for await (const chunk of createReadStream(file, { encoding: 'utf8' })) reader.push(chunk as string);
    reader.end();
    expect(reader.warnings).toEqual([]);
    expect(longest).toBeLessThanOrEqual(MAX_CAPTURE_LINE_BYTES);
    expect(frames.map((f) => ({ dir: f.dir, size: f.size, truncated: f.truncated }))).toEqual([
      { dir: 'send', size: payload.length, truncated: true },
      { dir: 'receive', size: 'got 12582912'.length, truncated: undefined },
    ]);
    expect(frames[0].data.length).toBeGreaterThan(1024 * 1024);
    expect(frames[0].data).toBe('\u0001'.repeat(frames[0].data.length));
  });
});
