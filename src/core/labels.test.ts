import { describe, expect, it } from 'vitest';
import { countOf, groupDigits, middleEllipsis, turnStatusLabel, waterfallCaption } from './labels.ts';

describe('labels', () => {
  it('puts the noun in the number the count needs', () => {
    expect(countOf(1, 'turn')).toBe('1 turn');
    expect(countOf(0, 'turn')).toBe('0 turns');
    expect(countOf(2, 'turn')).toBe('2 turns');
    expect(countOf(1204, 'frame')).toBe('1,204 frames');
    expect(countOf(2, 'match', 'matches')).toBe('2 matches');
  });

  it('cuts long names in the middle so names sharing a prefix stay distinct', () => {
    const lanes = ['review-docs-frontend', 'review-tests-frontend', 'review-deps-frontend'];
    const short = lanes.map((l) => middleEllipsis(l, 12));
    for (const s of short) expect(Array.from(s).length).toBeLessThanOrEqual(12);
    // The end is kept...
    expect(short[0]).toBe('revie…ontend');
    // ...and a name that fits is unchanged.
    expect(middleEllipsis('review-docs', 12)).toBe('review-docs');
    expect(new Set(['review-docs-a', 'review-tests-b', 'review-deps-c'].map((l) => middleEllipsis(l, 12))).size).toBe(3);
    expect(middleEllipsis('abcdefgh', 1)).toBe('…');
    expect(middleEllipsis('abcdefgh', 0)).toBe('');
  });

  it("tells how to see the waterfall's turns too narrow to draw, and says nothing extra when none are hidden", () => {
    const thin = waterfallCaption(182, 204, 22);
    expect(thin.text).toBe('182 of 204 turns · zoom in for 22 more');
    expect(thin.title).toMatch(/under a pixel wide at this zoom/);
    expect(thin.title).toMatch(/[Zz]oom in/);
    expect(waterfallCaption(1, 1, 0)).toEqual({ text: '1 of 1 turn', title: undefined });
    expect(waterfallCaption(1604, 41_666, 40_062).text).toBe('1,604 of 41,666 turns · zoom in for 40,062 more');
  });
});

describe('turnStatusLabel', () => {
  it('names a turn in progress as the summary does, and a completed warm-up as one', () => {
    expect(turnStatusLabel('in_progress')).toBe('in flight');
    expect(turnStatusLabel('completed', true)).toBe('warm-up');
    expect(turnStatusLabel('completed')).toBe('completed');
    expect(turnStatusLabel('error', true)).toBe('error');
  });
});

describe('groupDigits', () => {
  it('writes whole numbers as en-US does', () => {
    for (const n of [0, 7, 12, 999, 1000, 1204, 65_536, 999_999, 1_000_000, 123_456_789, -5, -1234, -1_000_000, Number.MAX_SAFE_INTEGER]) {
      expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
    }
  });

  it('leaves what is not a whole number to the locale', () => {
    expect(groupDigits(1234.5)).toBe('1,234.5');
  });
});
