import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../src/core/capture.ts';
import { startDemo } from '../demo/demo.ts';
import { runDemoAgent } from '../demo/runDemoAgent.ts';
import { startRelay } from '../relay.ts';
import { readCapture } from '../testing/captureFile.ts';
import { startReplayServer } from './replayServer.ts';
import { buildReplayScript } from './script.ts';
import { until } from '../testing/until.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

type Parsed = { conn: string; dir: string; ev: Record<string, unknown> };
function events(records: CaptureRecord[]): Parsed[] {
  return records.flatMap((r) => (r.kind === 'frame' && !r.binary ? [{ conn: r.conn, dir: r.dir, ev: JSON.parse(r.data) as Record<string, unknown> }] : []));
}
/** Completed response ids per lane, in order: lanes run side by side, so only each lane's order is fixed. */
const completedIds = (evs: Parsed[]) => {
  const byLane: Record<string, string[]> = {};
  for (const e of evs) {
    if (e.dir !== 'receive' || e.ev.type !== 'response.completed') continue;
    (byLane[String(e.ev.stream_id ?? '(default)')] ??= []).push((e.ev.response as { id: string }).id);
  }
  return byLane;
};
const lastText = (evs: Parsed[]) => {
  const done = evs.filter((e) => e.dir === 'receive' && e.ev.type === 'response.completed' && e.ev.stream_id === undefined).at(-1)!.ev.response as {
    output: { type: string; content?: { text: string }[] }[];
  };
  return done.output.find((o) => o.type === 'message')?.content?.[0]?.text;
};

describe('replaying a recorded demo run', () => {
  it('drives the demo agent (real openai SDK) through the same turns, lanes, limit error and reconnect to the same final output', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-demo-replay-'));
    const recorded = path.join(dir, 'demo.ndjson');
    const logs: string[] = [];
    // A fast mock and a short connection limit, so phases 1–3 (tools, lanes, limit, reconnect) fit in seconds.
    const demo = await startDemo({
      port: 0,
      capturesDir: dir,
      captureFile: recorded,
      maxAgeMs: 3000,
      quiet: true,
      timing: { ttftMs: 5, deltaGapMs: 1, jitterMs: 0 },
      pace: 0.02,
      log: (l) => logs.push(l),
    });
    await until(() => logs.some((l) => l.includes('phase 4/4')), 20_000);
    await demo.stop();
    const original = events(readCapture(recorded));
    const script = buildReplayScript(readCapture(recorded));
    const requests = script.reduce((n, c) => n + c.turns, 0);
    expect(script.length).toBeGreaterThanOrEqual(2); // the reconnect is in the recording
    expect(original.some((e) => e.ev.stream_id === 'review-tests')).toBe(true);

    // Replay it, with a relay in front so the second run is captured the same way.
    const replay = await startReplayServer({ script, port: 0, timing: 'none', speed: 1 });
    const again = path.join(dir, 'again.ndjson');
    const relay = await startRelay({ port: 0, upstream: replay.url, capturesDir: dir, captureFile: again, maxAgeMs: 3000, quiet: true });
    cleanup.push(() => replay.close());
    const stopper = new AbortController();
    const agent = runDemoAgent({ baseURL: relay.baseUrl, signal: stopper.signal, pace: 0.02 }).catch((err: Error) => err);
    // The agent runs until the recording is used up (then it gets a divergence error) or until stopped.
    await until(
      () => relay.log.counts.frames > 0 && events(readCaptureSafe(again)).filter((e) => e.dir === 'send' && e.ev.type === 'response.create').length >= requests,
      20_000,
    ).catch(() => undefined);
    stopper.abort();
    const outcome = await agent;
    await relay.close();
    const replayed = events(readCapture(again));

    const divergences = replayed.filter((e) => e.ev.type === 'error' && (e.ev.error as { code: string }).code === 'replay_divergence');
    // Only a request beyond the end of the recording may diverge: every recorded one matched.
    expect(divergences.every((d) => /one more than the recording has/.test((d.ev.error as { message: string }).message))).toBe(true);
    expect(completedIds(replayed)).toEqual(completedIds(original));
    expect(Object.keys(completedIds(original))).toEqual(expect.arrayContaining(['(default)', 'review-docs', 'review-tests', 'review-deps']));
    expect(lastText(original)).toBeTruthy();
    expect(lastText(replayed)).toBe(lastText(original));
    expect(new Set(replayed.map((e) => e.conn)).size).toBe(script.length);
    if (outcome instanceof Error) expect(outcome.message).toMatch(/replay divergence|aborted|Stopped/i);
  }, 60_000);
});

function readCaptureSafe(file: string): CaptureRecord[] {
  try {
    return readCapture(file);
  } catch {
    return [];
  }
}
