import { describe, expect, it } from 'vitest';
import { CaptureFormatError, MAX_CAPTURE_LINE_BYTES, MAX_LINE_CHARS, type CaptureRecord } from './capture.ts';
import { createCaptureReader, readCaptureText, type CaptureReadWarning } from './captureReader.ts';
import { CaptureBuilder } from './testing/records.ts';

function sample(): string {
  const c = new CaptureBuilder();
  c.open('c1').upstreamOpen('c1');
  c.send('c1', { type: 'response.create', model: 'gpt-5.5' });
  c.receive('c1', { type: 'response.created', response: { id: 'resp_1' } });
  c.receive('c1', { type: 'response.output_text.delta', delta: 'héllo ✓' });
  c.close('c1', { side: 'client', code: 1000 });
  return c.records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

function readInChunks(text: string, size: number) {
  const records: CaptureRecord[] = [];
  const lines: number[] = [];
  const warnings: CaptureReadWarning[] = [];
  const reader = createCaptureReader({ record: (r, l) => (records.push(r), lines.push(l)), warning: (w) => warnings.push(w) });
  for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
  reader.end();
  return { records, lines, warnings };
}

describe('createCaptureReader', () => {
  it('gives the same records whatever the chunk boundaries, with their line numbers', () => {
    const text = sample();
    const whole = readInChunks(text, text.length);
    expect(whole.records).toHaveLength(7);
    expect(whole.lines).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const size of [1, 3, 17, 64]) expect(readInChunks(text, size)).toEqual(whole);
  });

  it('skips a truncated last line with a warning and keeps everything before it', () => {
    const text = sample();
    const cut = text.slice(0, text.length - 15);
    const { records, warnings } = readInChunks(cut, 50);
    expect(records).toHaveLength(6);
    expect(warnings).toEqual([{ line: 7, code: 'TRUNCATED_LAST_LINE', message: 'line 7: incomplete last line, the capture ended mid-record; line skipped' }]);
  });

  it('keeps a complete last line that merely lacks its newline', () => {
    const { records, warnings } = readInChunks(sample().trimEnd(), 10);
    expect(records).toHaveLength(7);
    expect(warnings).toEqual([]);
  });

  it('reports a corrupt line with its line number, skips it and loads the rest', () => {
    const lines = sample().split('\n');
    lines[3] = '{"kind":"frame","t":1,"conn":"c1",garbage';
    lines[4] = '{"kind":"frame","t":2,"conn":"c1","seq":3,"dir":"sideways","binary":false,"size":1,"data":"x"}';
    const { records, warnings } = readInChunks(lines.join('\n'), 7);
    expect(records.map((r) => r.kind)).toEqual(['capture.start', 'conn.open', 'conn.upstream_open', 'frame', 'conn.close']);
    expect(warnings.map((w) => [w.line, w.code])).toEqual([
      [4, 'BAD_LINE'],
      [5, 'BAD_LINE'],
    ]);
    expect(warnings[0].message).toMatch(/^line 4: not valid JSON/);
    expect(warnings[1].message).toBe('line 5: a frame needs "dir" send or receive; line skipped');
  });

  it('skips a record whose time is not a date (1e400 parses as Infinity), so no export trips over it', () => {
    const lines = sample().split('\n');
    lines[3] = lines[3].replace(/"t":[^,]+/, '"t":1e400');
    lines[4] = lines[4].replace(/"t":[^,]+/, '"t":-9e15');
    const { records, warnings } = readInChunks(lines.join('\n'), 64);
    expect(records).toHaveLength(5);
    expect(warnings.map((w) => [w.line, w.code])).toEqual([
      [4, 'BAD_LINE'],
      [5, 'BAD_LINE'],
    ]);
    expect(warnings[0].message).toBe('line 4: a record needs a string "kind" and a number "t" (epoch milliseconds); line skipped');
  });

  it('refuses an unknown version with a clear message', () => {
    const text = sample().replace('"version":1', '"version":7');
    expect(() => readInChunks(text, 100)).toThrow(CaptureFormatError);
    expect(() => readInChunks(text, 100)).toThrow(/capture format version 7 is not supported \(this reader knows version 1\)/);
  });

  it('names a version JSON cannot hold as the file wrote it, not as null', () => {
    const text = sample().replace('"version":1', '"version":1e400');
    expect(() => readInChunks(text, 100)).toThrow(/^line 1: capture format version 1e400 is not supported/);
  });

  it('accepts a UTF-8 byte order mark before the first line', () => {
    const text = sample();
    for (const size of [1, 100]) expect(readInChunks('\uFEFF' + text, size).records).toEqual(readInChunks(text, 100).records);
  });

  it('refuses a line over its limit with a clear error, however the text is cut, holding no more than the limit', () => {
    const header = sample().split('\n')[0] + '\n';
    const long = `{"kind":"frame","t":2,"data":"${'x'.repeat(300)}"}\n`;
    for (const size of [7, 100, 1000]) {
      const feed = () => {
        const reader = createCaptureReader({ record: () => undefined }, 256);
        const text = header + long;
        for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
      };
      expect(feed).toThrow(CaptureFormatError);
      expect(feed).toThrow(/line 2 is longer than 256 characters/);
    }
    // Input that never ends a line (`/dev/zero`): refused once past the limit, not held without bound.
    const zeros = createCaptureReader({ record: () => undefined }, 1000);
    zeros.push(header);
    let pushed = 0;
    const endless = () => {
      for (;;) {
        zeros.push('\0'.repeat(100));
        pushed += 100;
      }
    };
    expect(endless).toThrow(/line 2 is longer than 1000 characters/);
    expect(pushed).toBeLessThanOrEqual(1000);
    // A line at the limit is still read.
    const ok = createCaptureReader({ record: () => undefined }, long.length - 1);
    ok.push(header + long);
    ok.end();
    expect(ok.lines).toBe(2);
  });

  it('refuses a file that is not a capture, or is empty', () => {
    expect(() => readCaptureText('{"log":{"version":"1.2"}}\n')).toThrow(/not a Responses Inspector capture/);
    expect(() => readCaptureText('hello\nworld\n')).toThrow(/not a Responses Inspector capture/);
    expect(() => readCaptureText('')).toThrow(/empty/);
  });

  it('ignores unknown kinds, blank lines and CRLF line ends', () => {
    const text = sample().split('\n').join('\r\n').replace('\r\n', '\r\n\r\n{"kind":"future.thing","t":5}\r\n');
    const { records, warnings } = readCaptureText(text);
    expect(records).toHaveLength(7);
    expect(warnings).toEqual([]);
  });
});

describe('line limits', () => {
  it('lets every reader read back any line the relay writes (the writer cap is within the reader limit)', () => {
    // A UTF-8 line of N bytes decodes to at most N characters.
    expect(MAX_CAPTURE_LINE_BYTES).toBeLessThanOrEqual(MAX_LINE_CHARS);
  });
});
