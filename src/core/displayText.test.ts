import { describe, expect, it } from 'vitest';
import { clipText, escapeBidi } from './displayText.ts';

describe('escapeBidi', () => {
  it('shows bidi controls escaped, so text cannot display reversed', () => {
    expect(escapeBidi('invoice\u202Efdp.exe')).toBe('invoice\\u202Efdp.exe');
    expect(escapeBidi('a\u2066b\u2069c\u200Fd\u061C')).toBe('a\\u2066b\\u2069c\\u200Fd\\u061C');
  });
  it('returns other text as it is, right-to-left scripts included', () => {
    const text = 'plain, שלום, مرحبا, 😀';
    expect(escapeBidi(text)).toBe(text);
  });
});

describe('clipText', () => {
  it('keeps short text whole and clips long text, never inside a surrogate pair', () => {
    expect(clipText('abc', 5)).toEqual({ shown: 'abc', hidden: 0 });
    expect(clipText('abcdef', 4)).toEqual({ shown: 'abcd', hidden: 2 });
    expect(clipText('ab😀cd', 3)).toEqual({ shown: 'ab', hidden: 4 });
  });
});
