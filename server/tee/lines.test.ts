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
