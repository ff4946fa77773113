import { describe, expect, it } from 'vitest';
import { asciiJson } from './asciiJson.ts';

describe('asciiJson', () => {
  it('writes only ASCII, and reads back as the same value', () => {
    const value = { summary: 'ws · /v1/responses → 101 …', text: 'naïve café 日本語 😀', lone: '\ud800x', quote: '"\\\n', n: 1.5, none: null };
    const text = asciiJson(value);
    expect(text).not.toMatch(/[^\n\x20-\x7e]/);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).toContain('\\u00b7');
    expect(text).toContain('\\ud83d\\ude00');
  });

  it('leaves ASCII-only JSON as JSON.stringify writes it', () => {
    const value = { type: 'rows', from: 0, t: [1, 2.5], s: ['a"b', 'c\\d'] };
    expect(asciiJson(value)).toBe(JSON.stringify(value));
  });
});
