import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { CaptureFormatError, lineTooLongMessage, MAX_LINE_CHARS, type CaptureRecord } from '../../src/core/capture.ts';
import { createCaptureReader } from '../../src/core/captureReader.ts';
import { TimelineFormatError } from '../../src/core/export/importTimeline.ts';
import { HarFormatError, harTooLargeMessage, MAX_HAR_CHARS, parseHarText } from '../../src/core/har/importHar.ts';
import { importDocument, kindOfHead, type InputKind } from '../../src/core/inputReader.ts';
import { UsageError } from '../cliFlags.ts';
import { TOOL } from '../paths.ts';
import { timeSlicer } from './slices.ts';

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

/** What a non-regular file is, in words for a message (lstat results name symbolic links too). */
export function fileKind(st: fs.Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * An input must be a regular file (a symbolic link to one is fine): captures and HARs are sniffed,
 * measured and re-read, and opening a FIFO blocks the whole process (signals included) until a
 * writer comes. Throws UsageError, one clear line, for anything else.
 */
export function checkInputFile(file: string): fs.Stats {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (!st.isFile()) throw new UsageError(`${file} is ${fileKind(st)}: give a capture (.ndjson) or HAR file`);
  return st;
}

/** A capture (.ndjson), a HAR file or a timeline export? A .har by name, the rest by the first bytes. Checks it is a regular file. */
export function inputKind(file: string): InputKind {
  checkInputFile(file);
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

export interface ReadInputOptions {
  /**
   * For a reader that shares the relay's thread (a dashboard export): pause for the event loop
   * after this many ms of work, so agents' frames are forwarded meanwhile. Off by default: the CLI
   * has nothing else to do.
   */
  sliceMs?: number;
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
  opts: ReadInputOptions = {},
): Promise<InputSummary> {
  const pause = opts.sliceMs === undefined ? () => undefined : timeSlicer(opts.sliceMs);
  let kind: InputKind;
  try {
    kind = inputKind(file);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (kind !== 'capture') {
    let records: CaptureRecord[];
    let warnings: string[];
    try {
      // Bytes bound the characters (a UTF-8 byte is at most one UTF-16 unit).
      if (fs.statSync(file).size > MAX_HAR_CHARS) throw new HarFormatError(harTooLargeMessage());
      ({ records, warnings } = importDocument(kind, parseHarText(fs.readFileSync(file, 'utf8')), { tool: TOOL }));
    } catch (err) {
      if (err instanceof HarFormatError || err instanceof TimelineFormatError || err instanceof SyntaxError) throw new UsageError(`${file}: ${err instanceof SyntaxError ? `not valid JSON (${err.message})` : (err as Error).message}`);
      throw err;
    }
    for (const w of warnings) onWarning(w);
    for (const rec of records) {
      const p = onRecord(rec);
      if (p) await p;
      const y = pause();
      if (y) await y;
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
    let carried = 0;
    for await (const raw of stream) {
      const buf = raw as Buffer;
      const nl = buf.lastIndexOf(0x0a);
      if (nl === -1) {
        carry.push(buf);
        // The line is held until its end: past the limit, said before it is decoded, let alone parsed.
        carried += buf.length;
        if (carried > MAX_LINE_CHARS) throw new CaptureFormatError(lineTooLongMessage(reader.lines + 1), reader.lines + 1, 'LINE_TOO_LONG');
        continue;
      }
      let whole = buf.subarray(0, nl + 1);
      if (carry.length) {
        whole = Buffer.concat([...carry, whole]);
        carry.length = 0;
      }
      carried = buf.length - nl - 1;
      if (carried > 0) carry.push(buf.subarray(nl + 1));
      // Pure ASCII (most captures) decodes faster as latin1, to the same string.
      reader.push(isAscii(whole) ? whole.toString('latin1') : whole.toString('utf8'));
      await flush();
      const y = pause();
      if (y) await y;
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
