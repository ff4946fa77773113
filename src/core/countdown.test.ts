import { describe, expect, it } from 'vitest';
import { countdownLevel, countdownThresholds, timeLeftMs } from './countdown.ts';

const MIN = 60_000;

describe('countdown', () => {
  it('warns at 10 and 2 minutes left for the 60-minute limit', () => {
    expect(countdownThresholds(60 * MIN)).toEqual({ amberMs: 10 * MIN, redMs: 2 * MIN });
    expect(countdownLevel(60 * MIN, 49 * MIN)).toBe('ok');
    expect(countdownLevel(60 * MIN, 50 * MIN)).toBe('amber');
    expect(countdownLevel(60 * MIN, 57 * MIN)).toBe('amber');
    expect(countdownLevel(60 * MIN, 58 * MIN)).toBe('red');
    expect(countdownLevel(60 * MIN, 60 * MIN)).toBe('expired');
  });
  it('scales the thresholds down for a short limit so it is not amber from the start', () => {
    const max = 3 * MIN;
    expect(countdownThresholds(max)).toEqual({ amberMs: 30_000, redMs: 6_000 });
    expect(countdownLevel(max, 10_000)).toBe('ok');
    expect(countdownLevel(max, 155_000)).toBe('amber');
    expect(countdownLevel(max, 175_000)).toBe('red');
  });
  it('never reports negative time left', () => {
    expect(timeLeftMs(1000, 1500)).toBe(0);
    expect(timeLeftMs(1000, 400)).toBe(600);
  });
});
