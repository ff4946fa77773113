import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from './model.ts';
import { rowBadge } from './marks.ts';
import type { TimelineRow } from './timeline.ts';

const row = (patch: Partial<TimelineRow>): TimelineRow => ({
  index: 0,
  kind: 'frame',
  t: 0,
  conn: 'c2',
  dir: 'receive',
  seq: 1,
  lane: null,
  turn: 1,
  type: 'error',
  summary: '',
  size: 0,
  members: [0],
  foldKey: null,
  ...patch,
});
const conn = (patch: Partial<ConnectionInfo>) => ({ conn: 'c2', ...patch }) as ConnectionInfo;

describe('rowBadge', () => {
  it('marks the open of a connection that replaced another as a reconnect', () => {
    const b = rowBadge(row({ kind: 'conn.open', type: 'conn.open' }), conn({ replaces: 'c1', reconnectReason: 'limit' }));
    expect(b?.label).toBe('reconnect ← c1');
    expect(b?.title).toContain('after the limit error');
  });
  it('calls previous_response_not_found a cache miss, after a reconnect too (one name)', () => {
    expect(rowBadge(row({ mark: 'cache-miss' }), conn({ replaces: 'c1' }))?.label).toBe('cache miss after reconnect');
    expect(rowBadge(row({ mark: 'cache-miss' }), conn({}))?.label).toBe('cache miss');
  });
  it('marks the limit error and leaves ordinary rows plain', () => {
    expect(rowBadge(row({ mark: 'limit' }), undefined)?.tone).toBe('error');
    expect(rowBadge(row({}), undefined)).toBeNull();
  });
});
