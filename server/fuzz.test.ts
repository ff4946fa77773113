import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CaptureFormatError, type CaptureRecord, type FrameRecord } from '../src/core/capture.ts';
import { createCaptureReader } from '../src/core/captureReader.ts';
import { buildHar } from '../src/core/export/har.ts';
import { HarFormatError } from '../src/core/har/importHar.ts';
import { createInputReader } from '../src/core/inputReader.ts';
import { buildCaptureModel } from '../src/core/turns.ts';
import { ROOT } from './paths.ts';
import { until } from './testing/until.ts';

/**
 * Seeded fuzzing of what reaches the relay from outside: raw upgrade requests (valid ones mutated,
 * and garbage) over net.connect, then raw WebSocket frames, thrown at the real CLI in its own
 * process while a well-behaved agent keeps talking through it, with an upstream that answers the
 * fuzz clients' dials badly; and capture text thrown at the capture readers. A failure prints the
 * seed (it is in the suite's name too): `FUZZ_SEED=N npx vitest run server/fuzz.test.ts` replays
 * the same cases; FUZZ_SCALE=10 runs ten times as many.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const RELAY_CASES = Math.round(1000 * SCALE);
const READER_CASES = Math.round(3000 * SCALE);
const BIN = path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs');

let failedWithSeed = false;
afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') failedWithSeed = true;
});
afterAll(() => {
  if (failedWithSeed) console.error(`\nfuzz failed with seed ${SEED}: reproduce with FUZZ_SEED=${SEED} npx vitest run server/fuzz.test.ts\n`);
});

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof random>;

const TEXT_PIECES = [
  'a',
  'Z',
  '0',
  ' ',
  '"',
  '\\',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  'é',
  '漢',
  '\u{1F600}',
  '\u2028',
  '\u2029',
  '\uFEFF',
  '\uFFFF',
  '{"type":"response.create"}',
  '","',
  '\\u0000',
  '}\n{',
];

function randomText(r: Rng, max = 40): string {
  let s = '';
  for (let i = r.int(max); i > 0; i--) s += r.pick(TEXT_PIECES);
  return s;
}

function randomBytes(r: Rng, max: number): Buffer {
  const b = Buffer.alloc(r.int(max));
  for (let i = 0; i < b.length; i++) b[i] = r.int(256);
  return b;
}

/** A header value an agent, a proxy or an attacker might send. */
function headerValue(r: Rng): string {
  const kinds = [
    () => r.pick(['a', 'chat', 'v2', 'x', 'a b', '"x"', 'x, x', 'a,,b', ',', ' ', '', 'a,', ',a', 'a;b', 'a/b', 'é', 'a\tb', 'websocket', '13', '8', '13, 13', 'Upgrade']),
    () => Array.from({ length: 1 + r.int(5) }, () => r.pick(['a', 'b', 'chat', '', ' ', '"q"', 'x y'])).join(r.pick([',', ', ', ' ,', ',,'])),
    () => String.fromCharCode(...Array.from({ length: r.int(20) }, () => r.pick([0x20 + r.int(95), 0x80 + r.int(128), 0x09]))),
    () => 'x'.repeat(r.int(9000)),
    () => r.pick(['dGhlIHNhbXBsZSBub25jZQ==', 'short', 'dGhlIHNhbXBsZSBub25jZQ', `${'A'.repeat(22)}==`, '']),
    () => `Bearer sk-${randomText(r, 6).replace(/[^\x20-\x7e]/g, 'x')}`,
  ];
  return r.pick(kinds)();
}

/** A plain HTTP request: the HTTP passthrough (POST /v1/responses) and the dashboard's routes. */
function plainRequest(r: Rng, port: number): { bytes: Buffer; complete: boolean } {
  const body = Buffer.from(r.chance(0.5) ? JSON.stringify({ model: 'm', input: randomText(r, 10), stream: r.chance(0.5) }) : randomText(r, 60));
  const headers = [`Host: 127.0.0.1:${port}`, 'Authorization: Bearer sk-fuzz-0123456789abcdefghij', `X-Fuzz-Upstream: ${r.int(2 ** 31)}`];
  if (r.chance(0.7)) headers.push(`Content-Type: ${r.pick(['application/json', 'text/event-stream', 'text/plain', ''])}`);
  if (r.chance(0.1)) headers.push(`Content-Encoding: ${r.pick(['gzip', 'br', 'deflate', 'x'])}`);
  let payload = body;
  if (r.chance(0.15)) {
    headers.push('Transfer-Encoding: chunked');
    payload = Buffer.from(r.chance(0.5) ? `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n` : `zz\r\n${body}`);
  } else {
    headers.push(`Content-Length: ${r.chance(0.85) ? body.length : r.int(body.length * 2 + 1)}`);
  }
  const method = r.pick(['POST', 'POST', 'POST', 'GET', 'HEAD', 'DELETE']);
  const target = r.pick(['/v1/responses', '/v1/responses', '/responses', '/v1/responses?stream=true', '/api/stats', '/api/captures', '/api/export?format=har', '/', '/feed', '/x']);
  return { bytes: Buffer.concat([Buffer.from(`${method} ${target} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1'), payload]), complete: true };
}

/** An upgrade request: a valid one with 0-4 mutations; now and then a plain request, or garbage. */
function upgradeRequest(r: Rng, port: number): { bytes: Buffer; complete: boolean } {
  if (r.chance(0.05)) return { bytes: randomBytes(r, 400), complete: false };
  if (r.chance(0.1)) return plainRequest(r, port);
  const method = r.chance(0.85) ? 'GET' : r.pick(['POST', 'PUT', 'get', 'CONNECT', 'OPTIONS', 'GET GET', '']);
  const target = r.chance(0.75)
    ? '/v1/responses'
    : r.pick([
        '/responses',
        '/v1/responses?api-key=sk-x&a=%zz',
        '/v1/responses?' + encodeURIComponent(randomText(r, 8)),
        '//[',
        '/v1/responses#f',
        '/feed',
        '/api/stats',
        '*',
        '/v1//responses',
        'http://127.0.0.1/v1/responses',
        '/%00',
      ]);
  const version = r.chance(0.95) ? 'HTTP/1.1' : r.pick(['HTTP/1.0', 'HTTP/2', 'HTTP/1.1x', 'HTTP/9.9']);
  const headers: [string, string][] = [
    ['Host', r.chance(0.95) ? `127.0.0.1:${port}` : r.pick(['evil.example', `localhost:${port}`, '', `127.0.0.1:${port + 1}`])],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
    ['Sec-WebSocket-Version', '13'],
    ['Authorization', 'Bearer sk-fuzz-0123456789abcdefghij'],
  ];
  if (r.chance(0.4)) headers.push(['Sec-WebSocket-Protocol', headerValue(r)]);
  // Asks the upstream to misbehave in a way drawn from this number (misbehave() below).
  if (r.chance(0.5)) headers.push(['X-Fuzz-Upstream', String(r.int(2 ** 31))]);
  for (let m = r.chance(0.4) ? 0 : 1 + r.int(4); m > 0; m--) {
    const i = r.int(headers.length);
    switch (r.int(7)) {
      case 0:
        headers.splice(i, 1);
        break;
      case 1:
        headers.push([...headers[i]] as [string, string]);
        break;
      case 2:
        headers[i] = [headers[i][0], headerValue(r)];
        break;
      case 3:
        headers[i] = [r.chance(0.5) ? headers[i][0].toUpperCase() : headers[i][0].toLowerCase(), headers[i][1]];
        break;
      case 4:
        headers.push([r.pick(['Origin', 'Sec-WebSocket-Extensions', 'X-Custom', 'Content-Length', 'Transfer-Encoding', 'Cookie', 'OpenAI-Beta']), headerValue(r)]);
        break;
      case 5:
        headers.push(['Connection', r.pick(['keep-alive, Upgrade, authorization', 'close', 'Upgrade, x-custom', ''])]);
        break;
      default:
        headers.push([r.pick(['X', 'x-é', 'Bad Name', 'a:b', '']) || 'X-Empty', headerValue(r)]);
    }
  }
  const eol = r.chance(0.97) ? '\r\n' : '\n';
  const text = `${method} ${target} ${version}${eol}${headers.map(([k, v]) => `${k}: ${v}${eol}`).join('')}${eol}`;
  const bytes = Buffer.from(text, 'latin1');
  // Cut short now and then: a client that stops half-way through its request.
  return r.chance(0.05) ? { bytes: bytes.subarray(0, r.int(bytes.length)), complete: false } : { bytes, complete: true };
}

/** One WebSocket frame as a client (masked) or a server (unmasked) sends it, possibly broken. */
function wsFrame(r: Rng, fromServer = false): Buffer {
  const opcode = r.chance(0.85) ? r.pick([0x1, 0x2, 0x8, 0x9, 0xa, 0x0]) : r.int(16);
  let payload: Buffer;
  if (opcode === 0x8 && r.chance(0.8)) {
    const code = Buffer.alloc(2);
    code.writeUInt16BE(r.pick([1000, 1001, 1005, 1006, 1009, 1011, 999, 1004, 2999, 3000, 4999, 5000, 65535]));
    payload = Buffer.concat([code, r.chance(0.8) ? Buffer.from(randomText(r, 10)) : randomBytes(r, 130)]);
  } else if (opcode === 0x1 && r.chance(0.8)) {
    payload = Buffer.from(randomText(r));
  } else {
    payload = randomBytes(r, r.chance(0.05) ? 70_000 : 200);
  }
  const fin = r.chance(0.9) ? 0x80 : 0;
  const rsv = r.chance(0.05) ? 0x10 << r.int(3) : 0;
  const masked = fromServer ? r.chance(0.05) : r.chance(0.95);
  let header: Buffer;
  const announce = r.chance(0.03) ? r.pick([2 ** 27 + 1, 2 ** 40, 2 ** 53]) : payload.length;
  if (announce < 126) header = Buffer.from([fin | rsv | opcode, (masked ? 0x80 : 0) | announce]);
  else if (announce < 65536) {
    header = Buffer.from([fin | rsv | opcode, (masked ? 0x80 : 0) | 126, 0, 0]);
    header.writeUInt16BE(announce, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = fin | rsv | opcode;
    header[1] = (masked ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(BigInt(announce), 2);
    if (r.chance(0.2)) header[2] |= 0x80; // the most significant bit must be 0
  }
  if (!masked) return Buffer.concat([header, payload]);
  const mask = randomBytes(r, 5).subarray(0, 4);
  const key = mask.length === 4 ? mask : Buffer.from([1, 2, 3, 4]);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] ^= key[i & 3];
  return Buffer.concat([header, key, body]);
}

/**
 * One fuzz client: sends its request (and frames, if upgraded), then leaves in one of several ways.
 * It waits for the relay's answer (generously: the machine may be loaded), then only briefly.
 */
function fuzzCase(r: Rng, port: number): Promise<string> {
  const request = upgradeRequest(r, port);
  const frames = Array.from({ length: r.int(6) }, () => wsFrame(r));
  const leave = r.pick(['wait', 'wait', 'end', 'end', 'destroy', 'destroy', 'half-close-first'] as const);
  const garbageAfter = r.chance(0.05) ? randomBytes(r, 300) : null;
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 'no answer');
    };
    const leaveAfter = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(done, ms);
    };
    socket.on('error', () => undefined);
    socket.on('close', done);
    socket.on('data', (d: Buffer) => {
      const first = answer === '';
      answer += d.toString('latin1');
      if (!first) return;
      if (answer.startsWith('HTTP/1.1 101')) {
        for (const f of frames) socket.write(f);
        if (garbageAfter) socket.write(garbageAfter);
        if (leave === 'end') socket.end();
        if (leave === 'destroy') return done();
      }
      leaveAfter(50);
    });
    socket.once('connect', () => {
      if (leave === 'half-close-first') socket.end(request.bytes);
      else socket.write(request.bytes);
    });
    // A request cut short gets no answer (until the relay's header timeout): this client just goes.
    leaveAfter(request.complete ? 3000 : 100);
  });
}

interface Upstream {
  url: string;
  /** Sockets upgraded (or being upgraded) to WebSocket on the upstream, still open: how each was answered. */
  upgradedOpen(): string[];
  close(): Promise<void>;
}

async function echoUpstream(): Promise<Upstream> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const fuzz = req.headers['x-fuzz-upstream'];
    if (typeof fuzz === 'string' && /^\d+$/.test(fuzz)) return misbehaveHttp(random(Number(fuzz)), res);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  const upgraded = new Map<net.Socket, string>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });
  server.on('upgrade', (req, socket: net.Socket, head) => {
    upgraded.set(socket, 'echo');
    socket.on('close', () => upgraded.delete(socket));
    socket.on('error', () => undefined);
    const fuzz = req.headers['x-fuzz-upstream'];
    if (typeof fuzz === 'string' && /^\d+$/.test(fuzz)) return void upgraded.set(socket, misbehave(random(Number(fuzz)), req, socket));
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (d: Buffer, binary) => ws.send(d, { binary }));
      ws.on('error', () => undefined);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/responses`,
    upgradedOpen: () => [...upgraded.values()],
    close: () => {
      for (const s of upgraded.keys()) s.destroy();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * An upstream answering the relay's dial badly: refusals of every shape, garbage, silence, a 101
 * that breaks the handshake, or a good 101 followed by random (and broken) server frames.
 */
function misbehave(r: Rng, req: http.IncomingMessage, socket: net.Socket): string {
  const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')[0]
    .trim();
  const later = (ms: number, fn: () => void) => setTimeout(() => !socket.destroyed && fn(), ms).unref();
  // An upgrade socket is half-open capable: when the relay hangs up, hang up too (as any server does).
  socket.on('end', () => socket.end());
  switch (r.int(6)) {
    case 0: {
      const body = Buffer.from(randomText(r, 30));
      const length = r.chance(0.8) ? `content-length: ${body.length + (r.chance(0.2) ? r.int(50) : 0)}\r\n` : '';
      socket.end(
        `HTTP/1.1 ${r.pick([400, 401, 403, 404, 426, 429, 500, 502, 503, 101, 200, 302, 999])} X\r\n${length}content-type: application/json\r\n${r.chance(0.2) ? 'set-cookie: a=b\r\n' : ''}\r\n${body}`,
      );
      return 'refusal';
    }
    case 1:
      socket.end(randomBytes(r, 200));
      return 'garbage';
    case 2:
      if (r.chance(0.5)) socket.destroy();
      return 'silence'; // or a reset: the relay gives up when its agent does
    case 3: {
      const bad = r.pick([
        `Sec-WebSocket-Accept: ${accept.slice(1)}x`,
        `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: never-offered`,
        `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Extensions: permessage-deflate`,
        'X-No-Accept: 1',
      ]);
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${bad}\r\n\r\n`);
      return `bad handshake (${bad.split(':')[0]})`;
    }
    default: {
      const protocol = offered ? `Sec-WebSocket-Protocol: ${offered}\r\n` : '';
      const frames = Array.from({ length: r.int(6) }, () => wsFrame(r, true));
      answerCloses(socket);
      later(r.int(30), () => {
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n${protocol}\r\n`);
        for (const f of frames) socket.write(f);
        const end = r.pick(['keep', 'end', 'destroy'] as const);
        if (end === 'end') later(r.int(50), () => socket.end());
        if (end === 'destroy') later(r.int(50), () => socket.destroy());
      });
      return `accepted, ${frames.length} frames`;
    }
  }
}

/** An HTTP upstream answering a passthrough request badly: broken event streams, bad encodings, cuts. */
function misbehaveHttp(r: Rng, res: http.ServerResponse): void {
  const kind = r.int(5);
  if (kind === 0) return void res.destroy();
  if (kind === 1) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (let i = r.int(8); i > 0; i--) {
      res.write(
        r.pick([
          `event: ${randomText(r, 3)}\n`,
          `data: ${randomText(r, 20)}\n`,
          '\n',
          `data: {"type":"response.output_text.delta"}\n\n`,
          ': comment\n',
          `id: 1\r\n`,
          randomText(r, 30),
        ]),
      );
    }
    if (r.chance(0.3)) return void res.destroy();
    return void res.end();
  }
  if (kind === 2) {
    res.writeHead(200, { 'content-type': r.pick(['application/json', 'text/event-stream']), 'content-encoding': r.pick(['gzip', 'br', 'deflate']) });
    return void res.end(randomBytes(r, 300));
  }
  const body = randomText(r, 40);
  res.writeHead(r.pick([200, 400, 401, 429, 500, 503]), { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) + (r.chance(0.2) ? 5 : 0) });
  res.write(body);
  if (r.chance(0.2)) res.destroy();
  else res.end();
}

/**
 * Reads the (masked) frames the relay sends and answers a close frame with one, then ends: the
 * closing handshake any server completes, without which the relay's side waits for its close timeout.
 */
function answerCloses(socket: net.Socket): void {
  let buf = Buffer.alloc(0);
  socket.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      if (buf.length < 2) return;
      let len = buf[1] & 0x7f;
      let at = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        at = 10;
      }
      if (buf[1] & 0x80) at += 4;
      if (buf.length < at + len) return;
      const opcode = buf[0] & 0x0f;
      buf = buf.subarray(at + len);
      if (opcode === 0x8) {
        socket.end(Buffer.from([0x88, 0x00]));
        return;
      }
    }
  });
}

interface RelayChild {
  child: ChildProcess;
  port: number;
  captureFile: string;
  stderr(): string;
  exited: Promise<number | null>;
}

async function relayChild(upstream: string): Promise<RelayChild> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-fuzz-'));
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--upstream', upstream, '--captures', dir], { cwd: ROOT, env: { ...process.env, CI: '1' } });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const lines = await new Promise<Record<string, string>>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c;
      const m = Object.fromEntries([...out.matchAll(/^(relay|capture): (\S+)$/gm)].map((x) => [x[1], x[2]]));
      if (m.relay && m.capture) resolve(m);
    });
    void exited.then(() => reject(new Error(`relay exited at start: ${err}`)));
  });
  return { child, port: Number(new URL(lines.relay).port), captureFile: lines.capture, stderr: () => err, exited };
}

/** The agent that plays by the rules: random frames, each echoed back whole before the next. */
function goodAgent(url: string, r: Rng) {
  const sent: { data: Buffer; binary: boolean }[] = [];
  let stop = false;
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 0 });
  const running = (async () => {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    while (!stop) {
      const binary = r.chance(0.2);
      const data = binary ? randomBytes(r, 3000) : Buffer.from(randomText(r, r.chance(0.1) ? 5000 : 60), 'utf8');
      const echoed = new Promise<{ data: Buffer; binary: boolean }>((resolve, reject) => {
        ws.once('message', (d: Buffer, b: boolean) => resolve({ data: d, binary: b }));
        ws.once('close', (code) => reject(new Error(`the well-behaved agent's connection closed (${code}) mid-fuzz`)));
      });
      ws.send(data, { binary });
      sent.push({ data, binary });
      const got = await echoed;
      ws.removeAllListeners('close');
      if (got.binary !== binary || !got.data.equals(data)) throw new Error(`frame ${sent.length} came back changed`);
      // A steady trickle, not a flood: the fuzz clients get the (shared) CPU.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  let failure: unknown = null;
  // Seen at finish(): a failure mid-fuzz must fail the test, not surface as an unhandled rejection.
  running.catch((err) => (failure = err));
  return {
    sent,
    async finish() {
      stop = true;
      await running.catch(() => undefined);
      if (failure) throw failure;
      ws.close(1000, 'done');
      await new Promise((r) => ws.once('close', r));
    },
  };
}

async function readBack(file: string): Promise<{ records: CaptureRecord[]; warnings: string[] }> {
  const records: CaptureRecord[] = [];
  const reader = createCaptureReader({ record: (rec) => void records.push(rec) });
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) reader.push(chunk as string);
  reader.end();
  return { records, warnings: reader.warnings.map((w) => w.message) };
}

describe(`fuzz (seed ${SEED})`, () => {
  let upstream: Upstream | undefined;
  let relay: RelayChild | undefined;
  afterEach(async () => {
    if (relay && relay.child.exitCode === null) relay.child.kill('SIGKILL');
    await upstream?.close();
  });

  it(`${RELAY_CASES} raw upgrade requests and frames: the relay never crashes, leaks no upstream socket, and keeps forwarding a well-behaved agent byte-exact`, async () => {
    upstream = await echoUpstream();
    relay = await relayChild(upstream.url);
    const agent = goodAgent(`ws://127.0.0.1:${relay.port}/v1/responses`, random(SEED ^ 0x5eed));
    await until(() => agent.sent.length > 0);

    const CONCURRENCY = 24;
    let next = 0;
    const answers = new Map<string, number>();
    // One generator per case, so a case is the same whatever the interleaving of the others.
    const seeds = random(SEED);
    const rngs = Array.from({ length: RELAY_CASES }, () => random(seeds.int(2 ** 32)));
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < RELAY_CASES) {
          const i = next++;
          const status = await fuzzCase(rngs[i], relay!.port);
          answers.set(status, (answers.get(status) ?? 0) + 1);
          if (relay!.child.exitCode !== null) throw new Error(`the relay exited during case ${i}: ${relay!.stderr()}`);
        }
      }),
    );
    const roundTrips = agent.sent.length;
    await agent.finish();
    expect(relay.child.exitCode).toBe(null);
    // Every fuzz client is gone: each upstream socket dialled for one must be closed too.
    await until(() => upstream!.upgradedOpen().length === 0, 20_000).catch(() => {
      throw new Error(`upstream sockets left open by the relay: ${upstream!.upgradedOpen().join('; ')}`);
    });

    relay.child.kill('SIGTERM');
    expect(await relay.exited).toBe(0);
    expect(relay.stderr()).not.toMatch(/something was still open/);
    const { records, warnings } = await readBack(relay.captureFile);
    expect(warnings).toEqual([]);
    expect(records.at(-1)?.kind).toBe('capture.end');
    // The well-behaved agent was the first connection: its frames are in the capture exactly as sent.
    const sends = records.filter((x): x is FrameRecord => x.kind === 'frame' && x.conn === 'c1' && x.dir === 'send');
    expect(sends).toHaveLength(agent.sent.length);
    sends.forEach((f, i) => {
      const want = agent.sent[i];
      expect(f.binary).toBe(want.binary);
      expect(f.size).toBe(want.data.length);
      expect(f.data).toBe(want.binary ? want.data.toString('base64') : want.data.toString('utf8'));
    });
    const statuses = [...answers]
      .sort()
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    console.log(`fuzz seed ${SEED}: ${RELAY_CASES} raw clients (${statuses}), ${roundTrips} well-behaved round trips through the relay meanwhile`);
  }, 120_000);

  it(`${READER_CASES} mutated and random captures and HARs: the readers load or refuse them with a clear error, never throw anything else, and what they accept every consumer takes`, () => {
    const r = random(SEED ^ 0xcafe);
    const start = JSON.stringify({ kind: 'capture.start', t: 1, format: 'responses-inspector.capture', version: 1, upstream: 'wss://x', tool: { name: 't', version: '1' } });
    const valid: Record<string, unknown>[] = [
      { kind: 'conn.open', t: 2, conn: 'c1', path: '/v1/responses', headers: {} },
      { kind: 'conn.upstream_open', t: 3, conn: 'c1', upstream: 'wss://x', status: 101, handshakeMs: 1, headers: {} },
      { kind: 'frame', t: 4, conn: 'c1', seq: 1, dir: 'send', binary: false, size: 26, data: '{"type":"response.create","model":"m","input":[]}' },
      { kind: 'frame', t: 5, conn: 'c1', seq: 2, dir: 'receive', binary: false, size: 10, data: '{"type":"response.created","response":{"id":"resp_1"}}' },
      {
        kind: 'frame',
        t: 6,
        conn: 'c1',
        seq: 3,
        dir: 'receive',
        binary: false,
        size: 10,
        data: '{"type":"response.completed","response":{"id":"resp_1","usage":{"input_tokens":1}}}',
      },
      { kind: 'frame', t: 6.5, conn: 'c1', seq: 4, dir: 'receive', binary: true, size: 3, data: 'AAEC', truncated: true },
      { kind: 'conn.close', t: 7, conn: 'c1', side: 'client', code: 1000, reason: '' },
      { kind: 'conn.error', t: 8, conn: 'c2', status: 401, message: 'no' },
      { kind: 'capture.end', t: 9, counts: { connections: 1, frames: 3, bytes: 30, dropped: 0 } },
    ];
    const oddValues = [null, true, 0, -1, Infinity, NaN, '', 'x', [], {}, [1, 2], { a: 1 }, 'c1', 2 ** 53, '\u0000', '\uD800'];
    const mutateRecord = (rec: Record<string, unknown>): string => {
      const copy: Record<string, unknown> = { ...rec };
      const keys = Object.keys(copy);
      for (let m = r.int(3); m > 0; m--) {
        const k = r.pick(keys);
        if (r.chance(0.3)) delete copy[k];
        else copy[r.chance(0.9) ? k : randomText(r, 3)] = r.pick(oddValues);
      }
      return JSON.stringify(copy) ?? 'null';
    };
    const mutateText = (line: string): string => {
      switch (r.int(5)) {
        case 0:
          return line.slice(0, r.int(line.length + 1));
        case 1: {
          const at = r.int(line.length + 1);
          return line.slice(0, at) + randomText(r, 4) + line.slice(at);
        }
        case 2:
          return randomBytes(r, 80).toString('latin1');
        case 3:
          return `\uFEFF${line}`;
        default:
          return line.replace(/\d/, r.pick(['1e400', '-0', 'NaN', '9'.repeat(400)]));
      }
    };

    // HAR entries as Chrome (a WebSocket with its messages) and this tool (a POST /v1/responses) write them.
    const harEntries: unknown[] = [
      {
        startedDateTime: '2026-01-01T00:00:00.000Z',
        time: 5,
        request: { method: 'GET', url: 'wss://api.openai.com/v1/responses', headers: [{ name: 'Authorization', value: 'Bearer sk-x' }] },
        response: { status: 101, headers: [] },
        _resourceType: 'websocket',
        _webSocketMessages: [
          { type: 'send', time: 1767225600.1, opcode: 1, data: '{"type":"response.create","model":"m"}' },
          { type: 'receive', time: 1767225600.2, opcode: 1, data: '{"type":"response.created","response":{"id":"r"}}' },
          { type: 'receive', time: 1767225600.3, opcode: 2, data: 'AAEC' },
        ],
        _webSocketClose: { code: 1000, reason: '', timestamp: 1767225600.4 },
      },
      {
        startedDateTime: '2026-01-01T00:00:01.000Z',
        time: 9,
        request: { method: 'POST', url: 'https://api.openai.com/v1/responses', headers: [], postData: { mimeType: 'application/json', text: '{"model":"m","stream":true}' } },
        response: {
          status: 200,
          headers: [{ name: 'content-type', value: 'text/event-stream' }],
          content: { mimeType: 'text/event-stream', text: 'event: response.created\ndata: {"type":"response.created","response":{"id":"r2"}}\n\n' },
        },
      },
    ];
    /** Replaces, drops or adds values anywhere in a JSON value, a few at a time. */
    const mutateDeep = (v: unknown, depth = 0): unknown => {
      if (r.chance(0.04 * (depth + 1))) return r.pick(oddValues);
      if (Array.isArray(v)) return v.filter(() => !r.chance(0.05)).map((x) => mutateDeep(x, depth + 1));
      if (typeof v === 'object' && v !== null) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) if (!r.chance(0.05)) out[k] = mutateDeep(x, depth + 1);
        return out;
      }
      return v;
    };

    for (let n = 0; n < READER_CASES; n++) {
      const lines: string[] = [];
      if (r.chance(0.15)) {
        const entries = Array.from({ length: r.int(5) }, () => mutateDeep(r.pick(harEntries)));
        const har = JSON.stringify(mutateDeep({ log: { version: '1.2', creator: { name: 'fuzz', version: '1' }, entries } }));
        lines.push(r.chance(0.8) ? har : mutateText(har));
      } else if (!r.chance(0.05)) lines.push(r.chance(0.9) ? start : mutateText(start));
      for (let i = r.int(25); i > 0 && !lines[0]?.includes('"log"'); i--) {
        const rec = r.pick(valid);
        const roll = r.next();
        lines.push(roll < 0.55 ? JSON.stringify(rec) : roll < 0.85 ? mutateRecord(rec) : mutateText(JSON.stringify(rec)));
      }
      const text = lines.join(r.chance(0.9) ? '\n' : '\r\n') + (r.chance(0.8) ? '\n' : '');
      // The same text cut into random chunks, as a stream or a fetch body delivers it.
      const chunks: string[] = [];
      for (let at = 0; at < text.length; ) {
        const len = 1 + r.int(r.chance(0.5) ? 8 : 400);
        chunks.push(text.slice(at, at + len));
        at += len;
      }
      const context = `seed ${SEED}, reader case ${n}: ${JSON.stringify(text.slice(0, 300))}`;
      const refusals = [CaptureFormatError, HarFormatError, SyntaxError];

      const records: CaptureRecord[] = [];
      try {
        const reader = createCaptureReader({ record: (rec) => void records.push(rec) });
        for (const c of chunks) reader.push(c);
        reader.end();
      } catch (err) {
        if (!(err instanceof CaptureFormatError)) throw new Error(`${context}\ncapture reader threw ${(err as Error).stack}`);
        records.length = 0;
      }
      const imported: CaptureRecord[] = [];
      try {
        const input = createInputReader({ record: (rec) => void imported.push(rec) });
        for (const c of chunks) input.push(c);
        input.end();
      } catch (err) {
        if (!refusals.some((E) => err instanceof E)) throw new Error(`${context}\ninput reader threw ${(err as Error).stack}`);
        imported.length = 0;
      }
      // What a reader accepted, every consumer takes.
      for (const accepted of [records, imported]) {
        try {
          buildCaptureModel(accepted);
          buildHar(accepted);
        } catch (err) {
          throw new Error(`${context}\na consumer of the accepted records threw ${(err as Error).stack}`);
        }
      }
    }
  }, 120_000);
});
