import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from './capture.ts';
import { createTimeline, memberAt, memberCount } from './timeline.ts';

let t = 1000;
const frame = (conn: string, seq: number, dir: 'send' | 'receive', ev: unknown): CaptureRecord => {
  const data = JSON.stringify(ev);
  return { kind: 'frame', t: (t += 0.5), conn, seq, dir, binary: false, size: data.length, data };
};
const textDelta = (conn: string, seq: number, item: string, delta: string) =>
  frame(conn, seq, 'receive', { type: 'response.output_text.delta', item_id: item, content_index: 0, delta });

describe('createTimeline', () => {
  it('folds consecutive deltas of one item into one row with their count and text', () => {
    const tl = createTimeline();
    tl.add(frame('c1', 1, 'receive', { type: 'response.output_item.added', item: { id: 'msg_1', type: 'message' } }));
    tl.add(textDelta('c1', 2, 'msg_1', 'Hel'));
    tl.add(textDelta('c1', 3, 'msg_1', 'lo'));
    tl.add(textDelta('c1', 4, 'msg_1', '!'));
    expect(tl.rows).toHaveLength(2);
    expect(tl.rows[1].members).toEqual([1, 2, 3]);
    expect(tl.rows[1].summary).toBe('Hello!');
    expect(tl.rows[1].size).toBe(tl.records!.slice(1).reduce((n, r) => n + (r.kind === 'frame' ? r.size : 0), 0));
    expect(tl.rowOfFrame('c1', 3)).toBe(1);
    // A row built here lists its members; the count and member helpers read that list.
    expect([memberCount(tl.rows[1]), memberAt(tl.rows[1], 0), memberAt(tl.rows[1], 2)]).toEqual([3, 1, 3]);
  });

  it('keeps the summary of a long folded answer equal to the summary of its whole text', () => {
    const tl = createTimeline();
    // Chunks of 7 characters ending in \r or starting with \n: the boundaries oneLine() joins.
    const chunks = Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? `ab\r` : i % 3 === 1 ? `\ncd\te` : 'fghij'));
    chunks.forEach((c, i) => tl.add(textDelta('c1', i + 1, 'msg_1', c)));
    const whole = createTimeline();
    whole.add(textDelta('c1', 1, 'msg_1', chunks.join('')));
    expect(tl.rows).toHaveLength(1);
    expect(tl.rows[0].members).toHaveLength(400);
    expect(tl.rows[0].summary).toBe(whole.rows[0].summary);
    expect(tl.rows[0].summary.length).toBe(240);
  });

  it('does not fold deltas of another item, another connection, or across another event', () => {
    const tl = createTimeline();
    tl.add(textDelta('c1', 1, 'msg_1', 'a'));
    tl.add(textDelta('c1', 2, 'msg_2', 'b'));
    tl.add(textDelta('c2', 1, 'msg_2', 'c'));
    tl.add(frame('c1', 3, 'receive', { type: 'response.in_progress' }));
    tl.add(textDelta('c1', 4, 'msg_2', 'd'));
    expect(tl.rows.map((r) => r.members.length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('shows the function name with the arguments streamed so far', () => {
    const tl = createTimeline();
    tl.add(frame('c1', 1, 'receive', { type: 'response.output_item.added', item: { id: 'fc_1', type: 'function_call', name: 'get_weather', arguments: '' } }));
    tl.add(frame('c1', 2, 'receive', { type: 'response.function_call_arguments.delta', item_id: 'fc_1', delta: '{"city":' }));
    tl.add(frame('c1', 3, 'receive', { type: 'response.function_call_arguments.delta', item_id: 'fc_1', delta: '"Paris"}' }));
    expect(tl.rows[1].summary).toBe('get_weather({"city":"Paris"}');
  });

  it('takes turn and lane from the turn model and marks limit and cache errors', () => {
    const tl = createTimeline();
    const turnOf = (_conn: string, seq: number) => ({ index: seq < 3 ? 1 : 2, lane: null });
    tl.add(frame('c1', 1, 'send', { type: 'response.create' }), turnOf);
    tl.add(frame('c1', 2, 'receive', { type: 'error', error: { code: 'previous_response_not_found' } }), turnOf);
    tl.add(frame('c1', 3, 'receive', { type: 'error', stream_id: 'x', error: { code: 'websocket_connection_limit_reached' } }), turnOf);
    expect(tl.rows.map((r) => r.turn)).toEqual([1, 1, 2]);
    expect(tl.rows.map((r) => r.mark)).toEqual([undefined, 'cache-miss', 'limit']);
    expect(tl.rows[2].lane).toBe('x');
    expect(tl.maxTurn).toBe(2);
  });

  it('lists lifecycle records as rows and remembers the session start', () => {
    const tl = createTimeline();
    tl.add({ kind: 'capture.start', t: 5, format: 'responses-inspector.capture', version: 1, upstream: 'ws://u', tool: { name: 'ri', version: '0' } });
    tl.add({ kind: 'conn.open', t: 6, conn: 'c1', path: '/v1/responses', headers: {} });
    tl.add({ kind: 'conn.close', t: 7, conn: 'c1', side: 'upstream', code: 1011, reason: 'oops' });
    expect(tl.startT).toBe(5);
    expect(tl.rows.map((r) => r.type)).toEqual(['capture.start', 'conn.open', 'conn.close']);
    expect(tl.rows[2].mark).toBe('close');
    expect(tl.conns).toEqual(['c1']);
  });
});
