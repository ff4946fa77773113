import { describe, expect, it } from 'vitest';
import { feedLabel, shortCaptureName, shortUpstream } from './headerText.ts';

describe('feedLabel', () => {
  const endT = Date.UTC(2026, 11, 7, 2, 27, 5, 672);

  it('says the run ended once capture.end arrived, whatever the socket does after', () => {
    for (const status of ['connecting', 'open', 'closed'] as const) {
      const label = feedLabel({ status, mode: 'live', synced: true, ended: true, lastT: endT });
      expect(label.tone).toBe('ended');
      expect(label.text).toMatch(/^ended \d\d:\d\d:\d\d\.\d{3}$/);
      expect(label.text).not.toMatch(/retrying|connecting/);
      expect(label.title).toContain('2026-12-07T02:27:05.672Z');
    }
  });

  it('says "retrying" only when the relay goes away before the capture ended', () => {
    expect(feedLabel({ status: 'closed', mode: 'live', synced: true, ended: false }).text).toBe('disconnected, retrying…');
    expect(feedLabel({ status: 'connecting', synced: false, ended: false }).text).toBe('connecting…');
    expect(feedLabel({ status: 'open', mode: 'live', synced: false, ended: false }).text).toBe('loading…');
    expect(feedLabel({ status: 'open', mode: 'live', synced: true, ended: false }).text).toBe('live');
    expect(feedLabel({ status: 'open', mode: 'file', synced: true, ended: true }).text).toBe('file');
  });
});

describe('header names', () => {
  it('keeps host:port of the upstream', () => {
    expect(shortUpstream('ws://127.0.0.1:41234/v1/responses')).toBe('127.0.0.1:41234');
    expect(shortUpstream('wss://api.openai.com/v1/responses')).toBe('api.openai.com');
    expect(shortUpstream('not a url')).toBe('not a url');
    expect(shortUpstream('wss://user:pw@example.test:9/x')).toBe('example.test:9');
  });

  it('drops the folder and, for relay names, the shared date: the part where captures differ', () => {
    expect(shortCaptureName('/home/u/captures/2026-12-07T02-26-03-867Z-43809.ndjson')).toBe('02:26:03Z :43809');
    expect(shortCaptureName('C:\\caps\\2026-12-07T02-26-03-867Z-43809.ndjson')).toBe('02:26:03Z :43809');
    expect(shortCaptureName('/tmp/session.ndjson')).toBe('session.ndjson');
  });
});
