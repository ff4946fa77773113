import { describe, expect, it } from 'vitest';
import { formatCount, formatOffset, formatSpan } from './spanFormat.ts';

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
