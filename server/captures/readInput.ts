import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { CaptureFormatError, type CaptureRecord } from '../../src/core/capture.ts';
import { createCaptureReader } from '../../src/core/captureReader.ts';
import { TimelineFormatError } from '../../src/core/export/importTimeline.ts';
import { HarFormatError } from '../../src/core/har/importHar.ts';
import { importDocument, kindOfHead, type InputKind } from '../../src/core/inputReader.ts';
import { UsageError } from '../cliFlags.ts';
import { TOOL } from '../paths.ts';

export type { InputKind };

export interface InputSummary {
  kind: InputKind;
  records: number;
  warnings: number;
}

/**
 * Bytes per read. Small enough that the string decoded from a chunk stays under V8's large-object
 * size (128 KiB): such strings are bump-allocated in the young generation, where decoding runs at
 * ~2.3 GB/s here; a 512 KiB chunk's string went to large-object space at ~0.2 GB/s, which was 1.7 s
 * of a 9 s export of 342 MB.
 */
const CHUNK = 48 * 1024;

/** A capture (.ndjson), a HAR file or a timeline export? A .har by name, the rest by the first bytes. */
export function inputKind(file: string): InputKind {
  if (path.extname(file).toLowerCase() === '.har') return 'har';
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return kindOfHead(buf.subarray(0, n).toString('utf8').trimStart());
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Streams the records of FILE, in order, to `onRecord` (awaited only when it returns a promise, so
 * a writer can apply backpressure). Captures are read in chunks and never held whole; a HAR is one
 * JSON document, parsed whole, then converted. Skipped lines and HAR oddities go to `onWarning`.
 * A file that cannot be read, is not a capture or HAR, or has an unknown version: UsageError
 * with one clear line (exit code 2).
 */
export async function readInput(
  file: string,
  onRecord: (rec: CaptureRecord, line?: string) => void | Promise<void>,
  onWarning: (message: string) => void = () => undefined,
): Promise<InputSummary> {
  let kind: InputKind;
  try {
    kind = inputKind(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (kind !== 'capture') {
    let records: CaptureRecord[];
    let warnings: string[];
    try {
      ({ records, warnings } = importDocument(kind, JSON.parse(fs.readFileSync(file, 'utf8')), { tool: TOOL }));
    } catch (err) {
      if (err instanceof HarFormatError || err instanceof TimelineFormatError || err instanceof SyntaxError) throw new UsageError(`${file}: ${err instanceof SyntaxError ? `not valid JSON (${err.message})` : err.message}`);
      throw err;
    }
    for (const w of warnings) onWarning(w);
    for (const rec of records) {
      const p = onRecord(rec);
      if (p) await p;
    }
    return { kind, records: records.length, warnings: warnings.length };
  }

  // Each record is handed on as soon as it is parsed, so it dies young (a record that outlives a
  // few allocations is promoted and grows the old generation); a consumer's backpressure (a write
  // that must wait for the disk) is honoured between chunks, which bounds what it buffers.
  let wait: Promise<void> | undefined;
  const reader = createCaptureReader({
    record: (r, _n, text) => {
      const p = onRecord(r, text);
      if (p) wait = p;
    },
    warning: (w) => onWarning(w.message),
  });
  const flush = async () => {
    if (!wait) return;
    const p = wait;
    wait = undefined;
    await p;
  };
  try {
    // Bytes are decoded up to the last newline of each chunk, so a UTF-8 character is never split
    // (a newline byte never occurs inside a multi-byte sequence); the tail waits for the next chunk.
    const stream = fs.createReadStream(file, { highWaterMark: CHUNK });
    // The start of a line that continues in later chunks, kept as pieces and joined once its end
    // arrives: joining on every chunk made a line of many chunks (a 100 MB frame) quadratic.
    const carry: Buffer[] = [];
    for await (const raw of stream) {
      const buf = raw as Buffer;
      const nl = buf.lastIndexOf(0x0a);
      if (nl === -1) {
        carry.push(buf);
        continue;
      }
      let whole = buf.subarray(0, nl + 1);
      if (carry.length) {
        whole = Buffer.concat([...carry, whole]);
        carry.length = 0;
      }
      if (nl + 1 < buf.length) carry.push(buf.subarray(nl + 1));
      // Pure ASCII (most captures) decodes faster as latin1, to the same string.
      reader.push(isAscii(whole) ? whole.toString('latin1') : whole.toString('utf8'));
      await flush();
    }
    if (carry.length) reader.push(Buffer.concat(carry).toString('utf8'));
    reader.end();
    await flush();
  } catch (err) {
    if (err instanceof CaptureFormatError) throw new UsageError(`${file}: ${err.message}`);
    // Only the input's own errors are "cannot read"; a consumer's (a closed output pipe) pass through.
    if ((err as NodeJS.ErrnoException).path === file) throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    throw err;
  }
  return { kind, records: reader.records, warnings: reader.warnings.length };
}
