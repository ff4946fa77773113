import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from './relay.ts';
import { framesOf, readCapture } from './testing/captureFile.ts';
import { startScriptedUpstream, WEATHER_TOOL, type ScriptedUpstream, type ScriptedUpstreamOptions } from './testing/scriptedUpstream.ts';
import { until } from './testing/until.ts';

const API_KEY = 'sk-test-relay-0123456789abcdefghij';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function setup(upstreamOpts: ScriptedUpstreamOptions = {}): Promise<{ relay: RunningRelay; upstream: ScriptedUpstream; file: string }> {
  const upstream = await startScriptedUpstream(upstreamOpts);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-relay-'));
  const file = path.join(dir, 'capture.ndjson');
  const relay = await startRelay({ port: 0, upstream: upstream.url, capturesDir: dir, captureFile: file, maxAgeMs: 3_600_000, quiet: true });
  cleanup.push(
    () => upstream.close(),
    () => relay.close(),
  );
  return { relay, upstream, file };
}

/** A raw agent socket (for faults the SDK would not produce). */
function rawAgent(url: string, headers: Record<string, string> = { authorization: `Bearer ${API_KEY}` }) {
  const ws = new WebSocket(url, { headers, perMessageDeflate: false, maxPayload: 0 });
  const messages: { data: Buffer; binary: boolean }[] = [];
  ws.on('message', (data: Buffer, binary) => messages.push({ data, binary }));
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('error', () => undefined);
  return { ws, messages, closed, opened };
}

function nextTerminal(rws: ResponsesWS): Promise<{ type: string; response: { id: string; output: { type: string; call_id?: string; name?: string }[] } }> {
  return new Promise((resolve, reject) => {
    const onDone = (event: unknown) => {
      rws.off('response.completed', onDone);
      resolve(event as never);
    };
    rws.on('response.completed', onDone);
    rws.once('error', reject);
  });
}

describe('relay with the openai SDK ResponsesWS client', () => {
  it('carries a 20-tool-call loop chained with previous_response_id and captures every frame byte-exact, in order', async () => {
    const { relay, upstream, file } = await setup();
    const started = Date.now();
    const client = new OpenAI({ apiKey: API_KEY, baseURL: relay.baseUrl, defaultHeaders: { 'OpenAI-Beta': 'responses_websockets=2026-02-06' } });
    const rws = new ResponsesWS(client);
    let previous: string | undefined;
    let callId = '';
    let toolCalls = 0;
    for (let turn = 0; turn <= 20; turn++) {
      const done = nextTerminal(rws);
      rws.send({
        type: 'response.create',
        model: 'gpt-5.5',
        store: false,
        previous_response_id: previous,
        input:
          turn === 0
            ? [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris, step by step?' }] }]
            : [{ type: 'function_call_output', call_id: callId, output: JSON.stringify({ temp_c: 14, step: turn }) }],
        tools: turn < 20 ? [WEATHER_TOOL] : [],
      });
      const event = await done;
      expect(event.response.id).toMatch(/^resp_/);
      previous = event.response.id;
      const call = event.response.output.find((o) => o.type === 'function_call');
      if (call) {
        toolCalls++;
        callId = call.call_id!;
      }
    }
    expect(toolCalls).toBe(20);
    rws.close({ code: 1000, reason: 'done' });
    await upstream.conns[0].closed;
    await relay.close();
    const finished = Date.now();

    const records = readCapture(file);
    expect(records[0]).toMatchObject({ kind: 'capture.start', format: 'responses-inspector.capture', version: 1, upstream: upstream.url });
    expect(records.at(-1)).toMatchObject({ kind: 'capture.end' });
    const open = records.find((r) => r.kind === 'conn.open');
    expect(open).toMatchObject({ conn: 'c1', path: '/v1/responses' });
    if (open?.kind !== 'conn.open') throw new Error('no conn.open');
    expect(open.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(records)).not.toContain(API_KEY);
    // The upstream still got the real key: the relay forwards it, only the capture redacts it.
    expect(upstream.conns[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(upstream.conns[0].headers['openai-beta']).toBe('responses_websockets=2026-02-06');

    const frames = framesOf(records, 'c1');
    expect(frames.map((f) => f.seq)).toEqual(frames.map((_, i) => i + 1));
    const sends = frames.filter((f) => f.dir === 'send');
    const receives = frames.filter((f) => f.dir === 'receive');
    expect(sends.map((f) => f.data)).toEqual(upstream.conns[0].received.map((m) => m.data.toString('utf8')));
    expect(receives.map((f) => f.data)).toEqual(upstream.conns[0].sent.map((m) => m.data.toString('utf8')));
    expect(sends.length).toBe(21);
    for (const f of frames) {
      expect(f.binary).toBe(false);
      expect(f.size).toBe(Buffer.byteLength(f.data));
      expect(f.t).toBeGreaterThanOrEqual(started - 1);
      expect(f.t).toBeLessThanOrEqual(finished + 1);
    }
    for (let i = 1; i < frames.length; i++) expect(frames[i].t).toBeGreaterThanOrEqual(frames[i - 1].t);
    // Microsecond resolution: timestamps carry a fractional millisecond part.
    expect(frames.some((f) => !Number.isInteger(f.t))).toBe(true);
    expect(records.find((r) => r.kind === 'conn.close')).toMatchObject({ conn: 'c1', side: 'client', code: 1000, reason: 'done' });
  });

  it('passes an upstream 401 refusal through with the same status and body', async () => {
    const body = JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
    const { relay, file } = await setup({ refuse: { status: 401, body } });
    const got = await new Promise<{ status: number; body: string }>((resolve) => {
      const ws = new WebSocket(relay.relayUrl, { headers: { authorization: 'Bearer sk-wrong' } });
      ws.on('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      ws.on('error', () => undefined);
    });
    expect(got).toEqual({ status: 401, body });
    await relay.close();
    const err = readCapture(file).find((r) => r.kind === 'conn.error');
    expect(err).toMatchObject({ conn: 'c1', status: 401 });
  });

  it('answers 502 with a one-line reason when the upstream is unreachable', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-relay-'));
    const relay = await startRelay({ port: 0, upstream: 'ws://127.0.0.1:9/v1/responses', capturesDir: dir, captureFile: null, maxAgeMs: 1000, quiet: true });
    cleanup.push(() => relay.close());
    const got = await new Promise<{ status: number; body: string }>((resolve) => {
      const ws = new WebSocket(relay.relayUrl);
      ws.on('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      ws.on('error', () => undefined);
    });
    expect(got.status).toBe(502);
    expect(got.body.trim().split('\n')).toHaveLength(1);
    expect(got.body).toMatch(/unreachable.*ECONNREFUSED/);
  });

  it('mirrors an upstream close with 1011 and its reason to the agent', async () => {
    const { relay, file } = await setup({
      onMessage: (ws) => {
        ws.close(1011, 'upstream error');
        return true;
      },
    });
    const agent = rawAgent(relay.relayUrl);
    await agent.opened;
    agent.ws.send('{"type":"response.create"}');
    expect(await agent.closed).toEqual({ code: 1011, reason: 'upstream error' });
    await relay.close();
    expect(readCapture(file).find((r) => r.kind === 'conn.close')).toMatchObject({ side: 'upstream', code: 1011, reason: 'upstream error' });
  });

  it('gives the agent an abnormal closure (1006) when the upstream vanishes mid-stream', async () => {
    const { relay, file } = await setup({
      onMessage: (ws, _d, _b, conn) => {
        conn.send('{"type":"response.created","sequence_number":0}');
        setTimeout(() => (ws as unknown as { _socket: { destroy(): void } })._socket.destroy(), 20);
        return true;
      },
    });
    const agent = rawAgent(relay.relayUrl);
    await agent.opened;
    agent.ws.send('{"type":"response.create"}');
    const closed = await agent.closed;
    expect(closed.code).toBe(1006);
    expect(agent.messages.map((m) => m.data.toString())).toEqual(['{"type":"response.created","sequence_number":0}']);
    await relay.close();
    expect(readCapture(file).find((r) => r.kind === 'conn.close')).toMatchObject({ side: 'upstream', code: 1006 });
  });

  it('forwards a binary frame, a 2 MiB frame and a non-JSON text frame unchanged and records them', async () => {
    const { relay, upstream, file } = await setup();
    const agent = rawAgent(relay.relayUrl);
    await agent.opened;
    const binary = Buffer.from([0, 1, 2, 250, 255]);
    const big = Buffer.from(`{"type":"x","pad":"${'é'.repeat(1024 * 1024 - 20)}"}`);
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024 - 64);
    agent.ws.send(binary, { binary: true });
    agent.ws.send(big, { binary: false });
    agent.ws.send('not json at all \u{1F600}');
    await until(() => agent.messages.length === 3);
    expect(agent.messages[0]).toEqual({ data: binary, binary: true });
    expect(agent.messages[1].binary).toBe(false);
    expect(agent.messages[1].data.equals(big)).toBe(true);
    expect(agent.messages[2].data.toString()).toBe('not json at all \u{1F600}');
    expect(upstream.conns[0].received[0]).toEqual({ data: binary, binary: true });
    agent.ws.close();
    await relay.close();
    const frames = framesOf(readCapture(file));
    expect(frames[0]).toMatchObject({ dir: 'send', binary: true, size: 5, data: binary.toString('base64') });
    expect(frames[1]).toMatchObject({ dir: 'send', binary: false, size: big.length });
    expect(frames[1].data).toBe(big.toString('utf8'));
    expect(frames[2]).toMatchObject({ dir: 'send', binary: false, data: 'not json at all \u{1F600}' });
    expect(frames.filter((f) => f.dir === 'receive')).toHaveLength(3);
  });

  it('closes the upstream connection when the agent disconnects mid-response', async () => {
    const { relay, upstream } = await setup({
      onMessage: (_ws, _d, _b, conn) => {
        conn.send('{"type":"response.created","sequence_number":0}');
        return true;
      },
    });
    const agent = rawAgent(relay.relayUrl);
    await agent.opened;
    agent.ws.send('{"type":"response.create"}');
    await until(() => agent.messages.length === 1);
    agent.ws.terminate();
    const closed = await upstream.conns[0].closed;
    expect(closed.code).toBe(1006);
  });

  it('keeps four concurrent agents apart, each with its own upstream connection', async () => {
    const { relay, upstream, file } = await setup();
    const clients = Array.from({ length: 4 }, () => new ResponsesWS(new OpenAI({ apiKey: API_KEY, baseURL: relay.baseUrl })));
    const results = await Promise.all(
      clients.map(async (rws, i) => {
        const ids: string[] = [];
        let previous: string | undefined;
        for (let turn = 0; turn < 5; turn++) {
          const done = nextTerminal(rws);
          rws.send({ type: 'response.create', model: 'gpt-5.5', store: false, previous_response_id: previous, input: `agent ${i} turn ${turn}`, tools: [WEATHER_TOOL] });
          previous = (await done).response.id;
          ids.push(previous);
        }
        rws.close();
        return ids;
      }),
    );
    expect(new Set(results.flat()).size).toBe(20);
    await until(() => upstream.conns.length === 4);
    await relay.close();
    const records = readCapture(file);
    const conns = [...new Set(framesOf(records).map((f) => f.conn))];
    expect(conns).toHaveLength(4);
    for (const conn of conns) {
      const sends = framesOf(records, conn).filter((f) => f.dir === 'send');
      expect(sends).toHaveLength(5);
      const agentNo = /agent (\d)/.exec(sends[0].data)![1];
      for (const s of sends) expect(s.data).toContain(`agent ${agentNo} `);
    }
  });

  it('passes pings and pongs through, so a silent upstream fails the agent keepalive as it would directly', async () => {
    const { relay, upstream } = await setup();
    const agent = rawAgent(relay.relayUrl);
    await agent.opened;
    await until(() => upstream.conns.length === 1);
    const upstreamPings: string[] = [];
    upstream.conns[0].ws.on('ping', (d: Buffer) => upstreamPings.push(d.toString()));
    const agentPongs: string[] = [];
    agent.ws.on('pong', (d: Buffer) => agentPongs.push(d.toString()));
    agent.ws.ping('keepalive-1');
    await until(() => agentPongs.length === 1);
    expect(upstreamPings).toEqual(['keepalive-1']);
    expect(agentPongs).toEqual(['keepalive-1']);
    // The upstream stops reading (a half-open TCP connection): the agent's ping gets no pong.
    (upstream.conns[0].ws as unknown as { _socket: { pause(): void } })._socket.pause();
    agent.ws.ping('keepalive-2');
    await new Promise((r) => setTimeout(r, 300));
    expect(agentPongs).toEqual(['keepalive-1']);
    const agentPings: string[] = [];
    agent.ws.on('ping', (d: Buffer) => agentPings.push(d.toString()));
    upstream.conns[0].ws.ping('server-ping');
    await until(() => agentPings.length === 1);
    expect(agentPings).toEqual(['server-ping']);
  });

  it('refuses browser origins on the agent socket and foreign Host headers everywhere', async () => {
    const { relay } = await setup();
    const status = (opts: WebSocket.ClientOptions) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(relay.relayUrl, opts);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => undefined);
      });
    expect(await status({ origin: 'https://evil.example' })).toBe(403);
    expect(await status({ headers: { host: 'evil.example:8787' } })).toBe(403);
    expect(await status({})).toBe(101);
  });
});
