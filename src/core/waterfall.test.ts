import { describe, expect, it } from 'vitest';
import { buildWaterfall, trackKey, waterfallRowHeight } from './waterfall.ts';
import { buildCaptureModel } from './turns.ts';
import { CaptureBuilder, textTurnEvents } from './testing/records.ts';
import { PROTOCOL_FIXTURE_3_TURNS } from './testing/protocolFixture.ts';

const create = (extra: object = {}) => ({ type: 'response.create', model: 'gpt-5.5', input: [], ...extra });

function fixtureModel() {
  const c = new CaptureBuilder();
  c.open('c1').upstreamOpen('c1');
  c.fixture('c1', PROTOCOL_FIXTURE_3_TURNS, 1);
  return buildCaptureModel(c.records);
}

describe('buildWaterfall', () => {
  it('draws one bar per turn with waiting, streaming and agent segments', () => {
    const m = fixtureModel();
    const [t1, t2, t3] = m.turns();
    const w = buildWaterfall(m.turns(), m.connections());
    expect(w.tracks).toEqual([{ key: 'c1:*', conn: 'c1', conns: ['c1'], lane: null, label: 'c1 · default', row: 0, rows: 1 }]);
    expect(w.bars.map((b) => b.turn.id)).toEqual(['c1#1', 'c1#2', 'c1#3']);
    expect(w.bars[0].segments).toEqual([
      { kind: 'waiting', start: t1.sendT, end: t1.firstDeltaT },
      { kind: 'streaming', start: t1.firstDeltaT, end: t1.endT },
      { kind: 'agent', start: t1.endT, end: t2.sendT },
    ]);
    expect(w.bars[0].agentAfterMs).toBe(1);
    // The last turn of a closed (or reopened) capture has no agent time after it.
    expect(w.bars[2].segments.map((s) => s.kind)).toEqual(['waiting', 'streaming']);
    expect(w.bars.every((b) => b.row === 0)).toBe(true);
    expect(w.extent).toEqual({ start: t1.sendT, end: t3.endT });
    expect(w.markers).toEqual([]);
  });

  it('puts each lane on its own track, grouped by connection', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1').open('c2').upstreamOpen('c2');
    c.send('c2', create());
    for (const lane of ['x', 'y', 'z']) c.send('c1', create({ stream_id: lane }));
    for (const lane of ['x', 'y', 'z']) for (const ev of textTurnEvents(`r${lane}`, lane, { stream_id: lane })) c.receive('c1', ev);
    const m = buildCaptureModel(c.records);
    const w = buildWaterfall(m.turns(), m.connections(), { now: c.t });
    expect(w.tracks.map((t) => [t.key, t.row])).toEqual([
      ['c1:x', 0],
      ['c1:y', 1],
      ['c1:z', 2],
      ['c2:*', 3],
    ]);
    expect(w.rowCount).toBe(4);
    const open = w.bars.find((b) => b.trackKey === trackKey('c2', null))!;
    // The c2 turn is still waiting: its bar grows to now.
    expect(open.segments).toEqual([{ kind: 'waiting', start: open.turn.sendT, end: c.t, open: true }]);
    // A finished turn on a live lane shows the agent working up to now.
    const x = w.bars.find((b) => b.trackKey === 'c1:x')!;
    expect(x.segments[x.segments.length - 1]).toMatchObject({ kind: 'agent', end: c.t, open: true });
    // While live, the extent reaches now, so the view keeps following the growing bars.
    expect(buildWaterfall(m.turns(), m.connections(), { now: c.t + 500 }).extent?.end).toBe(c.t + 500);
  });

  it('gives a pipelined turn that overlaps the previous one its own row in the track', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    c.send('c1', create()).send('c1', create());
    for (const ev of [...textTurnEvents('r1', 'a'), ...textTurnEvents('r2', 'b')]) c.receive('c1', ev, 5);
    const m = buildCaptureModel(c.records);
    const w = buildWaterfall(m.turns(), m.connections());
    expect(w.tracks[0].rows).toBe(2);
    expect(w.bars.map((b) => b.row)).toEqual([0, 1]);
    expect(w.bars[0].segments.map((s) => s.kind)).toEqual(['waiting', 'streaming']);
  });

  it('marks reconnects, limit errors, cache misses and cut turns', () => {
    const c = new CaptureBuilder();
    c.open('c1', { ua: 'u' }).upstreamOpen('c1');
    c.send('c1', create({ previous_response_id: 'gone' }));
    c.receive('c1', { type: 'error', status: 400, error: { code: 'previous_response_not_found' } });
    c.send('c1', create());
    c.receive('c1', { type: 'error', status: 400, error: { code: 'websocket_connection_limit_reached' } });
    c.close('c1').open('c2', { ua: 'u', dt: 500 }).upstreamOpen('c2').send('c2', create()).close('c2', { code: 1006, dt: 10 });
    const m = buildCaptureModel(c.records);
    const w = buildWaterfall(m.turns(), m.connections());
    // c2 replaced c1, so it continues c1's track: the reconnect is marked where it took over.
    expect(w.tracks.map((t) => [t.label, t.conns])).toEqual([['c1…c2 · default', ['c1', 'c2']]]);
    expect(w.markers.map((k) => [k.kind, k.conn, k.row, k.turnId])).toEqual([
      ['cache-miss', 'c1', 0, 'c1#1'],
      ['limit', 'c1', 0, 'c1#2'],
      ['reconnect', 'c2', 0, undefined],
      ['cut', 'c2', 0, 'c2#1'],
    ]);
    expect(w.markers[2].label).toContain('after the limit error');
  });

  it('keeps one row per lane for an agent that recycles its connection, and apart connections that overlap', () => {
    const c = new CaptureBuilder({ maxAgeMs: 20_000 });
    // Five generations, each opened 12 s after the previous (make-before-break), two lanes each.
    for (let g = 1; g <= 5; g++) {
      const conn = `c${g}`;
      c.open(conn, { ua: 'agent/1', dt: g === 1 ? 0 : 12_000 }).upstreamOpen(conn);
      if (g > 1) c.close(`c${g - 1}`, { side: 'client', code: 1000, reason: '', dt: 5 });
      for (const lane of [null, 'x']) {
        c.send(conn, create(lane ? { stream_id: lane } : {}), 5);
        for (const ev of textTurnEvents(`r${g}${lane}`, 'ok', lane ? { stream_id: lane } : {})) c.receive(conn, ev, 2);
      }
    }
    // Another agent's connection, open at the same time as c5: its own row.
    c.open('c9', { ua: 'other/1' }).upstreamOpen('c9').send('c9', create(), 1);
    for (const ev of textTurnEvents('r9', 'mine')) c.receive('c9', ev, 2);
    const m = buildCaptureModel(c.records);
    const w = buildWaterfall(m.turns(), m.connections());
    expect(w.tracks.map((t) => [t.label, t.row])).toEqual([
      ['c1…c5 · default', 0],
      ['c1…c5 · x', 1],
      ['c9 · default', 2],
    ]);
    expect(w.rowCount).toBe(3);
    expect(w.markers.filter((k) => k.kind === 'reconnect').map((k) => [k.conn, k.row])).toEqual([
      ['c2', 0],
      ['c3', 0],
      ['c4', 0],
      ['c5', 0],
    ]);
  });

  it('returns only what intersects the window', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    for (let i = 0; i < 1000; i++) {
      c.send('c1', create(), 10);
      for (const ev of textTurnEvents(`r${i}`, 'x')) c.receive('c1', ev, 10);
    }
    const m = buildCaptureModel(c.records);
    const t = m.turns();
    const w = buildWaterfall(t, m.connections(), { window: { start: t[500].sendT, end: t[502].sendT } });
    // Turn 499's agent segment reaches turn 500's send; 500, 501 and 502 are inside.
    expect(w.bars.map((b) => b.turn.index)).toEqual([500, 501, 502, 503]);
    expect(w.tracks).toHaveLength(1);
    expect(w.extent).toEqual({ start: t[0].sendT, end: t[999].endT });
  });

  it('thins out bars narrower than the resolution beside another', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    for (let i = 0; i < 100; i++) {
      c.send('c1', create(), 1);
      for (const ev of textTurnEvents(`r${i}`, 'x')) c.receive('c1', ev, 1);
    }
    const m = buildCaptureModel(c.records);
    const w = buildWaterfall(m.turns(), m.connections(), { resolutionMs: 50 });
    expect(w.bars.length + w.thinned).toBe(100);
    expect(w.bars.length).toBeLessThan(20);
    // None vanishes: each one thinned out is counted on the bar drawn in its place.
    expect(w.bars.reduce((n, b) => n + (b.folded ?? 0), 0)).toBe(w.thinned);
    expect(buildWaterfall(m.turns(), m.connections()).bars).toHaveLength(100);
  });
});

describe('waterfallRowHeight', () => {
  it('shares the plot height between the rows, so a few tracks fill the band', () => {
    expect(waterfallRowHeight(4, 200, 18)).toBe(50);
    expect(waterfallRowHeight(1, 180, 18)).toBe(180);
  });
  it('never goes below the least row height (many rows scroll), nor fails on an unmeasured plot', () => {
    expect(waterfallRowHeight(40, 200, 18)).toBe(18);
    expect(waterfallRowHeight(3, 0, 18)).toBe(18);
    expect(waterfallRowHeight(0, 200, 18)).toBe(18);
  });
});
