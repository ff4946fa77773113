import { describe, expect, it } from 'vitest';
import { matchCountText } from './matchCount.ts';

describe('matchCountText', () => {
  it('counts rows both before and while stepping, so the two figures agree', () => {
    expect(matchCountText('create', 12, null, null)).toBe('12 matching rows');
    expect(matchCountText('create', 12, 2, null)).toBe('3 of 12 rows');
    expect(matchCountText('create', 1, null, null)).toBe('1 matching row');
    expect(matchCountText('create', 1, 0, null)).toBe('1 of 1 row');
  });
  it('says when nothing matches, shows nothing without a search, and names a bad regex', () => {
    expect(matchCountText('zzz', 0, null, null)).toBe('no match');
    expect(matchCountText('', 0, null, null)).toBe('');
    expect(matchCountText('(', 0, null, 'Unterminated group')).toBe('bad regex: Unterminated group');
  });
  it('writes large counts with separators', () => {
    expect(matchCountText('x', 12345, 1233, null)).toBe('1,234 of 12,345 rows');
  });
});
