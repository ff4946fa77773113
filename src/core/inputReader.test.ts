import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from './capture.ts';
import { buildHar } from './export/har.ts';
import { buildJsonExport } from './export/json.ts';
import { HarFormatError } from './har/importHar.ts';
import { createInputReader, kindOfInput, readInputText } from './inputReader.ts';
import { CaptureBuilder, textTurnEvents } from './testing/records.ts';

function sample(): CaptureRecord[] {
  const c = new CaptureBuilder();
  c.open('c1').upstreamOpen('c1');
  c.send('c1', { type: 'response.create', model: 'gpt-5.5', input: [] });
  for (const ev of textTurnEvents('resp_1', 'hi ✓')) c.receive('c1', ev);
  c.close('c1');
  return c.records;
}

function read(text: string, size: number) {
  const records: CaptureRecord[] = [];
  const warnings: string[] = [];
  const reader = createInputReader({ record: (r) => records.push(r), warning: (w) => warnings.push(w.message) });
  for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
  reader.end();
  return { records, warnings, kind: reader.kind };
}

describe('createInputReader', () => {
  it('streams a capture and converts a HAR, told apart from their first characters, in chunks of any size', () => {
    const recs = sample();
    const ndjson = recs.map((r) => JSON.stringify(r) + '\n').join('');
    const har = buildHar(recs, { includeSecrets: true });
    for (const size of [1, 5, 1000]) {
      const a = read(ndjson, size);
      expect(a.kind).toBe('capture');
      expect(a.records).toEqual(recs);
      const b = read('\n  ' + har, size);
      expect(b.kind).toBe('har');
      const frames = (rs: CaptureRecord[]) => rs.filter((r) => r.kind === 'frame').map((r) => r.kind === 'frame' && r.data);
      expect(frames(b.records)).toEqual(frames(recs));
    }
  });

  it('refuses what is neither', () => {
    expect(() => read('{"hello":1}\n', 3)).toThrow(/not a Responses Inspector capture/);
    expect(() => read('{"log":{}}', 3)).toThrow(/not a HAR file/);
  });

  it('reads a HAR and a capture that start with a UTF-8 byte order mark', () => {
    const recs = sample();
    const ndjson = recs.map((r) => JSON.stringify(r) + '\n').join('');
    expect(read('\uFEFF' + ndjson, 7).records).toEqual(recs);
    const har = read('\uFEFF' + buildHar(recs, { includeSecrets: true }), 7);
    expect(har.kind).toBe('har');
    expect(har.records.filter((r) => r.kind === 'frame')).toHaveLength(recs.filter((r) => r.kind === 'frame').length);
  });

  it('reads UTF-8 bytes as it reads text, each kind told apart the same way, in chunks of any size', () => {
    const recs = sample();
    const enc = (s: string) => Uint8Array.from(unescape(encodeURIComponent(s)), (c) => c.charCodeAt(0));
    const inputs = { capture: '\uFEFF' + recs.map((r) => JSON.stringify(r) + '\n').join(''), har: '\n  ' + buildHar(recs, { includeSecrets: true }) };
    for (const [kind, text] of Object.entries(inputs)) {
      const fromText = read(text, 1000);
      const bytes = enc(text);
      for (const size of [1, 7, 4096]) {
        const records: CaptureRecord[] = [];
        const reader = createInputReader({ record: (r) => records.push(r) });
        for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
        reader.end();
        expect(reader.kind).toBe(kind);
        expect(records).toEqual(fromText.records);
        expect(reader.records).toBe(records.length);
      }
    }
  });

  it('keeps nothing of a chunk: a caller that reuses one buffer for every read gets the same records', () => {
    const recs = sample();
    const enc = (s: string) => Uint8Array.from(unescape(encodeURIComponent(s)), (c) => c.charCodeAt(0));
    const inputs = { capture: recs.map((r) => JSON.stringify(r) + '\n').join(''), har: buildHar(recs, { includeSecrets: true }), timeline: buildJsonExport(recs) };
    for (const [kind, text] of Object.entries(inputs)) {
      const want = read(text, 1000).records;
      const bytes = enc(text);
      for (const size of [3, 64, 1000]) {
        const buf = new Uint8Array(size);
        const records: CaptureRecord[] = [];
        const reader = createInputReader({ record: (r) => records.push(r) });
        for (let i = 0; i < bytes.length; i += size) {
          const n = Math.min(size, bytes.length - i);
          buf.set(bytes.subarray(i, i + n));
          reader.push(buf.subarray(0, n));
          buf.fill(0x20);
        }
        reader.end();
        expect(reader.kind, `${kind} in chunks of ${size}`).toBe(kind);
        expect(records, `${kind} in chunks of ${size}`).toEqual(want);
      }
    }
  });

  it('takes a .har by its name, and says a broken document is not valid JSON with a stable code', () => {
    expect(kindOfInput('{"kind":"capture.start"', 'x.HAR')).toBe('har');
    expect(kindOfInput('{"kind":"capture.start"', 'x.ndjson')).toBe('capture');
    let err: unknown;
    try {
      readInputText('{"log":{"entries":[', { name: 'cut.har' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HarFormatError);
    expect((err as HarFormatError).code).toBe('BAD_JSON');
    expect((err as Error).message).toMatch(/^not valid JSON \(/);
  });
});
