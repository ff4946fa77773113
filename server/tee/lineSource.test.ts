import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../captures/bufferSource.ts';
import { FileSource } from './fileSource.ts';
import { readFileLines } from './lineSource.ts';

const text = Array.from({ length: 40 }, (_, i) => `{"n":${i},"pad":"${'é'.repeat(i % 7)}${'x'.repeat(i * 3)}"}\n`).join('') + '{"last":"no newline"}';

describe('readLines: whole lines from a byte offset, for a file and a buffer alike', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-lines-')), 'c.ndjson');
  writeFileSync(file, text);
  const sources = { file: new FileSource(file), buffer: new BufferSource(Buffer.from(text)) };

  for (const [name, src] of Object.entries(sources)) {
    it(`${name}: every byte once, in order, each read ending at a line's end but the last`, async () => {
      for (const window of [1, 10, 100, 1 << 20]) {
        const parts: Buffer[] = [];
        for (let pos = 0; pos < src.length; ) {
          const chunk = (await src.read(pos, window))!;
          expect(chunk.length).toBeGreaterThan(0);
          if (pos + chunk.length < src.length) expect(chunk[chunk.length - 1]).toBe(0x0a);
          parts.push(chunk);
          pos += chunk.length;
        }
        expect(Buffer.concat(parts).toString()).toBe(text);
        expect((await src.read(src.length, window))!.length).toBe(0);
      }
    });
  }

  it('gives null for a file line longer than the longest a reader takes, instead of holding it', async () => {
    const long = path.join(path.dirname(file), 'long.ndjson');
    writeFileSync(long, `{"a":1}\n${'y'.repeat(5000)}\n{"b":2}\n`);
    expect(await readFileLines(long, 5000 + 16, 8, 100, 1000)).toBeNull();
    expect((await readFileLines(long, 5000 + 16, 8, 100))!.length).toBe(5001);
  });
});
