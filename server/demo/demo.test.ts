import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { buildCaptureModel } from '../../src/core/turns.ts';
import { readCapture } from '../testing/captureFile.ts';
import { captureStats } from './captureStats.ts';
import { startDemo } from './demo.ts';

// The demo end to end: mock upstream, the real relay, the demo agent on the real openai SDK
// ResponsesWS client. Faster timing and a 5 s connection limit keep it short; the phases are the
// ones `responses-inspector demo` runs.
describe('demo through the relay', () => {
  it('captures 24+ tool-call turns, 3 lanes, and a reconnect after the limit error with full-context recovery', { timeout: 60_000 }, async () => {
    const captureFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-demo-')), 'demo.ndjson');
    const demo = await startDemo({
      port: 0,
      capturesDir: path.dirname(captureFile),
      captureFile,
      maxAgeMs: 5000,
      quiet: true,
      timing: { ttftMs: 30, deltaGapMs: 3, jitterMs: 2 },
      pace: 0.2,
    });
    // Run until the capture shows every phase, up to a few turns on a connection opened after the limit error.
    const deadline = Date.now() + 40_000;
    const model = () => buildCaptureModel(readCapture(captureFile));
    // Phase 4 recycles the connection before the limit (60% of it): a new socket, then the old closed.
    const recycled = () =>
      model()
        .connections()
        .some((c) => c.reconnectReason === 'recycled');
    const done = () => {
      const s = captureStats(captureFile);
      return s.createsAfterLimit >= 3 && s.streamIds.length === 3 && s.toolCallTurns >= 24 && recycled();
    };
    while (Date.now() < deadline && !done()) await sleep(250);
    const summary = await demo.stop();
    const stats = captureStats(captureFile);

    expect(stats.toolCallTurns).toBeGreaterThanOrEqual(24);
    expect(stats.streamIds).toEqual(['review-deps', 'review-docs', 'review-tests']);
    expect(stats.warmups).toBe(1);
    // The first connection got the limit error and was closed with 1000 by the upstream ...
    expect(stats.limitErrorsOn[0]).toBe('c1');
    expect(stats.closes.find((c) => c.conn === 'c1')).toEqual({ conn: 'c1', side: 'upstream', code: 1000 });
    // ... then a new connection continued: the cache was gone, so it resent the full context.
    expect(stats.connections.length).toBeGreaterThanOrEqual(2);
    expect(stats.previousNotFound).toBeGreaterThanOrEqual(1);
    expect(stats.createsAfterLimit).toBeGreaterThanOrEqual(3);
    const fullResend = readFileSync(captureFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"conn":"c2"') && l.includes('"dir":"send"'))
      .map((l) => JSON.parse(JSON.parse(l).data) as { previous_response_id?: unknown; input?: unknown[] });
    expect(fullResend.some((f) => f.previous_response_id === null && (f.input?.length ?? 0) > 30)).toBe(true);
    // Stopping is clean: the agent closes its socket itself, and the capture is complete.
    const last = stats.closes[stats.closes.length - 1];
    expect(last).toMatchObject({ side: 'client', code: 1000 });
    expect(model().connection(last.conn)?.close?.reason).toBe('agent stopped');
    expect(readFileSync(captureFile, 'utf8').trim().split('\n').at(-1)).toContain('"kind":"capture.end"');
    expect(summary.connections).toBe(stats.connections.length);
    // The early recycle is linked, opened before the old socket closed, with no limit error on the old one.
    const r = model()
      .connections()
      .find((c) => c.reconnectReason === 'recycled')!;
    expect(r.reconnectGapMs).toBeLessThan(0);
    // The close frame says why the agent closed the old socket.
    expect(model().connection(r.replaces!)).toMatchObject({ limitReached: false, close: { side: 'client', code: 1000, reason: 'recycled before the age limit' } });
  });
});
