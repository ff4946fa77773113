import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnUpstreamOpen, FrameRecord } from '../../src/core/capture.ts';
import { buildCaptureModel } from '../../src/core/turns.ts';
import { startMockHttpServer, type MockHttpServerOptions } from '../mock/httpServer.ts';
import { startRelay, type RunningRelay } from '../relay.ts';
import { framesOf, readCapture } from '../testing/captureFile.ts';

const API_KEY = 'sk-test-http-0123456789abcdefghij';
const TOOL = {
  type: 'function' as const,
  name: 'read_file',
  description: 'Read a file',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
  strict: true,
};

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function relayTo(httpUpstream: string, ca?: string): Promise<{ relay: RunningRelay; file: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-http-'));
  const file = path.join(dir, 'capture.ndjson');
  const relay = await startRelay({
    port: 0,
    upstream: 'ws://127.0.0.1:9/v1/responses',
    httpUpstream,
    httpUpstreamCa: ca,
    capturesDir: dir,
    captureFile: file,
    maxAgeMs: 3_600_000,
    quiet: true,
  });
  cleanup.push(() => relay.close());
  return { relay, file };
}

async function withMock(opts: MockHttpServerOptions = {}) {
  const mock = await startMockHttpServer({ timing: { ttftMs: 5, deltaGapMs: 0, jitterMs: 0 }, toolCalls: 2, ...opts });
  cleanup.push(() => mock.close());
  const { relay, file } = await relayTo(mock.url, mock.ca);
  return { mock, relay, file };
}

/** Closes the relay (flushing the capture) and reads it. */
async function captured(relay: RunningRelay, file: string) {
  await relay.close();
  return readCapture(file);
}

describe('HTTP passthrough with the openai SDK HTTP client', () => {
  it('streams responses.create({stream: true}) through unchanged and records each SSE event as a receive frame', async () => {
    const { relay, file } = await withMock();
    const client = new OpenAI({ apiKey: API_KEY, baseURL: relay.baseUrl });
    const events: { type: string }[] = [];
    const stream = await client.responses.create({ model: 'gpt-5.5', input: 'Read the README', tools: [TOOL], stream: true, store: true });
    for await (const event of stream) events.push(event);
    expect(events[0].type).toBe('response.created');
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(events.some((e) => e.type === 'response.function_call_arguments.delta')).toBe(true);

    const records = await captured(relay, file);
    const open = records.find((r) => r.kind === 'conn.open');
    expect(open).toMatchObject({ transport: 'http', path: '/v1/responses', method: 'POST' });
    expect((open as { headers: Record<string, string> }).headers.authorization).toBe('[redacted]');
    const frames = framesOf(records);
    const [request, ...received] = frames;
    expect(request).toMatchObject({ dir: 'send', http: 'request', seq: 1 });
    expect(JSON.parse(request.data)).toMatchObject({ model: 'gpt-5.5', input: 'Read the README', stream: true });
    expect(received.every((f) => f.dir === 'receive' && f.http === 'sse')).toBe(true);
    // Each recorded event is exactly what the SDK parsed, in order; its SSE name is kept.
    expect(received.map((f) => JSON.parse(f.data))).toEqual(events);
    expect(received.map((f) => f.event)).toEqual(events.map((e) => e.type));
    const upstreamOpen = records.find((r): r is ConnUpstreamOpen => r.kind === 'conn.upstream_open');
    expect(upstreamOpen).toMatchObject({ status: 200, reused: false });
    expect(upstreamOpen?.setupMs).toBeGreaterThanOrEqual(0);
    expect(records.filter((r) => r.kind === 'conn.close')).toMatchObject([{ side: 'upstream', code: 1000 }]);

    const model = buildCaptureModel(records);
    expect(model.connections()[0]).toMatchObject({ transport: 'http', status: 'closed' });
    expect(model.turns()).toHaveLength(1);
    expect(model.turns()[0]).toMatchObject({ status: 'completed', model: 'gpt-5.5', frames: frames.length });
    expect(model.turns()[0].ttftMs).toBeGreaterThan(0);
    expect(model.turns()[0].toolCalls).toHaveLength(1);
  });

  it('carries a chained tool loop over HTTP: one turn per exchange, in order, with the previous_response_id chain', async () => {
    const { relay, file } = await withMock();
    const client = new OpenAI({ apiKey: API_KEY, baseURL: relay.baseUrl });
    let previous: string | undefined;
    let input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Fix the bug' }];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const stream = await client.responses.create({ model: 'gpt-5.5', input, tools: [TOOL], stream: true, previous_response_id: previous });
      let done: OpenAI.Responses.Response | undefined;
      for await (const event of stream) if (event.type === 'response.completed') done = event.response;
      ids.push(done!.id);
      previous = done!.id;
      const call = done!.output.find((o) => o.type === 'function_call');
      input = call ? [{ type: 'function_call_output', call_id: call.call_id, output: 'file contents' }] : [];
    }
    const turns = buildCaptureModel(await captured(relay, file)).turns();
    expect(turns.map((t) => t.responseId)).toEqual(ids);
    expect(turns.map((t) => t.status)).toEqual(['completed', 'completed', 'completed']);
    expect(turns[1].previousTurnId).toBe(turns[0].id);
    expect(turns[2].outputText.length).toBeGreaterThan(0);
  });

  it('passes a non-streaming responses.create through and records the JSON body as one response frame', async () => {
    const { relay, file } = await withMock();
    const client = new OpenAI({ apiKey: API_KEY, baseURL: relay.baseUrl });
    const response = await client.responses.create({ model: 'gpt-5.5', input: 'Say hi' });
    expect(response.status).toBe('completed');
    const records = await captured(relay, file);
    const frames = framesOf(records);
    expect(frames.map((f) => [f.dir, f.http])).toEqual([
      ['send', 'request'],
      ['receive', 'response'],
    ]);
    expect(frames[1].status).toBe(200);
    // The SDK adds the `output_text` convenience field; everything else is the recorded body.
    const { output_text: _, ...body } = JSON.parse(JSON.stringify(response)) as Record<string, unknown>;
    expect(JSON.parse(frames[1].data)).toEqual(body);
    const [turn] = buildCaptureModel(records).turns();
    expect(turn).toMatchObject({ status: 'completed', responseId: response.id });
    expect(turn.outputText).toBe(response.output_text);
  });

  it('passes an HTTP error through with its status and body, and ends the turn with that error', async () => {
    const { relay, file } = await withMock({ apiKey: 'sk-the-right-key-0123456789abcdef' });
    const client = new OpenAI({ apiKey: API_KEY, baseURL: relay.baseUrl, maxRetries: 0 });
    const err = await client.responses.create({ model: 'gpt-5.5', input: 'hi', stream: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    const [turn] = buildCaptureModel(await captured(relay, file)).turns();
    expect(turn).toMatchObject({ status: 'error', error: { status: 401 } });
  });
});

describe('HTTP passthrough on the wire', () => {
  it('forwards response bytes and end-to-end headers unchanged, whatever the chunking, and records the decoded events', async () => {
    const sse = Buffer.from(
      'event: response.created\r\ndata: {"type":"response.created","response":{"id":"resp_1"}}\r\n\r\n: keep-alive\n\nevent: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"h\u00e9"}\n\n',
      'utf8',
    );
    const gz = zlib.gzipSync(sse);
    let seenBody = '';
    let seenHeaders: http.IncomingHttpHeaders = {};
    const upstream = http.createServer((req, res) => {
      seenHeaders = req.headers;
      req.setEncoding('utf8');
      req.on('data', (d: string) => (seenBody += d));
      req.on('end', async () => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip', 'x-request-id': 'req_42', 'openai-processing-ms': '7' });
        // Odd chunk boundaries, with pauses, so the relay must not wait for the whole body.
        for (let i = 0; i < gz.length; i += 7) {
          res.write(gz.subarray(i, i + 7));
          await new Promise((r) => setTimeout(r, 1));
        }
        res.end();
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => upstream.close(() => r())));
    const { relay, file } = await relayTo(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1/responses`);

    const body = '{"model":"gpt-5.5","stream":true,  "input":"x"}';
    const reply = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
      const req = http.request(
        `${relay.baseUrl}/responses`,
        { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'x-custom': 'kept', connection: 'keep-alive' } },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(parts) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(reply.status).toBe(200);
    expect(reply.bytes.equals(gz)).toBe(true);
    expect(reply.headers).toMatchObject({ 'content-encoding': 'gzip', 'x-request-id': 'req_42', 'openai-processing-ms': '7' });
    expect(seenBody).toBe(body);
    expect(seenHeaders).toMatchObject({ authorization: `Bearer ${API_KEY}`, 'x-custom': 'kept', 'content-length': String(body.length) });

    const frames = framesOf(await captured(relay, file)) as FrameRecord[];
    expect(frames.map((f) => f.data)).toEqual([body, '{"type":"response.created","response":{"id":"resp_1"}}', '{"type":"response.output_text.delta","delta":"h\u00e9"}']);
    expect(frames[2]).toMatchObject({ event: 'response.output_text.delta', size: Buffer.byteLength(frames[2].data) });
  });

  it('records every event of a compressed response the relay is stopped right after, then its close', async () => {
    // One large gzip write: the agent has every byte (the relay forwards as it receives) while the
    // relay is still decoding it for the capture, and the relay is stopped that very moment.
    const events = Array.from({ length: 20_000 }, (_, i) => `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"d${i}"}\n\n`);
    const gz = zlib.gzipSync(Buffer.from(events.join(''), 'utf8'));
    const upstream = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
        res.end(gz);
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => upstream.close(() => r())));
    const { relay, file } = await relayTo(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1/responses`);
    const stopped = await new Promise<Promise<void>>((resolve, reject) => {
      const req = http.request(`${relay.baseUrl}/responses`, { method: 'POST' }, (res) => {
        res.resume();
        res.on('end', () => resolve(relay.close()));
      });
      req.on('error', reject);
      req.end('{"model":"gpt-5.5","stream":true}');
    });
    await stopped;
    const records = await readCapture(file);
    const received = framesOf(records).filter((f) => f.dir === 'receive');
    expect(received.length).toBe(events.length);
    expect(received.at(-1)?.data).toBe('{"type":"response.output_text.delta","delta":"d19999"}');
    const close = records.findIndex((r) => r.kind === 'conn.close');
    expect(records[close]).toMatchObject({ side: 'upstream', code: 1000 });
    expect(close).toBeGreaterThan(records.lastIndexOf(received.at(-1)!));
  });

  it('passes an upstream cut mid-stream on to the agent and records the turn as cut by the upstream', async () => {
    const upstream = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      const gz = zlib.createGzip();
      gz.pipe(res);
      gz.write('event: response.created\ndata: {"type":"response.created","response":{"id":"resp_cut"}}\n\n');
      gz.flush(() => setTimeout(() => res.socket?.destroy(), 20));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => upstream.close(() => r())));
    const { relay, file } = await relayTo(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1/responses`);
    const outcome = await new Promise<string>((resolve) => {
      const req = http.request(`${relay.baseUrl}/responses`, { method: 'POST' }, (res) => {
        res.resume();
        res.on('end', () => resolve('ended'));
        res.on('error', () => resolve('cut'));
        res.on('aborted', () => resolve('cut'));
      });
      req.on('error', () => resolve('cut'));
      req.end('{"model":"m","stream":true}');
    });
    expect(outcome).toBe('cut');
    const records = await captured(relay, file);
    expect(records.filter((r) => r.kind === 'conn.close')).toMatchObject([{ side: 'upstream', code: 1006 }]);
    expect(framesOf(records).map((f) => f.http)).toEqual(['request', 'sse']);
    expect(buildCaptureModel(records).turns()[0]).toMatchObject({ status: 'cut', responseId: 'resp_cut' });
  });

  it('answers 502 with a JSON error when the HTTP upstream is unreachable, and records it', async () => {
    const { relay, file } = await relayTo('http://127.0.0.1:9/v1/responses');
    const res = await fetch(`${relay.baseUrl}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"m"}' });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('upstream_unreachable');
    const records = await captured(relay, file);
    expect(records.find((r) => r.kind === 'conn.error')).toMatchObject({ status: 502 });
    expect(buildCaptureModel(records).turns()[0].status).toBe('cut');
  });

  it('refuses browser origins', async () => {
    const { relay } = await relayTo('http://127.0.0.1:9/v1/responses');
    const res = await fetch(`${relay.baseUrl}/responses`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: '{}' });
    expect(res.status).toBe(403);
  });
});

describe('connection setup over HTTP (TLS mock with a setup cost)', () => {
  it('records the setup each request paid: once per agent connection with keep-alive, on every request without', async () => {
    for (const keepAlive of [true, false]) {
      const { relay, file } = await withMock({ tls: true, setupMs: 60, keepAlive });
      const client = new OpenAI({ apiKey: API_KEY, baseURL: relay.baseUrl });
      for (let i = 0; i < 3; i++)
        await client.responses.create({ model: 'gpt-5.5', input: 'hi', stream: true }).then(async (s) => {
          for await (const _ of s) void _;
        });
      const records = await captured(relay, file);
      const opens = records.filter((r): r is ConnUpstreamOpen => r.kind === 'conn.upstream_open');
      expect(opens).toHaveLength(3);
      // The relay reuses an upstream connection exactly when the agent reused its own (the SDK may
      // open a second one while the first is still finishing), so it pays the setup the agent would.
      const socketOf = new Map(records.flatMap((r) => (r.kind === 'conn.open' ? [[r.conn, r.agentSocket]] : [])));
      const seen = new Set<string | undefined>();
      for (const open of opens) {
        const firstOnSocket = !seen.has(socketOf.get(open.conn));
        seen.add(socketOf.get(open.conn));
        if (keepAlive && !firstOnSocket) expect(open).toMatchObject({ reused: true, setupMs: 0 });
        else expect(open.setupMs).toBeGreaterThanOrEqual(60);
      }
      if (keepAlive) expect(seen.size).toBeLessThan(3);
    }
  });
});
