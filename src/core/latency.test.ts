import { describe, expect, it } from 'vitest';
import { mean, percentile, percentiles, sum, unionLength } from './latency.ts';

describe('percentile', () => {
  it('interpolates between closest ranks', () => {
    expect(percentile([10, 20], 50)).toBe(15);
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5], 95)).toBeCloseTo(4.8, 10);
    expect(percentile([5, 1, 4, 2, 3], 0)).toBe(1);
    expect(percentile([5, 1, 4, 2, 3], 100)).toBe(5);
  });
  it('ignores non-finite values, leaves the input alone, and has no answer for nothing', () => {
    const input = [3, Number.NaN, 1, Infinity, 2];
    expect(percentile(input, 50)).toBe(2);
    expect(input).toEqual([3, Number.NaN, 1, Infinity, 2]);
    expect(percentile([], 50)).toBeUndefined();
  });
  it('computes several percentiles with one sort', () => {
    expect(percentiles([4, 3, 2, 1], [0, 50, 100])).toEqual([1, 2.5, 4]);
  });
});

describe('mean and sum', () => {
  it('average and add', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeUndefined();
    expect(sum([1, 2, 6])).toBe(9);
  });
});

describe('unionLength', () => {
  it('counts overlapping intervals once', () => {
    expect(
      unionLength([
        [0, 10],
        [5, 15],
        [20, 25],
      ]),
    ).toBe(20);
    expect(
      unionLength([
        [20, 25],
        [0, 10],
        [2, 3],
      ]),
    ).toBe(15);
    expect(
      unionLength([
        [0, 10],
        [10, 12],
      ]),
    ).toBe(12);
    expect(
      unionLength([
        [5, 5],
        [7, 6],
      ]),
    ).toBe(0);
    expect(unionLength([])).toBe(0);
  });
});
