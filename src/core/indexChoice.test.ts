import { describe, expect, it } from 'vitest';
import type { FeedHello } from './feed.ts';
import { helloOfInfo, indexesListed, indexesOpened } from './indexChoice.ts';

const hello = (patch: Partial<FeedHello>): FeedHello => ({
  type: 'hello',
  protocol: 1,
  mode: 'file',
  tool: { name: 'responses-inspector', version: 'test' },
  maxAgeMs: 3_600_000,
  backlogBytes: 5_000,
  captureFile: '/tmp/captures/run.ndjson',
  ...patch,
});

describe('indexesOpened', () => {
  it('indexes the capture `open FILE` shows once it is as large as the CLI says', () => {
    expect(indexesOpened(hello({ indexMinBytes: 5_000 }))).toBe(true);
    expect(indexesOpened(hello({ indexMinBytes: 0 }))).toBe(true);
    expect(indexesOpened(hello({ indexMinBytes: 5_001 }))).toBe(false);
  });

  it('keeps the browser path without the CLI saying so, for live mode, and for a HAR or a timeline export', () => {
    expect(indexesOpened(hello({}))).toBe(false);
    expect(indexesOpened(hello({ mode: 'live', indexMinBytes: 0 }))).toBe(false);
    expect(indexesOpened(hello({ indexMinBytes: 0, captureFile: '/tmp/session.HAR' }))).toBe(false);
    expect(indexesOpened(hello({ indexMinBytes: 0, captureFile: '/tmp/export.json' }))).toBe(false);
  });
});

describe('indexesListed', () => {
  it('indexes a listed NDJSON capture of the size, never a HAR, nor without the hello saying so', () => {
    const h = hello({ indexMinBytes: 1_000 });
    expect(indexesListed(h, { kind: 'capture', size: 1_000 })).toBe(true);
    expect(indexesListed(h, { kind: 'capture', size: 999 })).toBe(false);
    expect(indexesListed(h, { kind: 'har', size: 1_000_000 })).toBe(false);
    expect(indexesListed(h, undefined)).toBe(false);
    expect(indexesListed(hello({}), { kind: 'capture', size: 1_000_000 })).toBe(false);
    expect(indexesListed(null, { kind: 'capture', size: 1_000_000 })).toBe(false);
  });
});

describe('helloOfInfo', () => {
  it('takes the hello GET /api/info answers, with what the relay adds to it', () => {
    const info = { ...hello({ indexMinBytes: 4_096 }), captureError: null };
    expect(helloOfInfo(info)).toEqual(info);
    expect(indexesOpened(helloOfInfo(info)!)).toBe(true);
  });

  it('refuses what is not a hello this page speaks: the feed decides then', () => {
    expect(helloOfInfo(null)).toBeNull();
    expect(helloOfInfo('hello')).toBeNull();
    expect(helloOfInfo({ error: 'unauthorised' })).toBeNull();
    expect(helloOfInfo({ ...hello({}), protocol: 2 })).toBeNull();
    expect(helloOfInfo({ ...hello({}), mode: 'replay' })).toBeNull();
    expect(helloOfInfo({ ...hello({}), backlogBytes: '5000' })).toBeNull();
    expect(helloOfInfo({ ...hello({}), indexMinBytes: '0' })).toBeNull();
    expect(helloOfInfo({ ...hello({}), captureFile: 7 })).toBeNull();
  });
});
