import { describe, expect, it } from 'vitest';
import { formatCount, formatOffset, formatSpan, roundTicks } from './spanFormat.ts';

describe('formatSpan', () => {
  it('picks a unit a person reads at a glance', () => {
    expect(formatSpan(0.42)).toBe('0.4 ms');
    expect(formatSpan(123.4)).toBe('123 ms');
    expect(formatSpan(2345)).toBe('2.35 s');
    expect(formatSpan(12_345)).toBe('12.3 s');
    expect(formatSpan(65_000)).toBe('1m 05s');
    expect(formatSpan(3_725_000)).toBe('1h 02m');
    expect(formatSpan(undefined)).toBe('—');
  });
});

describe('formatOffset and formatCount', () => {
  it('shows more digits when zoomed in', () => {
    expect(formatOffset(1250, 1000, 500)).toBe('+0.250 s');
    expect(formatOffset(13_500, 1000, 60_000)).toBe('+12.5 s');
    expect(formatOffset(191_000, 1000, 600_000)).toBe('+3m 10s');
  });
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(12)).toBe('12');
  });
});

describe('roundTicks', () => {
  it('puts axis ticks at round offsets from the capture start, not from the window edge', () => {
    const origin = 1_795_586_400_000.123;
    const start = origin + 100.4;
    const ticks = roundTicks(origin, start, origin + 60_000);
    const labels = ticks.map((t) => formatOffset(t, origin, 60_000));
    expect(labels).toEqual(['+10.0 s', '+20.0 s', '+30.0 s', '+40.0 s', '+50.0 s', '+60.0 s']);
    expect(roundTicks(origin, origin, origin + 75_000, 3).map((t) => t - origin)).toEqual([0, 25_000, 50_000, 75_000]);
  });
  it('uses minutes and hours for long windows', () => {
    expect(roundTicks(0, 0, 3_600_000, 6)).toEqual([0, 600_000, 1_200_000, 1_800_000, 2_400_000, 3_000_000, 3_600_000]);
    expect(roundTicks(0, 5, 5)).toEqual([]);
  });
});
