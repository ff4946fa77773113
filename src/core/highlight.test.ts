import { describe, expect, it } from 'vitest';
import { highlighter, highlightParts } from './highlight.ts';

describe('highlightParts', () => {
  it('marks every case-insensitive match of plain text, special characters taken literally', () => {
    expect(highlightParts('Paris and paris', highlighter('paris', false))).toEqual([
      { text: 'Paris', hit: true },
      { text: ' and ', hit: false },
      { text: 'paris', hit: true },
    ]);
    expect(highlightParts('f(x) = 1', highlighter('(x)', false))).toEqual([
      { text: 'f', hit: false },
      { text: '(x)', hit: true },
      { text: ' = 1', hit: false },
    ]);
  });
  it('follows the search’s regex rules, and highlights nothing for a bad regex or none', () => {
    expect(
      highlightParts('a1 b22', highlighter('\\d+', true))
        .filter((p) => p.hit)
        .map((p) => p.text),
    ).toEqual(['1', '22']);
    expect(highlightParts('Abc abc', highlighter('A', true)).filter((p) => p.hit)).toHaveLength(1);
    expect(highlighter('(', true)).toBeNull();
    expect(highlightParts('text', null)).toEqual([{ text: 'text', hit: false }]);
    expect(highlightParts('aaa', highlighter('x*', true))).toEqual([{ text: 'aaa', hit: false }]);
  });
});
