import { describe, expect, it } from 'vitest';
import { createLineSplitter } from './lineSplitter.ts';

describe('createLineSplitter', () => {
  it('gives the same lines however the text is cut', () => {
    const text = '{"a":1}\n{"b":2}\n\n{"c":"x\\ny"}\n{"d":4}';
    for (let size = 1; size <= text.length; size++) {
      const s = createLineSplitter();
      const out: string[] = [];
      for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
      out.push(...s.end());
      expect(out).toEqual(['{"a":1}', '{"b":2}', '{"c":"x\\ny"}', '{"d":4}']);
    }
  });

  it('holds nothing after a text that ends with its newline', () => {
    const s = createLineSplitter();
    expect(s.push('one\ntwo\n')).toEqual(['one', 'two']);
    expect(s.end()).toEqual([]);
  });

  it('refuses a line over its limit, whether it arrives whole or without a newline in pieces', () => {
    const s = createLineSplitter(10);
    expect(s.push('short\n0123456789\n')).toEqual(['short', '0123456789']);
    expect(() => s.push('x'.repeat(11) + '\n')).toThrow(/line 3 is longer than 10 characters/);
    const endless = createLineSplitter(10);
    expect(() => {
      for (let i = 0; i < 100; i++) endless.push('xxx');
    }).toThrow(/line 1 is longer than 10 characters/);
  });
});
