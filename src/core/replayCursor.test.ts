import { describe, expect, it } from 'vitest';
import { advancePlayhead, dueCount, formatPlayhead, replayBounds } from './replayCursor.ts';

const recs = [{ t: 100 }, { t: 150 }, { t: 150 }, { t: 140 }, { t: 300 }];

describe('replay cursor', () => {
  it('starts just before the first record and ends at the latest one', () => {
    expect(replayBounds(recs)).toEqual({ startT: 99, endT: 300 });
    expect(replayBounds([])).toBeUndefined();
  });

  it('shows nothing at the start and everything at the end', () => {
    const b = replayBounds(recs)!;
    expect(dueCount(recs, b.startT)).toBe(0);
    expect(dueCount(recs, b.endT)).toBe(recs.length);
  });

  it('keeps file order: a prefix stops at the first record after the playhead', () => {
    expect(dueCount(recs, 150)).toBe(4); // 140 comes after the two 150s in the file
    expect(dueCount(recs, 149)).toBe(1);
    expect(dueCount(recs, 200, 2)).toBe(4);
  });

  it('moves the playhead by wall time times the speed, never past the end', () => {
    expect(advancePlayhead(100, 50, 1, 300)).toBe(150);
    expect(advancePlayhead(100, 50, 10, 300)).toBe(300);
    expect(advancePlayhead(100, -5, 10, 300)).toBe(100);
  });

  it('labels the playhead from the start', () => {
    expect(formatPlayhead(12_399, 99)).toBe('12.3 s');
    expect(formatPlayhead(99 + 75_500, 99)).toBe('1:15.5');
    // An hour-long capture reads in hours, not as 67 minutes.
    expect(formatPlayhead(99 + 4_054_600, 99)).toBe('1:07:34.6');
    expect(formatPlayhead(99 + 3_600_000, 99)).toBe('1:00:00.0');
    expect(formatPlayhead(99 + 59_960, 99)).toBe('1:00.0');
  });
});
