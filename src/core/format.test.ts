import { describe, expect, it } from 'vitest';
import { clip, formatBytes, formatDeltaMs, formatMs, oneLine, oneLineClip } from './format.ts';

describe('format', () => {
  it('shows milliseconds with 0.1 ms precision', () => {
    expect(formatMs(0)).toBe('0.0');
    expect(formatMs(1234.56)).toBe('1234.6');
    expect(formatMs(0.04)).toBe('0.0');
  });
  it('signs deltas and leaves an unknown delta empty', () => {
    expect(formatDeltaMs(0.35)).toBe('+0.3');
    expect(formatDeltaMs(-2)).toBe('-2.0');
    expect(formatDeltaMs(undefined)).toBe('');
  });
  it('formats sizes in B, KiB and MiB', () => {
    expect(formatBytes(312)).toBe('312 B');
    expect(formatBytes(4300)).toBe('4.2 KiB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MiB');
  });
  it('keeps summaries on one line and clipped', () => {
    expect(oneLine('a\nb\tc')).toBe('a⏎b⇥c');
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
  });
  it('clips a long text to one line reading only its head, with the same result as a full pass', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = ['a', 'b', ' ', '\n', '\r\n', '\t', '\r'];
    for (let n = 0; n < 400; n++) {
      let text = '';
      const len = Math.floor(rand() * 60);
      for (let i = 0; i < len; i++) text += pieces[Math.floor(rand() * pieces.length)];
      for (const max of [1, 2, 5, 10, 20]) expect(oneLineClip(text, max)).toBe(clip(oneLine(text), max));
    }
    expect(oneLineClip('\r\n'.repeat(1_000_000), 3)).toBe('⏎⏎…');
  });
});
