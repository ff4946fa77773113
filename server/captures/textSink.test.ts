import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TextSink } from './textSink.ts';

/** A destination that is always "full" and takes its time, so every batch meets backpressure. */
function slowStream() {
  const chunks: Buffer[] = [];
  const out = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      setTimeout(done, 1);
    },
  });
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('TextSink', () => {
  it('keeps the order of every piece when the producer does not wait between writes', async () => {
    const { out, text } = slowStream();
    const sink = new TextSink(out, 64);
    const pieces: string[] = [];
    let waits = 0;
    for (let i = 0; i < 500; i++) {
      const piece = i % 50 === 0 ? `<big ${'é'.repeat(100)} ${i}>` : `[${i} ✓]`;
      pieces.push(piece);
      const p = sink.write(piece);
      if (p && i % 7 === 0) {
        waits++;
        await p;
      }
    }
    await sink.writeBytes(Buffer.from('<bytes>'));
    sink.write('end');
    await sink.close();
    expect(waits).toBeGreaterThan(0);
    expect(text()).toBe(pieces.join('') + '<bytes>end');
    expect(sink.bytes).toBe(Buffer.byteLength(text()));
  });

  it('batches bytes with the text around them: many small pieces are a few writes, in order, and a large one goes as it is', async () => {
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        done();
      },
    });
    const sink = new TextSink(out, 1024);
    let want = '';
    // A HAR export of many short connections: each entry's head as text, then its waiting messages as bytes.
    for (let i = 0; i < 1000; i++) {
      const head = `{"entry":${i},"messages":[`;
      const bytes = Buffer.from(`"m${i}é"]}`);
      await sink.write(head);
      await sink.writeBytes(bytes);
      want += head + bytes.toString();
    }
    const large = Buffer.from('x'.repeat(5000));
    await sink.writeBytes(large);
    want += large.toString();
    await sink.close();
    expect(Buffer.concat(chunks).toString()).toBe(want);
    // ~26 KB of small pieces in 1 KiB batches, not one write (and one fresh batch) per piece.
    expect(chunks.length).toBeLessThan(40);
    expect(chunks).toContain(large);
  });
});
