import { maskSecrets } from '../../src/core/redact.ts';
import { describe, expect, it } from 'vitest';
import { KEY_SHAPES, keyFragmentTexts } from '../../src/core/testing/keyShapes.ts';
import { maskChunk, mayHoldKey, StreamMasker } from './maskChunk.ts';

const line = (text: string) => `${JSON.stringify({ kind: 'frame', conn: 'c1', data: JSON.stringify({ input: `x ${text} y` }) })}\n`;

describe('maskChunk', () => {
  it('returns the same buffer when nothing looks like a key', () => {
    const chunk = Buffer.from('{"kind":"frame","data":"{\\"type\\":\\"response.output_text.delta\\",\\"delta\\":\\"ask-me\\"}"}\n');
    expect(maskChunk(chunk)).toBe(chunk);
  });
  it('masks a key pasted into a prompt, keeping the line valid JSON', () => {
    const out = maskChunk(Buffer.from(line('my key is sk-proj-0123456789abcdefABCDEF please'))).toString();
    expect(out).not.toContain('0123456789abcdef');
    expect(JSON.parse(JSON.parse(out).data).input).toBe('x my key is [redacted] please y');
  });
});

describe('mayHoldKey', () => {
  it('finds every shape of the masking contract, so maskChunk masks it whole', () => {
    for (const shape of KEY_SHAPES) {
      for (const chunk of [line(shape.text), `${JSON.stringify({ kind: 'conn.close', reason: shape.text })}\n`]) {
        expect(mayHoldKey(Buffer.from(chunk)), shape.name).toBe(true);
        const out = maskChunk(Buffer.from(chunk)).toString();
        for (const secret of shape.secrets) for (const part of secret.split('\n')) expect(out, shape.name).not.toContain(part);
      }
    }
  });
  it('finds the spellings maskSecrets masks beyond the table: long URL passwords, secret access keys with any underscores', () => {
    const key40 = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    for (const text of [`https://user:${'p'.repeat(600)}@example.com/x`, `aws_secretaccess_key=${key40}`, `SECRETACCESS_KEY: "${key40}"`, `secret_accesskey=${key40}`]) {
      expect(maskSecrets(text), text).not.toBe(text);
      expect(mayHoldKey(Buffer.from(`{"text":${JSON.stringify(text)}}`)), text).toBe(true);
    }
  });

  it('masks exactly what maskSecrets masks on 20,000 random texts built from anchors and key bodies', () => {
    let masked = 0;
    for (const text of keyFragmentTexts(20_000)) {
      const want = maskSecrets(text);
      if (want !== text) masked++;
      expect(maskChunk(Buffer.from(text)).toString(), text).toBe(want);
    }
    expect(masked).toBeGreaterThan(1000);
  });

  it("finds every shape in a chunk larger than the window it is read in, also where it straddles a window's end", () => {
    const filler = 'x'.repeat(80 * 1024);
    for (const shape of KEY_SHAPES) {
      const text = shape.text.split('\n')[0];
      // Around the first window's end (64 KiB) and past it: every offset where the anchor straddles it.
      for (let at = 64 * 1024 - text.length - 2; at <= 64 * 1024; at++) {
        const chunk = Buffer.from(`${filler.slice(0, at)} ${text} ${filler.slice(at)}`);
        expect(mayHoldKey(chunk), `${shape.name} at ${at}`).toBe(true);
      }
    }
  });

  it('stays false on ordinary and repetitive payloads', () => {
    for (const c of ['x', 'A', 'b', '@', '=', '.', '-', '_', '://', '://x']) for (const size of [65536, 300_000]) expect(mayHoldKey(Buffer.alloc(size, c)), c).toBe(false);
    expect(mayHoldKey(Buffer.from('{"model":"gpt-5.5","date":"2026-11-25","id":"fc_123","note":"A Bear","type":"response.output_text.delta"}'))).toBe(false);
  });
});

describe('StreamMasker', () => {
  it('masks a key cut across two reads whole, at every cut point, in capture lines and in one-line JSON', () => {
    const key = KEY_SHAPES[1].text;
    const streams = [`${line('first')}${line(`a key ${key} here`)}${line('last')}`, JSON.stringify({ events: [{ data: 'x' }, { data: `a key ${key} here` }, { data: 'y' }] })];
    for (const text of streams) {
      const bytes = Buffer.from(text);
      for (let cut = 1; cut < bytes.length; cut++) {
        const masker = new StreamMasker();
        const out = Buffer.concat([masker.push(bytes.subarray(0, cut)), masker.push(bytes.subarray(cut)), masker.flush()]).toString();
        expect(out, `cut at ${cut}`).toBe(text.replace(key, '[redacted]'));
      }
    }
  });
});

describe('StreamMasker over many small pieces', () => {
  it('masks as one piece would, cut every few bytes, through long runs without a safe cut (a column of numbers)', () => {
    const key = KEY_SHAPES[1].text;
    const numbers = Array.from({ length: 3000 }, (_, i) => i * 7).join(',');
    const text = JSON.stringify({ at: numbers, v: ['a', `a key ${key} here`, 'b"', 'c'] }).replace(`"${numbers}"`, `[${numbers}]`);
    const bytes = Buffer.from(text);
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const masker = new StreamMasker();
      const out: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) out.push(masker.push(bytes.subarray(at, at + size)));
      out.push(masker.flush());
      expect(Buffer.concat(out).toString(), `pieces of ${size}`).toBe(text.replace(key, '[redacted]'));
    }
  });
});
