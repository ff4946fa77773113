import { describe, expect, it } from 'vitest';
import { buildSummary, describeOutcome } from './summary.ts';
import { buildCaptureModel } from './turns.ts';
import { CaptureBuilder, textTurnEvents } from './testing/records.ts';
import { PROTOCOL_FIXTURE_3_TURNS } from './testing/protocolFixture.ts';

const create = (extra: object = {}) => ({ type: 'response.create', model: 'gpt-5.5', input: [], ...extra });

describe('buildSummary', () => {
  it('splits the wall time of a sequential run into server and agent time', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1', 40);
    c.fixture('c1', PROTOCOL_FIXTURE_3_TURNS, 1);
    const m = buildCaptureModel(c.records);
    const s = buildSummary(m.turns(), m.connections());
    // Turns of 8, 7 and 10 ms, separated by 1 ms of agent time each.
    expect(s).toMatchObject({ turns: 3, completed: 3, errors: 0, cut: 0, inFlight: 0, wallMs: 27, serverMs: 25, agentMs: 2 });
    expect(s.ttftP50Ms).toBe(4);
    expect(s.ttftP95Ms).toBeCloseTo(4.9, 10);
    expect(s.handshakes).toEqual([{ conn: 'c1', handshakeMs: 40 }]);
    expect(s.handshakeTotalMs).toBe(40);
    expect(s.tokens).toEqual({ input: 386, output: 53, cached: 224, reasoning: 0, total: 439 });
  });

  it('counts concurrent lanes once in the server time', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    c.send('c1', create({ stream_id: 'a' }), 0).send('c1', create({ stream_id: 'b' }), 0);
    const [a, b] = [textTurnEvents('ra', 'x', { stream_id: 'a' }), textTurnEvents('rb', 'y', { stream_id: 'b' })];
    for (let i = 0; i < 3; i++) c.receive('c1', a[i], 10).receive('c1', b[i], 10);
    const m = buildCaptureModel(c.records);
    const s = buildSummary(m.turns(), m.connections());
    expect(m.turns().map((t) => t.totalMs)).toEqual([50, 60]);
    expect(s).toMatchObject({ wallMs: 60, serverMs: 60, agentMs: 0 });
  });

  it('counts open turns up to now, errors, cuts, warm-ups and reconnects', () => {
    const c = new CaptureBuilder();
    c.open('c1', { ua: 'u' }).upstreamOpen('c1', 30);
    c.send('c1', create({ generate: false })).receive('c1', { type: 'response.completed', response: { id: 'w' } }, 5);
    c.send('c1', create()).receive('c1', { type: 'error', status: 400, error: { code: 'previous_response_not_found' } }, 5);
    c.send('c1', create()).close('c1', { code: 1006, dt: 5 });
    c.open('c2', { ua: 'u', dt: 100 }).upstreamOpen('c2', 50).send('c2', create());
    const m = buildCaptureModel(c.records);
    const s = buildSummary(m.turns(), m.connections(), c.t + 20);
    expect(s).toMatchObject({ turns: 4, warmups: 1, completed: 1, errors: 1, cut: 1, inFlight: 1, reconnects: 1 });
    expect(s.handshakes.map((h) => h.handshakeMs)).toEqual([30, 50]);
    expect(s.handshakeTotalMs).toBe(80);
    // The open turn counts up to now.
    expect(s.wallMs).toBe(c.t + 20 - m.turns()[0].sendT);
    expect(s.ttftP50Ms).toBeUndefined();
  });

  it('is empty for a capture with no turns', () => {
    const s = buildSummary([], []);
    expect(s).toMatchObject({ turns: 0, wallMs: 0, serverMs: 0, agentMs: 0, handshakeTotalMs: 0 });
  });
});

describe('describeOutcome', () => {
  const base = { turns: 50, completed: 48, errors: 0, cut: 0, inFlight: 2, warmups: 0 };
  it('reads as a phrase after the count, never as two bare numbers', () => {
    expect(describeOutcome(base, 'live')).toBe('(48 completed · 2 in flight)');
    expect(describeOutcome({ ...base, completed: 50, inFlight: 0 }, 'live')).toBe('(all completed)');
    expect(describeOutcome({ ...base, completed: 47, errors: 1 }, 'ended')).toBe('(47 completed · 1 error · 2 unfinished at capture end)');
    expect(describeOutcome({ ...base, turns: 0, completed: 0, inFlight: 0 }, 'live')).toBe('');
  });

  it('does not call turns unfinished at the capture end while the capture is still loading', () => {
    expect(describeOutcome(base, 'loading')).toBe('(48 completed · 2 not ended yet)');
  });
});
