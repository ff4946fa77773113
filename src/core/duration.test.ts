import { describe, expect, it } from 'vitest';
import { formatClock, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it('reads units and combinations', () => {
    expect(parseDuration('60m')).toBe(3_600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5s')).toBe(1500);
  });
  it('takes a bare number as seconds', () => {
    expect(parseDuration('20')).toBe(20_000);
  });
  it('rejects garbage and zero with a one-line message', () => {
    expect(() => parseDuration('soon')).toThrow(/invalid duration "soon"/);
    expect(() => parseDuration('10x')).toThrow(/invalid duration/);
    expect(() => parseDuration('0s')).toThrow(/greater than zero/);
    expect(() => parseDuration('0')).toThrow(/greater than zero/);
  });
});

describe('formatClock', () => {
  it('formats minutes and hours', () => {
    expect(formatClock(3_599_000)).toBe('59:59');
    expect(formatClock(3_600_000)).toBe('1:00:00');
    expect(formatClock(61_500)).toBe('1:01');
    expect(formatClock(-5)).toBe('0:00');
  });
});
