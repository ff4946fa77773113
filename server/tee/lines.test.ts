import { describe, expect, it } from 'vitest';
import { escapedUpTo, escapeJsonBytes, LineBuffer } from './lines.ts';

describe('escapeJsonBytes', () => {
  it('escapes exactly as JSON.stringify does, for every ASCII byte, quotes, backslashes and multi-byte text', () => {
    const samples = [
      Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join(''),
      '{"type":"response.output_text.delta","delta":"14°C \\"quoted\\" back\\\\slash"}',
      'emoji \u{1F600}, CJK 漢字, RTL \u05D0, line sep \u2028 para \u2029, DEL \u007f',
      '',
    ];
    for (const text of samples) {
      const src = Buffer.from(text, 'utf8');
      const dst = Buffer.alloc(src.length * 6);
      const end = escapeJsonBytes(src, dst, 0);
      expect(`"${dst.subarray(0, end).toString('utf8')}"`).toBe(JSON.stringify(text));
    }
  });

  it('finds every byte to escape in long payloads scanned a word at a time, at any start offset and with little room', () => {
    // One byte that needs escaping, at every position of a 4-byte word, in a run long enough for the
    // word scan, with the payload starting at each offset of its memory (ws hands out such slices).
    const memory = Buffer.alloc(4200, 0x61);
    for (const special of [0x00, 0x1f, 0x22, 0x5c, 0x0a]) {
      for (let at = 2000; at < 2008; at++) {
        memory.fill(0x61);
        memory[at] = special;
        memory[at + 1001] = 0xc3; // a multi-byte character (é) next to a clean run: never escaped
        memory[at + 1002] = 0xa9;
        for (let offset = 0; offset < 4; offset++) {
          const src = memory.subarray(offset, offset + 4100);
          const text = src.toString('utf8');
          for (const room of [src.length * 2, 700]) {
            // With little room, it stops early and carries on from escapedUpTo, as LineBuffer does.
            let out = '';
            let from = 0;
            while (from < src.length) {
              const dst = Buffer.alloc(room);
              const end = escapeJsonBytes(src, dst, 0, from);
              out += dst.subarray(0, end).toString('latin1');
              from = escapedUpTo;
            }
            expect(`"${Buffer.from(out, 'latin1').toString('utf8')}"`).toBe(JSON.stringify(text));
          }
        }
      }
    }
  });
});

describe('LineBuffer', () => {
  it('builds frame lines that parse back to the exact payload, text and binary', () => {
    const lines = new LineBuffer();
    const text = Buffer.from('{"a":"b\\n"}\n\t\u0001 é');
    const bin = Buffer.from([0, 255, 10, 34]);
    lines.frame('c1', 1, 'send', 1795588127706.125, text, false);
    lines.frame('c1', 2, 'receive', 1795588127707.5, bin, true);
    lines.line(JSON.stringify({ kind: 'conn.close', t: 1, conn: 'c1', side: 'client', code: 1000, reason: 'é' }));
    const out = lines.take().toString('utf8').split('\n');
    expect(out).toHaveLength(4);
    expect(out[3]).toBe('');
    expect(JSON.parse(out[0])).toEqual({ kind: 'frame', t: 1795588127706.125, conn: 'c1', seq: 1, dir: 'send', binary: false, size: text.length, data: text.toString('utf8') });
    expect(JSON.parse(out[1])).toMatchObject({ binary: true, size: 4, data: bin.toString('base64') });
    expect(JSON.parse(out[2])).toMatchObject({ kind: 'conn.close', reason: 'é' });
    expect(lines.length).toBe(0);
  });

  it('matches JSON.stringify on random text of every size, across scratch growth', () => {
    const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '\n', '\t', '\u0000', '\u001f', 'é', '°', '漢', '\u{1F600}', '\u2028', '/'];
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const lines = new LineBuffer();
    for (const size of [0, 1, 31, 33, 500, 70_000, 1_500_000]) {
      let text = '';
      for (let i = 0; i < size; i++) text += rand() < 0.7 ? 'x' : alphabet[Math.floor(rand() * alphabet.length)];
      lines.frame('c1', 1, 'send', 1, Buffer.from(text, 'utf8'), false);
      const line = lines.take().toString('utf8');
      expect(line.slice(line.indexOf('"data":') + 7, -2)).toBe(JSON.stringify(text));
    }
  });

  it('grows for a frame far larger than its scratch space', () => {
    const lines = new LineBuffer();
    const big = Buffer.alloc(3 * 1024 * 1024, 0x22); // all quotes: the escaped payload doubles
    lines.frame('c9', 7, 'receive', 1, big, false);
    const line = lines.take().toString('utf8');
    expect(JSON.parse(line).data).toBe(big.toString('utf8'));
  });
});

describe('LineBuffer line limit', () => {
  const parse = (lines: LineBuffer) => {
    const buf = lines.take();
    expect(buf[buf.length - 1]).toBe(0x0a);
    return { bytes: buf.length, rec: JSON.parse(buf.toString('utf8')) as { data: string; size: number; truncated?: true; [k: string]: unknown } };
  };

  it('cuts a text payload to whole characters and marks the line, never exceeding the limit', () => {
    // Escape-dense text (control characters grow sixfold) mixed with 2-, 3- and 4-byte characters,
    // cut at every limit over a range, so each kind of character lands on the cut.
    const text = 'ab\u0001"é漢\u{1F600}\\\n'.repeat(40);
    const payload = Buffer.from(text, 'utf8');
    for (let max = 150; max < 400; max++) {
      const lines = new LineBuffer(max);
      lines.frame('c1', 3, 'receive', 1.5, payload, false);
      const { bytes, rec } = parse(lines);
      expect(bytes).toBeLessThanOrEqual(max);
      expect(rec).toMatchObject({ kind: 'frame', conn: 'c1', seq: 3, size: payload.length, truncated: true });
      expect(text.startsWith(rec.data)).toBe(true);
      expect(rec.data).not.toContain('\uFFFD');
      // Only the last few bytes of room may go unused (an escape or a character that did not fit).
      expect(bytes).toBeGreaterThan(max - 12);
    }
  });

  it('cuts a binary payload to whole bytes', () => {
    const payload = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) & 255));
    for (let max = 150; max < 170; max++) {
      const lines = new LineBuffer(max);
      lines.frame('c1', 1, 'send', 1, payload, true);
      const { bytes, rec } = parse(lines);
      expect(bytes).toBeLessThanOrEqual(max);
      expect(rec).toMatchObject({ binary: true, size: 600, truncated: true });
      const kept = Buffer.from(rec.data, 'base64');
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.equals(payload.subarray(0, kept.length))).toBe(true);
    }
  });

  it('leaves a frame that fits exactly as it was, without the marker', () => {
    const payload = Buffer.from('x'.repeat(100));
    const whole = new LineBuffer();
    whole.frame('c1', 1, 'send', 1, payload, false);
    const exact = whole.take().length;
    // Room for the marker's tail ('","truncated":true}\n', 17 bytes longer than '"}\n') is always kept.
    const lines = new LineBuffer(exact + 17);
    lines.frame('c1', 1, 'send', 1, payload, false);
    expect(parse(lines).rec).not.toHaveProperty('truncated');
  });

  it('holds records built elsewhere (HTTP passthrough frames) to the limit, keeping their fields', () => {
    const lines = new LineBuffer(300);
    const data = '\u0002'.repeat(500);
    lines.frameRecord({ kind: 'frame', t: 2, conn: 'c4', seq: 2, dir: 'receive', binary: false, size: 500, data, http: 'sse', event: 'response.output_text.delta' });
    const { bytes, rec } = parse(lines);
    expect(bytes).toBeLessThanOrEqual(300);
    expect(rec).toMatchObject({ conn: 'c4', http: 'sse', event: 'response.output_text.delta', size: 500, truncated: true });
    expect(data.startsWith(rec.data)).toBe(true);
    const small = { kind: 'frame' as const, t: 2, conn: 'c4', seq: 3, dir: 'receive' as const, binary: true, size: 3, data: 'AAEC', http: 'response' as const };
    lines.frameRecord(small);
    expect(parse(lines).rec).toEqual(small);
  });
});
