import { describe, expect, it } from 'vitest';
import { countOf, groupDigits, middleEllipsis, pendingTurns, turnStatusLabel, waterfallCaption, waterfallCaptionRoom } from './labels.ts';

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

  it("counts the waterfall's turns in its window, and those merged for being under a pixel wide", () => {
    // Fitted: every turn is in the window.
    const fitted = waterfallCaption(1604, 41_666, 40_062);
    expect(fitted.text).toBe('41,666 turns · 40,062 merged');
    expect(fitted.title).toMatch(/^40,062 turns are under a pixel wide at this zoom, drawn merged into the bar before/);
    expect(fitted.title).toMatch(/Zoom in/);
    // Zoomed: the count adds up to what the window holds, and the rest are said to be outside it.
    const zoomed = waterfallCaption(1492, 41_666, 19_345);
    expect(zoomed.text).toBe('20,837 of 41,666 turns · 19,345 merged');
    expect(zoomed.title).toMatch(/^20,837 of the 41,666 turns are in this window \(zoom out or Fit for the others\)\. 19,345 turns are under a pixel/);
    // Deeper: nothing merged any more.
    expect(waterfallCaption(1307, 41_666, 0)).toEqual({ text: '1,307 of 41,666 turns', title: '1,307 of the 41,666 turns are in this window (zoom out or Fit for the others).' });
    expect(waterfallCaption(1, 1, 0)).toEqual({ text: '1 turn', title: undefined });
    expect(waterfallCaption(182, 204, 22).text).toBe('204 turns · 22 merged');
    expect(waterfallCaption(0, 1, 1).title).toMatch(/^1 turn is under a pixel wide .* on its track .* see it apart\.$/);
  });

  it("keeps room for the waterfall's longest count of a capture, whatever the zoom", () => {
    const room = waterfallCaptionRoom(41_666);
    for (const [shown, thinned] of [
      [1604, 40_062],
      [1492, 19_345],
      [1307, 0],
      [0, 41_666],
      [41_666, 0],
    ]) {
      expect(waterfallCaption(shown, 41_666, thinned).text.length).toBeLessThanOrEqual(room);
    }
    expect(waterfallCaptionRoom(204)).toBeLessThan(room);
  });
});

describe('pendingTurns', () => {
  it('counts the turns listed against the total when the index says it, and as so far otherwise', () => {
    expect(pendingTurns(12_000, 41_666)).toBe('12,000 of 41,666 turns…');
    expect(pendingTurns(0, 41_666)).toBe('Loading 41,666 turns…');
    expect(pendingTurns(0, 1)).toBe('Loading 1 turn…');
    expect(pendingTurns(12_000, undefined)).toBe('12,000 turns so far…');
    expect(pendingTurns(1, undefined)).toBe('1 turn so far…');
    expect(pendingTurns(0, undefined)).toBe('Loading turns…');
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
