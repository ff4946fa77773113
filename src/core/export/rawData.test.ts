import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../capture.ts';
import { maskSecrets } from '../redact.ts';
import { dataJson } from './rawData.ts';

const keep = (s: string) => s;
const parse = (line: string) => JSON.parse(line) as FrameRecord;

describe('dataJson', () => {
  it('copies the escaped payload from a relay-written line, exactly as JSON.stringify would write it', () => {
    const data = '{"type":"x","text":"quote \\" backslash \\\\ tab \\t ✓ \\u2028"}';
    const line = `{"kind":"frame","t":1.5,"conn":"c1","seq":1,"dir":"send","binary":false,"size":9,"data":${JSON.stringify(data)}}`;
    const out = dataJson(parse(line), line, keep);
    expect(JSON.parse(out)).toBe(data);
    expect(out).toBe(JSON.stringify(data));
  });

  it('escapes anew when data is not the last key, or when masking changed it', () => {
    const line = '{"kind":"frame","data":"{\\"a\\":1}","t":1,"conn":"c1","seq":1,"dir":"send","binary":false,"size":7,"x":"y"}';
    expect(dataJson(parse(line), line, keep)).toBe(JSON.stringify('{"a":1}'));
    const tricky = '{"kind":"frame","t":1,"conn":"c1","seq":1,"dir":"send","binary":false,"size":7,"data":"a","extra":{"data":"b"}}';
    expect(dataJson(parse(tricky), tricky, keep)).toBe('"a"');
    const secret = 'key sk-abcdefghijklmnopqrstuvwx';
    const withKey = `{"kind":"frame","t":1,"conn":"c1","seq":1,"dir":"send","binary":false,"size":9,"data":${JSON.stringify(secret)}}`;
    expect(dataJson(parse(withKey), withKey, maskSecrets)).toBe('"key [redacted]"');
  });
});
