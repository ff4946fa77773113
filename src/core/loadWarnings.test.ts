import { describe, expect, it } from 'vitest';
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
});
