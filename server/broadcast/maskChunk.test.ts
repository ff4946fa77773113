import { describe, expect, it } from 'vitest';
import { maskChunk } from './maskChunk.ts';

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
