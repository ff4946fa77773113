import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../capture.ts';
import { createInputReader } from '../inputReader.ts';
import { CaptureBuilder, textTurnEvents } from '../testing/records.ts';
import { importTimeline } from './importTimeline.ts';
import { buildJsonExport } from './json.ts';

function sample(): CaptureRecord[] {
  const c = new CaptureBuilder({ maxAgeMs: 600_000 });
  c.open('c1').upstreamOpen('c1');
  c.send('c1', { type: 'response.create', model: 'gpt-5.5', input: [] });
  for (const ev of textTurnEvents('resp_1', 'hi ✓')) c.receive('c1', ev);
  c.close('c1');
  c.records.push({ kind: 'capture.end', t: c.t + 1, counts: { connections: 1, frames: 1 + textTurnEvents('resp_1', 'hi ✓').length, bytes: 0, dropped: 0 } });
  return c.records;
}

function readAll(text: string, size: number) {
  const records: CaptureRecord[] = [];
  const reader = createInputReader({ record: (r) => records.push(r) });
  for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
  reader.end();
  return { records, kind: reader.kind };
}

describe('the JSON timeline export read back', () => {
  it('opens as the records it was exported from, compact or pretty-printed, in chunks of any size', () => {
    const recs = sample();
    const exported = buildJsonExport(recs, { includeSecrets: true });
    const pretty = JSON.stringify(JSON.parse(exported), null, 2);
    for (const text of [exported, pretty]) {
      for (const size of [1, 7, 100_000]) {
        const got = readAll(text, size);
        expect(got.kind).toBe('timeline');
        // Same records, with the header rebuilt and `capture.end` recounted.
        expect(got.records.slice(1, -1)).toEqual(recs.slice(1, -1));
        expect(got.records[0]).toMatchObject({ kind: 'capture.start', t: recs[0].t, upstream: 'ws://127.0.0.1:9/v1/responses', maxAgeMs: 600_000 });
        expect(got.records.at(-1)).toMatchObject({ kind: 'capture.end' });
        // Exporting what was read gives the same turns again.
        expect(JSON.parse(buildJsonExport(got.records, { includeSecrets: true })).turns).toEqual(JSON.parse(exported).turns);
      }
    }
  });

  it('refuses another format or an unknown version with a clear message', () => {
    expect(() => importTimeline({ format: 'something-else', events: [] })).toThrow(/not a Responses Inspector timeline export/);
    expect(() => importTimeline({ format: 'responses-inspector.timeline', version: 9, events: [] })).toThrow(/version 9 is not supported/);
  });
});
