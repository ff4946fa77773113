import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDelta, formatMs, formatRowTime, formatWallClock } from './format.ts';

describe('format', () => {
  it('shows milliseconds with 0.1 ms precision', () => {
    expect(formatMs(0)).toBe('0.0');
    expect(formatMs(1234.56)).toBe('1234.6');
    expect(formatMs(0.04)).toBe('0.0');
  });
  it('never cuts a gap of 100 s or more in the Δ column', () => {
    expect(formatDelta(0.35)).toBe('+0.3 ms');
    expect(formatDelta(-2)).toBe('-2.0 ms');
    expect(formatDelta(1203.2)).toBe('+1.20 s');
    expect(formatDelta(130_270.4)).toBe('+2:10.3');
    expect(formatDelta(13_027_000)).toBe('+3:37:07');
    expect(formatDelta(undefined)).toBe('');
    for (const ms of [0.1, 999.9, 59_999, 100_000, 3_599_999, 99 * 3_600_000]) expect(formatDelta(ms).length).toBeLessThanOrEqual(10);
  });

  it('writes dates and times one way, never in the browser locale', () => {
    const t = new Date(2026, 11, 7, 2, 6, 3, 867).getTime();
    expect(formatDateTime(t)).toBe('2026-12-07 02:06:03');
    expect(formatDateTime(t, false)).toBe('02:06:03');
    expect(formatDateTime(Number.NaN)).toBe('');
  });

  it('reads the wall clock as HH:MM:SS.mmm in the viewer’s zone', () => {
    const t = new Date(2026, 10, 25, 7, 5, 9, 42).getTime() + 0.9;
    expect(formatWallClock(t)).toBe('07:05:09.042');
    expect(formatRowTime(t, t - 1500, 'wall')).toBe('07:05:09.042');
    expect(formatRowTime(t, t - 1500, 'relative')).toBe('1.500 s');
  });
});
