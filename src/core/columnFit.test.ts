import { describe, expect, it } from 'vitest';
import { expectedLastTurn, turnColumnChars, turnIndexChars } from './columnFit.ts';

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

describe('the last turn to make room for while a capture loads', () => {
  it('scales the turns so far by the bytes still to read, so the digits are right from the first rows', () => {
    // A tenth of a 40,000-turn capture read: room for five digits already.
    expect(expectedLastTurn(4_000, { totalBytes: 1_000, loadedBytes: 100, done: false })).toBe(40_000);
    expect(turnColumnChars(expectedLastTurn(4_000, { totalBytes: 1_000, loadedBytes: 100, done: false }))).toBe(turnColumnChars(41_666));
    expect(expectedLastTurn(9_000, { totalBytes: 3_000, loadedBytes: 1_000, done: false })).toBe(27_000);
  });

  it('is the last turn itself once loaded, live, or before any byte is counted', () => {
    expect(expectedLastTurn(4_000, { totalBytes: 1_000, loadedBytes: 100, done: true })).toBe(4_000);
    expect(expectedLastTurn(12, { totalBytes: 0, loadedBytes: 0, done: false })).toBe(12);
    expect(expectedLastTurn(12, { totalBytes: 1_000, loadedBytes: 0, done: false })).toBe(12);
    expect(expectedLastTurn(12, { totalBytes: 1_000, loadedBytes: 1_000, done: false })).toBe(12);
  });
});
