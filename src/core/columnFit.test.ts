import { describe, expect, it } from 'vitest';
import { turnColumnChars, turnIndexChars } from './columnFit.ts';

describe('column widths that fit the widest turn number', () => {
  it('keeps the header width for short captures', () => {
    expect(turnColumnChars(0)).toBe(5);
    expect(turnColumnChars(9999)).toBe(5); // "#9999"
    expect(turnIndexChars(0)).toBe(4);
    expect(turnIndexChars(9999)).toBe(4);
  });

  it('grows with the digits of the last turn: "#41666" is six characters', () => {
    expect(turnColumnChars(41_666)).toBe('#41666'.length);
    expect(turnColumnChars(1_234_567)).toBe('#1234567'.length);
    expect(turnIndexChars(41_666)).toBe(5);
    expect(turnIndexChars(100_000)).toBe(6);
  });
});
