import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from './capture.ts';
import { EMPTY_FILTER, compileFilter, type TimelineFilter } from './filters.ts';
import { createTimeline } from './timeline.ts';
import { createTimelineView } from './timelineView.ts';

let t = 0;
const frame = (conn: string, seq: number, dir: 'send' | 'receive', ev: Record<string, unknown>): CaptureRecord => {
  const data = JSON.stringify(ev);
  return { kind: 'frame', t: ++t, conn, seq, dir, binary: false, size: data.length, data };
};

function sample(): CaptureRecord[] {
  const recs: CaptureRecord[] = [{ kind: 'conn.open', t: ++t, conn: 'c1', path: '/v1/responses', headers: {} }];
  let seq = 0;
  recs.push(frame('c1', ++seq, 'send', { type: 'response.create', input: 'weather in Paris' }));
  recs.push(frame('c1', ++seq, 'receive', { type: 'response.created' }));
  for (const d of ['Sun', 'ny in ', 'Paris']) recs.push(frame('c1', ++seq, 'receive', { type: 'response.output_text.delta', item_id: 'm1', delta: d }));
  recs.push(frame('c1', ++seq, 'receive', { type: 'response.completed' }));
  recs.push({ kind: 'conn.open', t: ++t, conn: 'c2', path: '/v1/responses', headers: {} });
  recs.push(frame('c2', 1, 'send', { type: 'response.create', stream_id: 'b', input: 'London' }));
  return recs;
}

const lines = (v: { rows: number[]; members: number[] }) => v.rows.map((r, i) => `${r}:${v.members[i]}`);

describe('createTimelineView', () => {
  it('narrows by direction, connection, lane and type', () => {
    const tl = createTimeline();
    sample().forEach((r) => tl.add(r));
    const count = (f: Partial<TimelineFilter>) => createTimelineView(tl, compileFilter({ ...EMPTY_FILTER, ...f }), new Set()).rows.length;
    expect(count({})).toBe(7);
    expect(count({ dirs: ['send'] })).toBe(2);
    expect(count({ dirs: ['meta'] })).toBe(2);
    expect(count({ conns: ['c2'] })).toBe(2);
    expect(count({ lanes: ['b'] })).toBe(1);
    expect(count({ types: ['response.created', 'response.completed'] })).toBe(2);
  });

  it('searches payloads as text or regex and counts matching events', () => {
    const tl = createTimeline();
    sample().forEach((r) => tl.add(r));
    const text = createTimelineView(tl, compileFilter({ ...EMPTY_FILTER, search: 'paris' }), new Set());
    expect(text.matches).toBe(2); // the create and one folded delta
    expect(text.rows.length).toBe(2);
    const re = createTimelineView(tl, compileFilter({ ...EMPTY_FILTER, search: 'Sun|London', regex: true }), new Set());
    expect(re.matches).toBe(2);
    const bad = compileFilter({ ...EMPTY_FILTER, search: '(', regex: true });
    expect(bad.error).toBeTruthy();
    expect(createTimelineView(tl, bad, new Set()).rows).toHaveLength(0);
  });

  it('lists the members of an expanded folded row under it', () => {
    const tl = createTimeline();
    sample().forEach((r) => tl.add(r));
    const v = createTimelineView(tl, compileFilter(EMPTY_FILTER), new Set([3]));
    expect(lines(v).slice(3, 7)).toEqual(['3:-1', '3:0', '3:1', '3:2']);
    expect(v.positionOf(3, 1)).toBe(5);
    expect(v.shownRows).toBe(7);
    expect(v.positionOf(99)).toBe(-1);
  });

  it('gives the same lines when fed one record at a time as when built at once', () => {
    for (const f of [EMPTY_FILTER, { ...EMPTY_FILTER, search: 'ny' }, { ...EMPTY_FILTER, conns: ['c1'] }]) {
      const recs = sample();
      const live = createTimeline();
      const expanded = new Set([3]);
      const view = createTimelineView(live, compileFilter(f), expanded);
      for (const r of recs) {
        live.add(r);
        view.sync();
      }
      const batch = createTimeline();
      recs.forEach((r) => batch.add(r));
      const rebuilt = createTimelineView(batch, compileFilter(f), expanded);
      expect(lines(view)).toEqual(lines(rebuilt));
      expect(view.matches).toBe(rebuilt.matches);
    }
  });
});
