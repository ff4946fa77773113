import { describe, expect, it } from 'vitest';
import { findJump } from './jumps.ts';
import { createCaptureModel } from './turns.ts';
import { createTimeline } from './timeline.ts';
import { CaptureBuilder, textTurnEvents } from './testing/records.ts';

describe('findJump', () => {
  const c = new CaptureBuilder();
  c.open('c1').upstreamOpen('c1');
  c.send('c1', { type: 'response.create', model: 'm', input: [] });
  c.receive('c1', { type: 'error', status: 400, error: { code: 'websocket_connection_limit_reached', message: 'limit' } });
  c.close('c1', { side: 'upstream', code: 1000 });
  c.open('c2').upstreamOpen('c2');
  c.send('c2', { type: 'response.create', model: 'm', previous_response_id: 'resp_gone', input: [] });
  c.receive('c2', { type: 'error', status: 400, error: { code: 'previous_response_not_found', message: 'gone' } });
  c.send('c2', { type: 'response.create', model: 'm', input: [] });
  for (const ev of textTurnEvents('resp_1', 'ok')) c.receive('c2', ev);
  const model = createCaptureModel();
  const tl = createTimeline();
  for (const rec of c.records) {
    model.add(rec);
    tl.add(rec, (conn, seq) => model.turnOfFrame(conn, seq));
  }
  const replaces = (conn: string) => model.connection(conn)?.replaces;
  const type = (i: number | undefined) => (i === undefined ? undefined : `${tl.rows[i].type}:${tl.rows[i].conn}`);

  it('finds the next error, limit, cache miss and reconnect after the selection, wrapping', () => {
    expect(type(findJump(tl.rows, undefined, 'error', 1, replaces))).toBe('error:c1');
    const first = findJump(tl.rows, undefined, 'error', 1, replaces)!;
    expect(type(findJump(tl.rows, first, 'error', 1, replaces))).toBe('error:c2');
    expect(type(findJump(tl.rows, findJump(tl.rows, first, 'error', 1, replaces), 'error', 1, replaces))).toBe('error:c1');
    expect(type(findJump(tl.rows, undefined, 'limit', 1, replaces))).toBe('error:c1');
    expect(type(findJump(tl.rows, undefined, 'cache-miss', 1, replaces))).toBe('error:c2');
    expect(type(findJump(tl.rows, undefined, 'reconnect', 1, replaces))).toBe('conn.open:c2');
    expect(type(findJump(tl.rows, first, 'error', -1, replaces))).toBe('error:c2');
  });
});
