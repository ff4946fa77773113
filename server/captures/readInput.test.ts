import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../src/core/capture.ts';
import { CaptureBuilder } from '../../src/core/testing/records.ts';
import { writeCaptureFile } from '../testing/captureFile.ts';
import { readInput } from './readInput.ts';

describe('readInput', () => {
  it('reads every record of a capture whose lines span many read chunks, with multi-byte text across chunk edges', async () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    // A 3 MB line (dozens of chunks), lines of every length around a chunk, and é / 漢 / 🎉 everywhere.
    c.send('c1', { type: 'response.create', input: 'é漢🎉'.repeat(300_000) });
    for (let n = 40_000; n < 60_000; n += 997) c.receive('c1', { type: 'response.output_text.delta', delta: `${'x'.repeat(n)}é🎉` });
    c.close('c1');
    const file = writeCaptureFile(c.records);
    appendFileSync(file, '{"kind":"frame","t":1,"conn":"c1","se'); // a crash mid-line
    const got: CaptureRecord[] = [];
    const warnings: string[] = [];
    const summary = await readInput(
      file,
      (r) => void got.push(r),
      (w) => warnings.push(w),
    );
    expect(got).toEqual(c.records);
    expect(summary).toMatchObject({ kind: 'capture', records: c.records.length });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/truncated|incomplete|last line/i);
  });
});
