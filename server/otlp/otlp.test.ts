import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { OtlpSpan, OtlpTraces } from '../../src/core/export/otlp.ts';
import { startMockHttpServer } from '../mock/httpServer.ts';
import { startMockServer } from '../mock/mockServer.ts';
import { startRelay } from '../relay.ts';
import { exportOtlpFile } from './exportFile.ts';
import { startLiveOtlp } from './liveExport.ts';
import { tracesUrl } from './sender.ts';

const API_KEY = 'sk-test-otlp-0123456789abcdefghijkl';
const TIMING = { ttftMs: 5, deltaGapMs: 0, jitterMs: 0 };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

/** A test OTLP/HTTP receiver on loopback: keeps every span POSTed to /v1/traces. */
async function receiver(): Promise<{ url: string; spans: OtlpSpan[]; paths: string[] }> {
  const spans: OtlpSpan[] = [];
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      const parsed = JSON.parse(body) as OtlpTraces;
      for (const rs of parsed.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, paths };
}

const attrs = (span: OtlpSpan) => Object.fromEntries(span.attributes.map((a) => [a.key, Object.values(a.value)[0]]));

/** A relay in front of the mock (WS and HTTP sides), and a capture with two WS turns and one HTTP turn. */
async function recordRun() {
  const mockWs = await startMockServer({ timing: TIMING, toolCalls: 1 });
  const mockHttp = await startMockHttpServer({ timing: TIMING, toolCalls: 1 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-otlp-'));
  const file = path.join(dir, 'capture.ndjson');
  const relay = await startRelay({ port: 0, upstream: mockWs.url, httpUpstream: mockHttp.url, capturesDir: dir, captureFile: file, maxAgeMs: 3_600_000, quiet: true });
  cleanup.push(
    () => mockWs.close(),
    () => mockHttp.close(),
    () => relay.close(),
  );
  const run = async () => {
    const client = new OpenAI({ apiKey: API_KEY, baseURL: relay.baseUrl });
    const rws = new ResponsesWS(client);
    const tool = { type: 'function' as const, name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] }, strict: false };
    const turn = (body: Record<string, unknown>) =>
      new Promise<{ id: string; output: { type: string; call_id?: string }[] }>((resolve) => {
        const done = (e: { response: unknown }) => {
          rws.off('response.completed', done);
          resolve(e.response as { id: string; output: { type: string; call_id?: string }[] });
        };
        rws.on('response.completed', done);
        rws.send({ type: 'response.create', model: 'gpt-5.5', ...body } as never);
      });
    const first = await turn({ input: 'Find the secret sk-proj-abcdefghijklmnopqrstuvwx', tools: [tool] });
    const callId = first.output.find((o) => o.type === 'function_call')?.call_id ?? 'x';
    await turn({ previous_response_id: first.id, input: [{ type: 'function_call_output', call_id: callId, output: 'found' }], tools: [tool] });
    rws.close();
    const stream = await client.responses.create({ model: 'gpt-5.5-mini', input: 'hi', stream: true });
    for await (const _ of stream) void _;
  };
  return { relay, file, run };
}

describe('OTLP export to an OTLP/HTTP receiver', () => {
  it('sends a capture file as GenAI spans: chat spans per turn under connection spans, content left out', async () => {
    const rx = await receiver();
    const { relay, file, run } = await recordRun();
    await run();
    await relay.close();
    const result = await exportOtlpFile(file, { endpoint: rx.url });
    expect(rx.paths.every((p) => p === 'POST /v1/traces application/json')).toBe(true);
    const chats = rx.spans.filter((s) => s.name.startsWith('chat '));
    expect(chats.map((s) => s.name)).toEqual(['chat gpt-5.5', 'chat gpt-5.5', 'chat gpt-5.5-mini']);
    expect(result.spans).toBe(rx.spans.length);
    const conns = rx.spans.filter((s) => !s.name.startsWith('chat '));
    expect(conns.map((s) => s.name).sort()).toEqual(['POST /v1/responses', 'responses websocket']);
    for (const chat of chats) {
      expect(conns.some((c) => c.spanId === chat.parentSpanId && c.traceId === chat.traceId)).toBe(true);
      const a = attrs(chat);
      expect(a).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'openai.api.type': 'responses', 'server.address': '127.0.0.1' });
      expect(a['gen_ai.response.id']).toMatch(/^resp_/);
      expect(Number(a['gen_ai.usage.output_tokens'])).toBeGreaterThan(0);
      expect(a['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
      expect(a['gen_ai.input.messages']).toBeUndefined();
      expect(a['gen_ai.output.messages']).toBeUndefined();
    }
    // The chain shares one conversation id: the first response's.
    expect(attrs(chats[1])['gen_ai.conversation.id']).toBe(attrs(chats[0])['gen_ai.response.id']);
    expect(attrs(chats[2])['gen_ai.request.stream']).toBe(true);
    expect(JSON.stringify(rx.spans)).not.toContain(API_KEY);
  });

  it('includes content only with includeContent, keys masked', async () => {
    const rx = await receiver();
    const { relay, file, run } = await recordRun();
    await run();
    await relay.close();
    await exportOtlpFile(file, { endpoint: `${rx.url}/v1/traces`, includeContent: true });
    const first = rx.spans.find((s) => s.name === 'chat gpt-5.5')!;
    expect(attrs(first)['gen_ai.input.messages']).toContain('Find the secret [redacted]');
    expect(JSON.stringify(rx.spans)).not.toContain('sk-proj-abcdefghijklmnopqrstuvwx');
  });

  it('sends turns live from a running relay (start --otlp), the rest when it closes', async () => {
    const rx = await receiver();
    const { relay, run } = await recordRun();
    const warnings: string[] = [];
    const live = startLiveOtlp(relay.log, { endpoint: rx.url, warn: (m) => warnings.push(m) });
    await run();
    const until = Date.now() + 5000;
    while (rx.spans.filter((s) => s.name.startsWith('chat ')).length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(rx.spans.filter((s) => s.name.startsWith('chat ')).length).toBe(3);
    await relay.close();
    await live.close();
    expect(rx.spans.filter((s) => !s.name.startsWith('chat ')).length).toBe(2);
    expect(live.sent).toBe(5);
    expect(warnings).toEqual([]);
  });

  it('traces the turns a relay recorded before the live export started, read back from the capture', async () => {
    const rx = await receiver();
    const { relay, run } = await recordRun();
    await run();
    await relay.log.settle();
    // Started late: the turns are only in the capture now, not in any chunk still to come.
    const warnings: string[] = [];
    const live = startLiveOtlp(relay.log, { endpoint: rx.url, warn: (m) => warnings.push(m) });
    await relay.close();
    await live.close();
    expect(rx.spans.filter((s) => s.name.startsWith('chat ')).length).toBe(3);
    expect(live.sent).toBe(5);
    expect(warnings).toEqual([]);
  });

  it('warns once and goes on when the collector is down', async () => {
    const { relay, run } = await recordRun();
    const warnings: string[] = [];
    const live = startLiveOtlp(relay.log, { endpoint: 'http://127.0.0.1:9', warn: (m) => warnings.push(m) });
    await run();
    await relay.close();
    await live.close();
    expect(warnings.length).toBe(1);
    expect(live.dropped).toBe(5);
  });
});

describe('tracesUrl', () => {
  it('adds the OTLP default path unless the URL has it', () => {
    expect(tracesUrl('http://127.0.0.1:4318')).toBe('http://127.0.0.1:4318/v1/traces');
    expect(tracesUrl('http://127.0.0.1:4318/otlp/')).toBe('http://127.0.0.1:4318/otlp/v1/traces');
    expect(tracesUrl('http://127.0.0.1:4318/v1/traces')).toBe('http://127.0.0.1:4318/v1/traces');
  });
});
