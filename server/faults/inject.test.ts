import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultRecord } from '../../src/core/capture.ts';
import { parseFaultPlan } from '../../src/core/faultPlan.ts';
import { DemoAgent } from '../demo/agent.ts';
import { Conversation } from '../demo/conversation.ts';
import { connectionLimitReached, previousResponseNotFound, refusalBody } from '../mock/errors.ts';
import { startMockServer } from '../mock/mockServer.ts';
import { startRelay, type RunningRelay } from '../relay.ts';
import { summarizeFile } from '../run/gateReport.ts';
import { framesOf, readCapture } from '../testing/captureFile.ts';

/**
 * Every fault the relay injects, driven through the relay by the demo agent on the real openai
 * SDK (ResponsesWS), with the mock endpoint upstream. Each test checks the wire (what the agent
 * got), the capture (marked frames, fault records) and the recovery verdict.
 */
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

interface Setup {
  relay: RunningRelay;
  file: string;
  agent: DemoAgent;
  conv: Conversation;
  lines: string[];
}

async function setup(plan?: string, extra: { maxAgeMs?: number; enforceMaxAge?: boolean } = {}): Promise<Setup> {
  const mock = await startMockServer({ timing: { ttftMs: 20, deltaGapMs: 2, jitterMs: 0 }, toolCalls: 2, seed: 7 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-inject-'));
  const file = path.join(dir, 'capture.ndjson');
  const relay = await startRelay({
    port: 0,
    upstream: mock.url,
    capturesDir: dir,
    captureFile: file,
    maxAgeMs: extra.maxAgeMs ?? 3_600_000,
    quiet: true,
    enforceMaxAge: extra.enforceMaxAge,
    faults: plan === undefined ? undefined : parseFaultPlan(plan),
  });
  const stop = new AbortController();
  const lines: string[] = [];
  const agent = new DemoAgent(new OpenAI({ apiKey: 'sk-test-faults-0123456789', baseURL: relay.baseUrl }), (l) => lines.push(l), stop.signal, 0.1);
  cleanup.push(
    () => mock.close(),
    () => relay.close(),
    async () => {
      stop.abort();
      await agent.close();
    },
  );
  return { relay, file, agent, conv: new Conversation(), lines };
}

async function finish(s: Setup) {
  await s.agent.close();
  await s.relay.close();
  const records = readCapture(s.file);
  const faults = records.filter((r): r is FaultRecord => r.kind === 'fault');
  return { records, faults, frames: framesOf(records), summary: await summarizeFile(s.file) };
}

describe('fault injection through the relay, with the openai SDK', () => {
  it('limit: the next response.create gets the endpoint’s error frame, byte for byte, then a close with 1000; the agent reconnects and resends', async () => {
    const s = await setup();
    await s.agent.task(s.conv, 'First task.', 1);
    expect(s.relay.faults.inject('c1', 'limit')).toEqual(['c1']);
    await s.agent.task(s.conv, 'Second task.', 1);
    const { records, faults, frames, summary } = await finish(s);

    const injected = frames.filter((f) => f.injected);
    expect(injected).toHaveLength(1);
    expect(injected[0]).toMatchObject({ conn: 'c1', dir: 'receive', data: JSON.stringify(connectionLimitReached()) });
    const withheld = frames.filter((f) => f.forwarded === false);
    expect(withheld.map((f) => [f.conn, JSON.parse(f.data).type])).toEqual([['c1', 'response.create']]);
    expect(records.find((r) => r.kind === 'conn.close' && r.conn === 'c1')).toMatchObject({ side: 'relay', code: 1000 });
    expect(faults.map((f) => [f.action, f.fault, f.source])).toEqual([
      ['armed', 'limit', 'dashboard'],
      ['fired', 'limit', 'dashboard'],
    ]);
    expect(summary.faultVerdicts).toHaveLength(1);
    expect(summary.faultVerdicts[0]).toMatchObject({ conn: 'c1', recovered: true, reconnected: true, newConn: 'c2', contextResent: true, turnFinished: true });
    expect(summary.faultVerdicts[0].extraInputTokens).toBeGreaterThan(0);
    expect(summary.faultsUnrecovered).toBe(0);
  });

  it('--enforce-max-age: the relay answers with the limit error at --max-age although the upstream’s own limit is an hour away', async () => {
    const s = await setup(undefined, { maxAgeMs: 1500, enforceMaxAge: true });
    while (s.agent.connections < 2) {
      await s.agent.task(s.conv, 'Keep working.', 1);
      await s.agent.pause(100);
    }
    await s.agent.task(s.conv, 'One more on the new connection.', 1);
    const { frames, faults, summary } = await finish(s);
    const limit = frames.filter((f) => f.dir === 'receive' && f.data.includes('websocket_connection_limit_reached'));
    expect(limit.length).toBeGreaterThanOrEqual(1);
    expect(limit.every((f) => f.injected === true)).toBe(true);
    expect(faults.find((f) => f.action === 'fired')).toMatchObject({ conn: 'c1', fault: 'limit', source: 'max-age' });
    expect(summary.limitHits).toBeGreaterThanOrEqual(1);
    expect(summary.faultVerdicts[0]).toMatchObject({ recovered: true, reconnected: true });
  });

  it('cache-loss: previous_response_not_found for a chained request, which never reaches the upstream; the agent resends its full context', async () => {
    const s = await setup('every 2nd response.create: cache-loss');
    await s.agent.task(s.conv, 'Investigate.', 2);
    const { frames, faults, summary } = await finish(s);
    const fired = faults.filter((f) => f.action === 'fired');
    expect(fired.length).toBeGreaterThanOrEqual(1);
    const injected = frames.filter((f) => f.injected);
    const withheld = frames.filter((f) => f.forwarded === false);
    expect(withheld).toHaveLength(injected.length);
    for (const [i, w] of withheld.entries()) {
      const previous = JSON.parse(w.data).previous_response_id as string;
      expect(injected[i].data).toBe(JSON.stringify(previousResponseNotFound(previous)));
      // The next frame of the connection is the injected answer: the upstream sent nothing for it.
      const next = frames.find((f) => f.conn === w.conn && f.seq === w.seq + 1);
      expect(next?.injected).toBe(true);
    }
    expect(summary.faultVerdicts.every((v) => v.recovered && v.contextResent)).toBe(true);
    expect(summary.cacheMisses).toBe(injected.length);
  });

  it('drop: the agent’s socket ends with no close frame (1006); the SDK reconnects and the turn is resent', async () => {
    const s = await setup('on connection 1: drop');
    await s.agent.task(s.conv, 'Investigate.', 1);
    const { records, faults, summary } = await finish(s);
    expect(records.find((r) => r.kind === 'conn.close' && r.conn === 'c1')).toMatchObject({ side: 'relay', code: 1006 });
    expect(s.lines.some((l) => l.includes('connection lost (1006)'))).toBe(true);
    expect(faults.find((f) => f.action === 'fired')?.detail).toMatch(/after the first output delta: no close frame \(1006\)/);
    expect(summary.faultVerdicts[0]).toMatchObject({ recovered: true, reconnected: true, interruptedTurn: 'c1#1', contextResent: true });
  });

  it('close 1011: the agent gets the code and reason; the SDK reconnects', async () => {
    const s = await setup('on connection 1: close 1011 upstream error');
    await s.agent.task(s.conv, 'Investigate.', 1);
    const { records, summary } = await finish(s);
    expect(records.find((r) => r.kind === 'conn.close' && r.conn === 'c1')).toMatchObject({ side: 'relay', code: 1011, reason: 'upstream error' });
    expect(s.lines.some((l) => l.includes('connection lost (1011)'))).toBe(true);
    expect(summary.faultVerdicts[0]).toMatchObject({ fault: 'close 1011 upstream error', recovered: true, reconnected: true });
  });

  it('upgrade 429/500/503: the upgrade is refused with the status and the API’s JSON body; nothing is dialled', async () => {
    const s = await setup('on connection 2: upgrade 503; on connection 3: upgrade 429; on connection 4: upgrade 500');
    // The agent's own connection is the first; the refused ones are raw sockets.
    await s.agent.task(s.conv, 'Investigate.', 1);
    const refusals: { status: number; body: string; type: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const ws = new WebSocket(s.relay.relayUrl, { headers: { authorization: 'Bearer sk-test' } });
      refusals.push(
        await new Promise((resolve) => {
          ws.on('unexpected-response', (_req, res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, body, type: String(res.headers['content-type']) }));
          });
          ws.on('error', () => undefined);
        }),
      );
    }
    expect(refusals).toEqual([
      { status: 503, body: refusalBody(503), type: 'application/json' },
      { status: 429, body: refusalBody(429), type: 'application/json' },
      { status: 500, body: refusalBody(500), type: 'application/json' },
    ]);
    const { records, summary } = await finish(s);
    expect(records.filter((r) => r.kind === 'conn.error').map((r) => (r as { status?: number }).status)).toEqual([503, 429, 500]);
    expect(records.filter((r) => r.kind === 'conn.upstream_open').map((r) => (r as { conn: string }).conn)).toEqual(['c1']);
    expect(summary.refused).toBe(3);
    expect(summary.faultVerdicts.map((v) => v.fault)).toEqual(['upgrade 503', 'upgrade 429', 'upgrade 500']);
  });

  for (const status of [429, 500, 503]) {
    it(`upgrade ${status} refused to the SDK agent itself: it connects again and gets its work done`, async () => {
      const s = await setup(`on connection 1: upgrade ${status}`);
      await s.agent.task(s.conv, 'Investigate.', 1);
      const { summary } = await finish(s);
      expect(summary.refused).toBe(1);
      expect(summary.faultVerdicts[0]).toMatchObject({ fault: `upgrade ${status}`, recovered: true, reconnected: true, newConn: 'c2' });
    });
  }

  it('ttft+: the first output delta of each response reaches the agent that much later', async () => {
    const s = await setup('ttft+400ms');
    await s.agent.task(s.conv, 'Investigate.', 1);
    const { faults, summary } = await finish(s);
    expect(faults.filter((f) => f.action === 'fired').length).toBe(2);
    // A lower bound the relay guarantees, whatever the machine's load.
    expect(summary.ttftP50Ms).toBeGreaterThanOrEqual(400);
    expect(summary.faultVerdicts.every((v) => v.recovered && v.extraMs === 400)).toBe(true);
  });

  it('delay with jitter: server frames come later, in their order', async () => {
    const s = await setup('delay 30ms jitter 20ms');
    await s.agent.task(s.conv, 'Investigate.', 1);
    const { frames, summary } = await finish(s);
    const received = frames.filter((f) => f.dir === 'receive');
    for (const turnFrames of [received]) {
      const seqs = turnFrames.map((f) => (JSON.parse(f.data) as { sequence_number?: number }).sequence_number ?? -1);
      // Within each response, sequence numbers only grow: jitter never reorders frames.
      for (let i = 1; i < seqs.length; i++) if (seqs[i] !== 0) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]);
    }
    expect(summary.completed).toBe(2);
    expect(summary.ttftP50Ms).toBeGreaterThanOrEqual(10);
    expect(summary.faultVerdicts.every((v) => v.recovered)).toBe(true);
  });

  it('stall: nothing passes after the first delta; the agent gives the socket up and finishes on a new one', async () => {
    const s = await setup('on connection 1: stall');
    await s.agent.task(s.conv, 'Investigate.', 1);
    const { faults, summary } = await finish(s);
    expect(faults.find((f) => f.action === 'fired')?.detail).toMatch(/no server frame passes after the first output delta/);
    expect(s.lines.some((l) => l.includes('stream stalled'))).toBe(true);
    expect(summary.faultVerdicts[0]).toMatchObject({ conn: 'c1', recovered: true, interruptedTurn: 'c1#1' });
  });

  it('POST /api/fault needs the dashboard token and a fault it can read; other origins are refused', async () => {
    const s = await setup();
    await s.agent.task(s.conv, 'First task.', 1);
    const post = (body: unknown, headers: Record<string, string> = { 'x-inspector-token': s.relay.token }) =>
      fetch(`http://127.0.0.1:${s.relay.port}/api/fault`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    expect((await post({ conn: 'c1', fault: 'drop' }, {})).status).toBe(401);
    expect((await post({ conn: 'c1', fault: 'drop' }, { 'x-inspector-token': s.relay.token, origin: 'http://evil.example' })).status).toBe(403);
    const bad = await post({ conn: 'c1', fault: 'explode' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^unknown fault "explode"; faults: /);
    expect((await post({ conn: 'c9', fault: 'drop' })).status).toBe(400);
    const ok = await post({ conn: 'all', fault: 'cache-loss' });
    expect(await ok.json()).toEqual({ fault: 'cache-loss', conns: ['c1'], when: 'next response.create' });
    await s.agent.task(s.conv, 'Second task.', 1);
    const { summary } = await finish(s);
    expect(summary.faultVerdicts).toMatchObject([{ fault: 'cache-loss', source: 'dashboard', recovered: true, contextResent: true }]);
  });

  it('a fault the agent does not recover from is unrecovered, and says why', async () => {
    const s = await setup();
    await s.agent.task(s.conv, 'First task.', 1);
    s.relay.faults.inject('all', 'drop');
    const { summary } = await finish(s);
    expect(summary.faultsUnrecovered).toBe(1);
    expect(summary.faultVerdicts[0].summary).toMatch(/no turn completed after it/);
  });
});
