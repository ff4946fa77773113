import { describe, expect, it } from 'vitest';
import { maskChunk, mayHoldKey } from './maskChunk.ts';

describe('maskChunk', () => {
  it('returns the same buffer when nothing looks like a key', () => {
    const chunk = Buffer.from('{"kind":"frame","data":"{\\"type\\":\\"response.output_text.delta\\",\\"delta\\":\\"ask-me\\"}"}\n');
    expect(maskChunk(chunk)).toBe(chunk);
  });
  it('masks a key pasted into a prompt, keeping the line valid JSON', () => {
    const line = JSON.stringify({ kind: 'frame', data: JSON.stringify({ input: 'my key is sk-proj-0123456789abcdefABCDEF please' }) });
    const out = maskChunk(Buffer.from(`${line}\n`)).toString();
    expect(out).not.toContain('0123456789abcdef');
    expect(JSON.parse(JSON.parse(out).data).input).toBe('my key is [redacted] please');
  });
});

describe('mayHoldKey', () => {
  it('finds every prefix maskSecrets masks', () => {
    for (const key of ['sk-proj-0123456789abcdefABCDEF', 'rk-live-0123456789abcdefABCDEF', 'sess-0123456789abcdefABCDEF', 'xoxb-0123456789-abc', 'ghp_0123456789abcdefghij0123456789abcd', 'Bearer abcdefghijklmnop1234', 'AIzaSyA0123456789abcdefghijklmnopqrstu']) {
      expect(mayHoldKey(Buffer.from(`{"data":"x ${key} y"}`))).toBe(true);
      expect(maskChunk(Buffer.from(`{"data":"x ${key} y"}\n`)).toString()).toContain('[redacted]');
    }
  });
  it('stays false on ordinary and repetitive payloads', () => {
    expect(mayHoldKey(Buffer.from('x'.repeat(65536)))).toBe(false);
    expect(mayHoldKey(Buffer.from('{"model":"gpt-5.5","date":"2026-11-25","id":"fc_123","note":"A Bear"}'))).toBe(false);
  });
});
