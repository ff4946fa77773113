import { describe, expect, it } from 'vitest';
import { BufferSource } from './bufferSource.ts';

describe('BufferSource', () => {
  it('hands out whole lines only, in order, and every byte exactly once', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `{"n":${i},"pad":"${'x'.repeat(i % 13)}"}\n`);
    const text = lines.join('') + '{"last":"no newline"}';
    const src = new BufferSource(Buffer.from(text));
    const parts: string[] = [];
    for (let pos = 0; pos < src.length; ) {
      const chunk = (await src.read(pos, 40))!;
      expect(chunk.length).toBeGreaterThan(0);
      const s = chunk.toString();
      if (pos + chunk.length < src.length) expect(s.endsWith('\n')).toBe(true);
      parts.push(s);
      pos += chunk.length;
    }
    expect(parts.join('')).toBe(text);
    expect((await src.read(src.length, 40))!.length).toBe(0);
  });

  it('returns a line longer than the asked size whole', async () => {
    const long = `{"big":"${'y'.repeat(200)}"}\n`;
    const src = new BufferSource(Buffer.from(`{"a":1}\n${long}{"b":2}\n`));
    expect((await src.read(0, 5))!.toString()).toBe('{"a":1}\n');
    expect((await src.read(8, 10))!.toString()).toBe(long);
  });
});
