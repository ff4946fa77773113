import { describe, expect, it } from 'vitest';
import { SseParser } from './sse.ts';

describe('SseParser', () => {
  it('returns each event once its blank line arrives, with its name and exact data', () => {
    const p = new SseParser();
    expect(p.push('event: response.created\ndata: {"type":"response.created"}\n')).toEqual([]);
    expect(p.push('\nevent: response.completed\ndata: {"a":1}\n\n')).toEqual([
      { event: 'response.created', data: '{"type":"response.created"}' },
      { event: 'response.completed', data: '{"a":1}' },
    ]);
  });

  it('parses the same events whatever the chunk boundaries, CRLF split and multi-byte characters included', () => {
    const stream = Buffer.from('event: x\r\ndata: {"t":"h\u00e9llo \u{1F600}"}\r\n\r\n: comment\r\ndata: a\r\ndata: b\r\n\r\n', 'utf8');
    const whole = new SseParser().push(stream);
    expect(whole).toEqual([{ event: 'x', data: '{"t":"h\u00e9llo \u{1F600}"}' }, { data: 'a\nb' }]);
    for (let size = 1; size <= 7; size++) {
      const p = new SseParser();
      const got = [];
      for (let i = 0; i < stream.length; i += size) got.push(...p.push(stream.subarray(i, i + size)));
      expect(got).toEqual(whole);
    }
  });

  it('does not dispatch an event that the stream ended before its blank line', () => {
    const p = new SseParser();
    expect(p.push('data: {"partial":true}\n')).toEqual([]);
    expect(p.end()).toEqual([]);
  });
});
