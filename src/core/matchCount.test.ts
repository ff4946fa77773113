import { describe, expect, it } from 'vitest';
import { matchCountText } from './matchCount.ts';

describe('matchCountText', () => {
  it('counts rows both before and while stepping, so the two figures agree', () => {
    expect(matchCountText('create', 12, null, null)).toBe('12 matches');
    expect(matchCountText('create', 12, 2, null)).toBe('3 / 12');
    expect(matchCountText('create', 1, null, null)).toBe('1 match');
    expect(matchCountText('create', 1, 0, null)).toBe('1 / 1');
  });
  it('says when nothing matches, shows nothing without a search, and names a bad regex', () => {
    expect(matchCountText('zzz', 0, null, null)).toBe('no match');
    expect(matchCountText('', 0, null, null)).toBe('');
    expect(matchCountText('(', 0, null, 'Unterminated group')).toBe('bad regex: Unterminated group');
  });
  it('writes large counts with separators, within the 15 characters of its slot', () => {
    expect(matchCountText('x', 12345, 1233, null)).toBe('1,234 / 12,345');
    expect(matchCountText('x', 123_456, null, null)).toBe('123,456 matches');
    for (const [n, at] of [
      [999_999, null],
      [99_999, 99_998],
      [1, 0],
    ] as const)
      expect(matchCountText('x', n, at, null).length).toBeLessThanOrEqual(15);
  });
});
