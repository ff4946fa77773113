import { describe, expect, it } from 'vitest';
import { createLineCutter, createLineSplitter } from './lineSplitter.ts';

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

describe('createLineCutter on bytes', () => {
  const enc = (s: string) => Uint8Array.from(unescape(encodeURIComponent(s)), (c) => c.charCodeAt(0));

  it('gives the same lines as on text however the bytes are cut, multi-byte characters across cuts included', () => {
    const text = '{"a":"é✓😀"}\n{"b":2}\r\n\n{"c":"日本"}\n{"d":"last 😀"}';
    const bytes = enc(text);
    const want: [string, number, boolean][] = [];
    const ref = createLineCutter((t, n, last) => want.push([t, n, last]));
    ref.push(text);
    ref.end();
    for (let size = 1; size <= bytes.length; size++) {
      const got: [string, number, boolean][] = [];
      const cutter = createLineCutter((t, n, last) => got.push([t, n, last]));
      // One buffer reused for every chunk, as a file reader does: nothing of it may be kept.
      const buf = new Uint8Array(size);
      for (let i = 0; i < bytes.length; i += size) {
        const n = Math.min(size, bytes.length - i);
        buf.set(bytes.subarray(i, i + n));
        cutter.push(buf.subarray(0, n));
      }
      cutter.end();
      expect(got, `chunks of ${size}`).toEqual(want);
    }
    expect(want.map(([t]) => t)).toEqual(['{"a":"é✓😀"}', '{"b":2}\r', '', '{"c":"日本"}', '{"d":"last 😀"}']);
    expect(want[4][2]).toBe(true);
  });

  it('offers each complete line to onBytes before decoding it, whole even when it came in pieces; a taken line still counts', () => {
    const bytes = enc('{"a":1}\n{"take":"é"}\n{"b":2}\n{"take":3}\n' + 'x'.repeat(20) + '\n{"take":"last"}');
    for (let size = 1; size <= bytes.length; size++) {
      const seen: [string, number][] = [];
      const offered: string[] = [];
      const cutter = createLineCutter((t, n) => seen.push([t, n]), {
        maxLineChars: 19,
        onBytes: (b, start, end, n) => {
          const text = new TextDecoder().decode(b.subarray(start, end));
          offered.push(text);
          if (!text.startsWith('{"take"')) return false;
          seen.push([`taken ${text}`, n]);
          return true;
        },
      });
      const buf = new Uint8Array(size);
      expect(() => {
        for (let i = 0; i < bytes.length; i += size) {
          const n = Math.min(size, bytes.length - i);
          buf.set(bytes.subarray(i, i + n));
          cutter.push(buf.subarray(0, n));
        }
      }, `chunks of ${size}`).toThrow(/line 5 is longer than 19 characters/);
      // Lines over the limit are never offered.
      expect(seen, `chunks of ${size}`).toEqual([
        ['{"a":1}', 1],
        ['taken {"take":"é"}', 2],
        ['{"b":2}', 3],
        ['taken {"take":3}', 4],
      ]);
      expect(offered).toEqual(['{"a":1}', '{"take":"é"}', '{"b":2}', '{"take":3}']);
    }
  });

  it('refuses a byte line over the limit before holding more of it', () => {
    const cutter = createLineCutter(() => undefined, { maxLineChars: 10 });
    expect(() => {
      for (let i = 0; i < 100; i++) cutter.push(enc('xxx'));
    }).toThrow(/line 1 is longer than 10 characters/);
  });
});
