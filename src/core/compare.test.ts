import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from './capture.ts';
import { compareCaptures, pair, turnTimings } from './compare.ts';
import { httpExchange, streamedTurn } from './testing/httpRecords.ts';
import { CaptureBuilder, T0 } from './testing/records.ts';

/** The same 3-turn agent over one WebSocket: handshake 120 ms, then 100 ms TTFT, 300 ms per turn, 50 ms agent time. */
function wsRun(ttft = [100, 100, 100]): CaptureRecord[] {
  const c = new CaptureBuilder();
  c.open('c1', { dt: 0 }).upstreamOpen('c1', 120);
  ttft.forEach((ms, i) => {
    c.send('c1', { type: 'response.create', model: 'gpt-5.5' }, i === 0 ? 10 : 50);
    const events = streamedTurn(`resp_${i}`, { createdMs: 20, ttftMs: ms, endMs: 300 });
    let prev = 0;
    for (const [at, ev] of events) {
      c.receive('c1', ev, at - prev);
      prev = at;
    }
  });
  return c.records;
}

/** The same agent over HTTP: each request pays `setup` ms of connection setup before the server starts. */
function httpRun(setup: number[]): CaptureRecord[] {
  const records: CaptureRecord[] = [];
  let t = T0 + 10;
  setup.forEach((s, i) => {
    records.push(
      ...httpExchange({
        conn: `c${i + 1}`,
        t,
        body: { model: 'gpt-5.5', stream: true },
        setupMs: s,
        events: streamedTurn(`resp_${i}`, { createdMs: s + 20, ttftMs: s + 100, endMs: s + 300 }),
      }),
    );
    t += s + 300 + 50;
  });
  return records;
}

describe('turnTimings', () => {
  it('charges a WebSocket handshake to the first turn of its connection and an HTTP setup to its own turn', () => {
    expect(turnTimings(wsRun()).map((t) => t.setupMs)).toEqual([120, 0, 0]);
    expect(turnTimings(httpRun([150, 0, 150])).map((t) => t.setupMs)).toEqual([150, 0, 150]);
  });

  it('measures agent time between HTTP exchanges, which each have their own connection', () => {
    const timings = turnTimings(httpRun([100, 100]));
    expect(timings.map((t) => t.transport)).toEqual(['http', 'http']);
    expect(timings[0].agentMs).toBeUndefined();
    expect(timings[1].agentMs).toBeCloseTo(50, 3);
    expect(timings[1].serverMs).toBeCloseTo(400, 3);
    expect(timings[1].ttftMs).toBeCloseTo(200, 3);
  });
});

describe('compareCaptures', () => {
  it('shows the per-turn setup HTTP pays and WebSocket does not, with difference and ratio', () => {
    const cmp = compareCaptures(httpRun([150, 150, 150]), wsRun());
    expect(cmp.transports).toEqual({ a: 'http', b: 'ws' });
    expect(cmp.rows.map((r) => r.setup.diff)).toEqual([-30, -150, -150]);
    expect(cmp.rows[1].ttft.a).toBeCloseTo(250, 3);
    expect(cmp.rows[1].ttft.b).toBeCloseTo(100, 3);
    expect(cmp.rows[1].ttft.ratio).toBeCloseTo(0.4, 3);
    expect(cmp.totals.setup).toEqual({ a: 450, b: 120, diff: -330, ratio: 120 / 450 });
    expect(cmp.totals.a.setups).toBe(3);
    expect(cmp.totals.b.setups).toBe(1);
    expect(cmp.fasterTurns).toBe(3);
    expect(cmp.slowerTurns).toBe(0);
  });

  it('diffs two runs over the same transport and flags the turns that got slower', () => {
    const cmp = compareCaptures(wsRun([100, 100, 100]), wsRun([100, 260, 102]));
    expect(cmp.rows.map((r) => r.slower)).toEqual([false, true, false]);
    expect(cmp.rows[1].ttft.diff).toBeCloseTo(160, 3);
    expect(cmp.slowerTurns).toBe(1);
  });

  it('aligns turns by lane and order on the lane, and keeps turns that only one side has', () => {
    const a = new CaptureBuilder();
    a.open('c1').upstreamOpen('c1');
    a.send('c1', { type: 'response.create', stream_id: 'x' }).send('c1', { type: 'response.create' });
    const b = new CaptureBuilder();
    b.open('c1').upstreamOpen('c1');
    b.send('c1', { type: 'response.create' }).send('c1', { type: 'response.create', stream_id: 'x' }).send('c1', { type: 'response.create', stream_id: 'x' });
    const cmp = compareCaptures(a.records, b.records);
    expect(cmp.rows.map((r) => [r.lane, r.laneIndex, r.a?.index, r.b?.index])).toEqual([
      ['x', 1, 1, 2],
      [null, 1, 2, 1],
      ['x', 2, undefined, 3],
    ]);
  });

  it('totals only the turns both runs have, and says how many were left out', () => {
    // A: 3 turns; B: the same 3 turns, 100 ms slower to first token, plus 5 more.
    const cmp = compareCaptures(wsRun([100, 100, 100]), wsRun([200, 200, 200, 200, 200, 200, 200, 200]));
    expect(cmp.totals).toMatchObject({ matched: 3, onlyA: 0, onlyB: 5 });
    expect(cmp.totals.ttft).toMatchObject({ a: 300, b: 600, diff: 300, ratio: 2 });
    // The whole runs are still described as they are.
    expect(cmp.totals.b.turns).toBe(8);
    expect(cmp.totals.b.ttftMs).toBe(1600);
  });
});

describe('pair', () => {
  it('gives no ratio against zero and no difference when a side is missing', () => {
    expect(pair(0, 5)).toEqual({ a: 0, b: 5, diff: 5 });
    expect(pair(undefined, 5)).toEqual({ b: 5 });
  });
});
