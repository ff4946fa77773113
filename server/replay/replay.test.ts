import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureBuilder, textTurnEvents } from '../../src/core/testing/records.ts';
import { startRelay } from '../relay.ts';
import { MAX_FRAME_BYTES } from '../transport/upstreamDial.ts';
import { readCapture } from '../testing/captureFile.ts';
import { startScriptedUpstream, WEATHER_TOOL } from '../testing/scriptedUpstream.ts';
import { startReplayServer, type RunningReplay } from './replayServer.ts';
import { buildReplayScript } from './script.ts';
import type { MatchMode } from './divergence.ts';
import type { TimingMode } from './timing.ts';
import { until } from '../testing/until.ts';

const API_KEY = 'sk-test-replay-0123456789abcdefghij';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

interface RunResult {
  responseIds: string[];
  finalText: string;
}

/** The agent under test: a tool loop on the real SDK client until the model answers in text. */
async function runAgent(baseURL: string, opts: { model?: string; prompt?: string } = {}): Promise<RunResult> {
  const client = new OpenAI({ apiKey: API_KEY, baseURL });
  const rws = new ResponsesWS(client);
  const responseIds: string[] = [];
  let previous: string | undefined;
  let input: unknown[] = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: opts.prompt ?? 'Weather in Paris?' }] }];
  try {
    for (let turn = 0; turn < 10; turn++) {
      const done = new Promise<{ response: { id: string; output: { type: string; call_id?: string | null; content?: { text: string }[] }[] } }>((resolve, reject) => {
        const onDone = (event: unknown) => {
          rws.off('response.completed', onDone);
          resolve(event as never);
        };
        rws.on('response.completed', onDone);
        rws.once('error', reject);
      });
      rws.send({
        type: 'response.create',
        model: opts.model ?? 'gpt-5.5',
        store: false,
        previous_response_id: previous,
        input: input as never,
        tools: turn < 3 ? [WEATHER_TOOL] : [],
      });
      const { response } = await done;
      responseIds.push(response.id);
      previous = response.id;
      const call = response.output.find((o) => o.type === 'function_call');
      if (!call) {
        const msg = response.output.find((o) => o.type === 'message');
        return { responseIds, finalText: msg?.content?.[0]?.text ?? '' };
      }
      input = [{ type: 'function_call_output', call_id: call.call_id, output: JSON.stringify({ temp_c: 14 }) }];
    }
    throw new Error('the agent did not finish');
  } finally {
    rws.close({ code: 1000, reason: 'done' });
  }
}

/** Records one agent run through the real relay and a scripted upstream; returns the capture file. */
async function recordRun(): Promise<{ file: string; result: RunResult }> {
  const upstream = await startScriptedUpstream({ callsBeforeText: 3 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-replay-'));
  const file = path.join(dir, 'run.ndjson');
  const relay = await startRelay({ port: 0, upstream: upstream.url, capturesDir: dir, captureFile: file, maxAgeMs: 3_600_000, quiet: true });
  const result = await runAgent(relay.baseUrl);
  await relay.close();
  await upstream.close();
  return { file, result };
}

async function replay(records: Parameters<typeof buildReplayScript>[0], timing: TimingMode = 'none', speed = 1, match?: MatchMode): Promise<RunningReplay> {
  const server = await startReplayServer({ script: buildReplayScript(records), port: 0, timing, speed, match });
  cleanup.push(() => server.close());
  return server;
}

/** A raw agent socket, to see error frames exactly as sent. */
async function rawAgent(url: string) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (d: Buffer) => messages.push(JSON.parse(d.toString())));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  cleanup.push(async () => ws.terminate());
  return { ws, messages };
}

describe('replay endpoint', () => {
  it('drives the real openai SDK client through a recorded relay run to the same final output', async () => {
    const { file, result } = await recordRun();
    expect(result.responseIds).toHaveLength(4);
    expect(result.finalText).toContain('umbrella');
    for (const timing of ['none', 'compressed', 'original'] as const) {
      const server = await replay(readCapture(file), timing);
      const again = await runAgent(server.baseUrl);
      expect(again).toEqual(result);
    }
  });

  it('answers a request that differs from the recording with a replay_divergence error frame naming the field', async () => {
    const { file } = await recordRun();
    const server = await replay(readCapture(file));
    await expect(runAgent(server.baseUrl, { model: 'gpt-4o' })).rejects.toThrow(/replay divergence: request 1 on connection 1: model is "gpt-4o" but the recording has "gpt-5.5"/);

    const agent = await rawAgent((await replay(readCapture(file))).url);
    agent.ws.send(JSON.stringify({ type: 'response.create', model: 'gpt-5.5', input: [{ type: 'message', role: 'user', content: 'hi' }], tools: [] }));
    await until(() => agent.messages.length === 1);
    expect(agent.messages[0]).toEqual({
      type: 'error',
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'replay_divergence',
        param: 'tools',
        message: 'replay divergence: request 1 on connection 1: tools are [] but the recording has [function:get_weather]',
      },
    });
  });

  it('refuses a changed prompt, quoting where it differs, unless told to match the shape only', async () => {
    const { file, result } = await recordRun();
    const server = await replay(readCapture(file));
    await expect(runAgent(server.baseUrl, { prompt: 'Weather in Lyon?' })).rejects.toThrow(
      'replay divergence: request 1 on connection 1: input[0] message(user) text is "Weather in Lyon?" but the recording has "Weather in Paris?"',
    );
    // Prompts that carry a timestamp or an id: --match shape compares counts, types and roles only.
    const lenient = await replay(readCapture(file), 'none', 1, 'shape');
    expect(await runAgent(lenient.baseUrl, { prompt: 'Weather in Lyon?' })).toEqual(result);
  });

  it('refuses one request more than recorded, per lane, and keeps lanes apart', async () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    c.send('c1', { type: 'response.create', model: 'm', stream_id: 'a', input: [] });
    c.send('c1', { type: 'response.create', model: 'm', input: [] });
    for (const ev of textTurnEvents('resp_b', 'default lane')) c.receive('c1', ev);
    for (const ev of textTurnEvents('resp_a', 'lane a', { stream_id: 'a' })) c.receive('c1', ev);
    const agent = await rawAgent((await replay(c.records)).url);
    agent.ws.send(JSON.stringify({ type: 'response.create', model: 'm', input: [] }));
    await until(() => agent.messages.length === 3);
    expect(agent.messages.map((m) => m.type)).toEqual(['response.created', 'response.output_text.delta', 'response.completed']);
    expect(agent.messages[1]).toMatchObject({ delta: 'default lane' });
    agent.ws.send(JSON.stringify({ type: 'response.create', model: 'm', input: [] }));
    agent.ws.send(JSON.stringify({ type: 'response.create', model: 'm', stream_id: 'a', input: [] }));
    await until(() => agent.messages.length === 7);
    expect(agent.messages[3]).toMatchObject({
      type: 'error',
      error: { code: 'replay_divergence', message: 'replay divergence: request 2 on connection 1 is one more than the recording has (1)' },
    });
    expect(agent.messages.slice(4).map((m) => m.stream_id)).toEqual(['a', 'a', 'a']);
  });

  it('plays the recorded gaps with original timing, scaled by speed, and skips them with none', async () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    c.send('c1', { type: 'response.create', model: 'm', input: [] });
    for (const ev of textTurnEvents('resp_1', 'slow')) c.receive('c1', ev, 150);
    c.close('c1', { side: 'upstream', code: 1011, reason: 'recorded close', dt: 10 });
    const timed = async (timing: TimingMode, speed = 1) => {
      const agent = await rawAgent((await replay(c.records, timing, speed)).url);
      const closed = new Promise<{ code: number; reason: string }>((r) => agent.ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
      const started = performance.now();
      agent.ws.send(JSON.stringify({ type: 'response.create', model: 'm', input: [] }));
      await until(() => agent.messages.length === 3);
      return { ms: performance.now() - started, close: await closed };
    };
    const original = await timed('original');
    expect(original.ms).toBeGreaterThanOrEqual(440);
    expect(original.close).toEqual({ code: 1011, reason: 'recorded close' });
    // Relative to the original run, so a slow machine (which slows all three) cannot fail it: 3x is
    // about a third of it, none about nothing.
    expect((await timed('original', 3)).ms).toBeLessThan(original.ms * 0.6);
    expect((await timed('none')).ms).toBeLessThan(original.ms * 0.25);
  });

  it("refuses an agent frame over the relay's frame limit from its header (1009), before buffering any of it", async () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    const server = await replay(c.records);
    const socket = net.connect(server.port, '127.0.0.1');
    cleanup.push(async () => void socket.destroy());
    let received = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => (received = Buffer.concat([received, d])));
    socket.on('error', () => undefined);
    socket.write(
      `GET /v1/responses HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await until(() => received.includes('\r\n\r\n'));
    expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
    received = Buffer.alloc(0);
    // A masked text frame announcing one byte more than the limit; none of its payload is sent.
    const header = Buffer.alloc(14);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(MAX_FRAME_BYTES + 1), 2);
    socket.write(header);
    await until(() => received.length >= 4);
    expect(received[0]).toBe(0x88);
    expect(received.readUInt16BE(2)).toBe(1009);
  });
});
