import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCaptureReader } from '../../src/core/captureReader.ts';
import { createJsonExporter } from '../../src/core/export/json.ts';
import { maskRecord } from '../../src/core/redact.ts';
import { CaptureBuilder, textTurnEvents } from '../../src/core/testing/records.ts';
import { TOOL } from '../paths.ts';
import { frameLine } from '../tee/lines.ts';
import { exportFile } from './exportFile.ts';
import { writeHarStream } from './harWriter.ts';
import { TextSink } from './textSink.ts';

/**
 * A capture mixing what the relay writes (frame lines in its layout, clocks with 17 digits) with
 * what other writers and damaged files hold: other key orders, extension fields, escapes the relay
 * never writes, invalid UTF-8, secrets, binary frames, a corrupt line, CRLF.
 */
function mixedCapture(): Buffer {
  const b = new CaptureBuilder({ t0: 1733577600123.4568 }).open('c1').upstreamOpen('c1', 80);
  const lines: (string | Buffer)[] = b.records.map((r) => JSON.stringify(r));
  let seq = 0;
  let t = 1733577600200.1235;
  const relay = (dir: 'send' | 'receive', payload: string | object, binary = false) =>
    lines.push(frameLine('c1', ++seq, dir, (t += 0.731), Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)), binary));
  relay('send', { type: 'response.create', model: 'gpt-5.5', input: 'my key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789 ok' });
  for (const ev of textTurnEvents('resp_1', 'quote " back \\ tab \t é 😀 \u2028 Bearer abcdefghijklmnopqrstuvwxyz0123')) relay('receive', ev);
  relay('receive', Buffer.from([0, 1, 2, 250]).toString('latin1'), true);
  relay('receive', 'not json');
  const other = (rest: string) => lines.push(`{"kind":"frame","t":${(t += 1)},"conn":"c1","seq":${++seq}${rest}`);
  other(',"data":"{\\"type\\":\\"response.create\\"}","dir":"send","binary":false,"size":26}');
  other(',"dir":"send","binary":false,"size":2,"data":"a","data":"{\\"type\\":\\"response.create\\",\\"model\\":\\"m\\"}"}');
  other(',"dir":"receive","binary":false,"size":2,"data":"{\\"type\\":\\"response.output_text.delta\\",\\"delta\\":\\"a\\/b \\u00e9\\"}"}');
  other(',"dir":"receive","binary":false,"size":2,"injected":true,"data":"{\\"type\\":\\"error\\"}"}');
  other(',"dir":"receive","binary":false,"size":2,"data":"{}"}\r');
  other(',"dir":"receive","binary":false,"size":2,"data":"{\\"type\\":\\"response.output_text.delta\\",\\"delta\\":\\"x');
  const invalid = Buffer.from(`{"kind":"frame","t":${(t += 1)},"conn":"c1","seq":${++seq},"dir":"receive","binary":false,"size":2,"data":"{\\"delta\\":\\"ab\\"}"}`);
  invalid[invalid.indexOf('ab')] = 0xff;
  lines.push(invalid);
  relay('receive', { type: 'response.completed', response: { id: 'resp_1', usage: { input_tokens: 3, output_tokens: 5 } } });
  lines.push(JSON.stringify({ kind: 'conn.close', t: (t += 1), conn: 'c1', side: 'client', code: 1000, reason: '' }));
  return Buffer.concat(lines.flatMap((l) => [Buffer.from(l), Buffer.from('\n')]));
}

/** The export as built from parsed records and their line text (the path for lines not in the relay's layout). */
function fromParsedLines(bytes: Buffer, opts: { includeSecrets?: boolean; source: string }): string {
  let warnings = 0;
  const parts: string[] = [];
  const exporter = createJsonExporter({ ...opts, tool: TOOL, warnings: () => warnings }, (text) => void parts.push(text));
  const reader = createCaptureReader({ record: (rec, _line, text) => exporter.add(maskRecord(rec), text), warning: () => warnings++ });
  reader.push(bytes.toString('utf8'));
  reader.end();
  parts.push(...exporter.finish());
  return parts.join('');
}

async function exportBytes(file: string, includeSecrets: boolean, chunk?: number, format: 'json' | 'har' = 'json'): Promise<Buffer> {
  const out = path.join(path.dirname(file), `out-${includeSecrets}-${chunk}.${format}`);
  const sink = new TextSink(out, chunk);
  await exportFile(file, sink, { format, includeSecrets });
  await sink.close();
  return readFileSync(out);
}

/** The HAR as the streaming writer builds it from parsed records and their line text. */
async function harFromParsedLines(bytes: Buffer, includeSecrets: boolean, out: string): Promise<Buffer> {
  const sink = new TextSink(out);
  await writeHarStream(
    async (each) => {
      const reader = createCaptureReader({ record: (rec, _line, text) => void each(maskRecord(rec), text) });
      reader.push(bytes.toString('utf8'));
      reader.end();
    },
    sink,
    { includeSecrets, tool: TOOL },
  );
  await sink.close();
  return readFileSync(out);
}

describe('exportFile: frame lines read from their bytes', () => {
  it('writes exactly the bytes the parsed records give, masked or not, whatever the layout of each line', async () => {
    const bytes = mixedCapture();
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-xf-')), 'mixed.ndjson');
    writeFileSync(file, bytes);
    for (const includeSecrets of [false, true]) {
      const want = Buffer.from(fromParsedLines(bytes, { includeSecrets, source: 'mixed.ndjson' }));
      // A small output batch too: payloads that do not fit the batch left go to a fresh one.
      for (const chunk of [undefined, 64]) expect((await exportBytes(file, includeSecrets, chunk)).equals(want)).toBe(true);
    }
    const masked = JSON.parse((await exportBytes(file, false)).toString('utf8')) as { events: { data?: string }[]; counts: { warnings: number } };
    expect(JSON.stringify(masked)).not.toContain('sk-proj-');
    expect(JSON.stringify(masked)).not.toContain('Bearer abc');
    // The line cut short mid-capture: skipped and counted, as before.
    expect(masked.counts.warnings).toBe(1);
  });

  it('writes the same HAR as from the parsed records, masked or not', async () => {
    const bytes = mixedCapture();
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-xf-')), 'mixed.ndjson');
    writeFileSync(file, bytes);
    for (const includeSecrets of [false, true]) {
      const want = await harFromParsedLines(bytes, includeSecrets, `${file}.want-${includeSecrets}.har`);
      expect((await exportBytes(file, includeSecrets, undefined, 'har')).equals(want)).toBe(true);
    }
    expect(readFileSync(`${file}.want-false.har`, 'utf8')).not.toContain('sk-proj-');
  });
});
