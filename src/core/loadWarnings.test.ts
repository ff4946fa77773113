import { describe, expect, it } from 'vitest';
import { createCaptureReader, truncatedLastLine } from './captureReader.ts';
import { createInputReader } from './inputReader.ts';
import { describeLoadWarnings } from './loadWarnings.ts';

describe('load warnings', () => {
  it('is silent for a clean file', () => {
    expect(describeLoadWarnings('a.ndjson', [])).toBeUndefined();
  });

  it('names the skipped lines by number', () => {
    const msg = describeLoadWarnings('a.ndjson', [
      { line: 3, message: 'line 3: not JSON' },
      { line: 9, message: 'truncated last line' },
    ]);
    expect(msg).toBe('2 lines skipped in a.ndjson (line 3: not JSON; line 9: truncated last line)');
  });

  it('caps the list and counts the rest', () => {
    const ws = Array.from({ length: 8 }, (_, i) => ({ line: i + 2, message: 'bad' }));
    const msg = describeLoadWarnings('b.ndjson', ws, 120)!;
    expect(msg).toContain('120 lines skipped');
    expect(msg).toContain('line 6: bad; and 115 more');
    expect(msg).not.toContain('line 7');
  });

  it('reports what a HAR import left out', () => {
    expect(describeLoadWarnings('x.har', [{ line: 0, message: 'entry 2 is not a WebSocket' }])).toBe('x.har: entry 2 is not a WebSocket');
  });

  it('says a cut last line the same way whichever path read the file, without saying "skipped" twice', () => {
    const start = JSON.stringify({ kind: 'capture.start', t: 1, format: 'responses-inspector.capture', version: 1, upstream: 'wss://x', tool: { name: 't', version: '1' } });
    const text = `${start}\n{"kind":"conn.open","t":2,"conn":"c1","path":"/v1/responses","headers":{}}\n{"kind":"frame","t":3,"con`;
    // The page reading a picked file (text chunks)…
    const page: string[] = [];
    const input = createInputReader({ record() {}, warning: (w) => page.push(w.message) });
    input.push(text);
    input.end();
    // …and the CLI's index (UTF-8 bytes, decoded line by line, as CaptureIndex reads).
    const cli: string[] = [];
    const bytes = createCaptureReader({ record() {}, warning: (w) => cli.push(w.message) }, undefined, (b, from, to) => new TextDecoder().decode(b.subarray(from, to)));
    bytes.push(new TextEncoder().encode(text));
    bytes.end();
    expect(page).toEqual([truncatedLastLine(3)]);
    expect(cli).toEqual(page);
    expect(describeLoadWarnings('cut.ndjson', [{ line: 3, message: page[0] }])).toBe('1 line skipped in cut.ndjson (line 3: incomplete last line, the capture ended mid-record)');
  });

  it('writes large counts with thousands separators', () => {
    const msg = describeLoadWarnings('big.ndjson', [{ line: 1_200_000, message: 'line 1200000: not valid JSON; line skipped' }], 12_345)!;
    expect(msg).toBe('12,345 lines skipped in big.ndjson (line 1200000: not valid JSON; and 12,344 more)');
  });
});
