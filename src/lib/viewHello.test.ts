import { describe, expect, it } from 'vitest';
import type { FeedHello } from '../core/feed.ts';
import { viewHello } from './viewHello.ts';

const relay: FeedHello = {
  type: 'hello',
  protocol: 1,
  mode: 'live',
  tool: { name: 'responses-inspector', version: '1.2.3' },
  maxAgeMs: 600_000,
  backlogBytes: 42,
  captureFile: '/tmp/run.ndjson',
};

describe('the hello a file or a replay shows', () => {
  it('keeps the relay’s --max-age for the relay’s own capture frozen for replay', () => {
    expect(viewHello(relay, { kind: 'file', name: 'run.ndjson', origin: 'live' }, 'live')).toEqual({
      type: 'hello',
      protocol: 1,
      tool: relay.tool,
      maxAgeMs: 600_000,
      backlogBytes: 0,
      mode: 'live',
    });
  });

  it('counts another file against the API’s 60 minutes, with the relay’s tool', () => {
    const h = viewHello(relay, { kind: 'file', name: 'other.ndjson', origin: 'drop' }, 'file');
    expect(h).toMatchObject({ maxAgeMs: 3_600_000, mode: 'file', tool: relay.tool, backlogBytes: 0 });
    expect(h.captureFile).toBeUndefined();
  });

  it('still says something before the relay has said hello', () => {
    expect(viewHello(null, { kind: 'file', name: 'x', origin: 'list' }, 'file')).toMatchObject({ maxAgeMs: 3_600_000, tool: { name: 'responses-inspector', version: 'unknown' } });
  });
});
