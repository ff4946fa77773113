import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCaptureLine, type CaptureRecord, type FrameRecord } from '../../src/core/capture.ts';

/** Every complete line of a capture file, parsed; a trailing partial line (after a crash) is skipped. */
export function readCapture(file: string): CaptureRecord[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (!text.endsWith('\n')) lines.pop();
  return lines.filter((l) => l.length > 0).flatMap((l, i) => parseCaptureLine(l, i + 1) ?? []);
}

export function framesOf(records: CaptureRecord[], conn?: string): FrameRecord[] {
  return records.filter((r): r is FrameRecord => r.kind === 'frame' && (conn === undefined || r.conn === conn));
}

/** Writes records as a capture file in a fresh temporary folder; returns its path. */
export function writeCaptureFile(records: CaptureRecord[]): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-capture-')), 'capture.ndjson');
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}
