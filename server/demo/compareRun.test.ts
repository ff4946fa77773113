import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../testing/captureFile.ts';
import { runComparison } from './compareRun.ts';

describe('runComparison (demo --compare)', () => {
  it('runs the same agent over HTTP and WebSocket and shows HTTP paying the setup on every turn, WebSocket once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-compare-'));
    const setupMs = 80;
    const {
      comparison: cmp,
      http,
      ws,
      wsCapture,
    } = await runComparison({ capturesDir: dir, setupMs, toolCalls: 4, toolMs: 5, timing: { ttftMs: 20, deltaGapMs: 1, jitterMs: 0 } });
    // 4 tool calls and the final answer, on both sides, aligned one to one.
    expect(http).toHaveLength(5);
    expect(ws).toHaveLength(5);
    expect(cmp.transports).toEqual({ a: 'http', b: 'ws' });
    expect(cmp.rows.every((r) => r.a && r.b)).toBe(true);
    // HTTP (keep-alive off): every request pays the setup. WebSocket: the handshake, once, on turn 1.
    for (const t of http) expect(t.setupMs).toBeGreaterThanOrEqual(setupMs);
    expect(ws[0].setupMs).toBeGreaterThanOrEqual(setupMs);
    expect(ws.slice(1).map((t) => t.setupMs)).toEqual([0, 0, 0, 0]);
    for (const row of cmp.rows.slice(1)) expect(row.setup.diff!).toBeLessThanOrEqual(-setupMs);
    expect(cmp.totals.a.setups).toBe(5);
    expect(cmp.totals.b.setups).toBe(1);
    // The setup HTTP pays inside each turn shows in its time to first token.
    // Summed over the turns, so one scheduling hiccup on a loaded machine cannot flip the result.
    const later = cmp.rows.slice(1);
    expect(later.reduce((sum, row) => sum + row.ttft.diff!, 0)).toBeLessThan((-setupMs / 2) * later.length);
    // The agent closes its socket itself (1000) once done, before the relay stops: the relay's
    // shutdown close (1001) would show as an abnormal end in the demo's own capture.
    const closes = readCapture(wsCapture).filter((r) => r.kind === 'conn.close');
    expect(closes.map((c) => c.kind === 'conn.close' && [c.side, c.code])).toEqual([['client', 1000]]);
  });
});
