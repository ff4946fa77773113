import fs from 'node:fs';
import type { CaptureRecord } from '../../src/core/capture.ts';
import { InspectorError, type ErrorKind } from '../../src/core/errors.ts';
import { createInputReader, kindOfInput, type InputKind } from '../../src/core/inputReader.ts';
import { TOOL } from '../paths.ts';
import { timeSlicer } from './slices.ts';
import { decodeUtf8 } from './utf8.ts';

export type { InputKind };

export interface InputSummary {
  kind: InputKind;
  records: number;
  warnings: number;
}

/**
 * An input file that cannot be used, said in one line that names it: unreadable (UNREADABLE),
 * not a regular file (NOT_A_FILE), or refused by the reader (its code: NOT_A_CAPTURE,
 * UNKNOWN_VERSION, NOT_A_HAR, BAD_JSON, LINE_TOO_LONG...).
 */
export class InputFileError extends InspectorError {
  constructor(message: string, code: string, kind: ErrorKind = 'invalid') {
    super(message, code, kind);
  }
}

/**
 * Bytes per read. Lines are decoded one by one from the chunk, so its size only sets how often the
 * reader awaits: rarely for the CLI, and often enough for a reader on the relay's thread that the
 * work between two pauses stays about a slice long.
 */
const CHUNK = 1024 * 1024;
const SLICED_CHUNK = 48 * 1024;

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

const STAT_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * An input must be a regular file (a symbolic link to one is fine): captures and HARs are sniffed,
 * measured and re-read, and opening a FIFO blocks the whole process (signals included) until a
 * writer comes. Throws InputFileError, one clear line, for anything else.
 */
export function checkInputFile(file: string): fs.Stats {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    // Node's message repeats the path and leads with the errno name; the common ones in words.
    const reason = STAT_REASONS[code] ?? (err as Error).message;
    throw new InputFileError(`cannot read ${file}: ${reason}`, 'UNREADABLE', code === 'ENOENT' ? 'not_found' : 'invalid');
  }
  if (!st.isFile()) throw new InputFileError(`${file} is ${fileKind(st)}: give a capture (.ndjson) or HAR file`, 'NOT_A_FILE');
  return st;
}

/**
 * A capture (.ndjson), a HAR file or a timeline export, by the core reader's policy (kindOfInput)
 * on the first bytes, before anything is read whole. Checks it is a regular file.
 */
export function inputKind(file: string): InputKind {
  checkInputFile(file);
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      return kindOfInput(buf.toString('utf8', 0, n).trimStart(), file);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw new InputFileError(`cannot read ${file}: ${(err as Error).message}`, 'UNREADABLE');
  }
}

export interface ReadInputOptions {
  /**
   * For a reader that shares the relay's thread (a dashboard export): pause for the event loop
   * after this many ms of work, so agents' frames are forwarded meanwhile. Off by default: the CLI
   * has nothing else to do.
   */
  sliceMs?: number;
  /**
   * Offered each capture line's bytes (after the header) before it is decoded and parsed: false
   * leaves the line to `onRecord`; true means it was taken as a record; a promise means taken, and
   * reading waits for it like it waits for onRecord's.
   */
  rawLine?(bytes: Uint8Array, start: number, end: number): boolean | Promise<void>;
}

/**
 * Streams the records of FILE, in order, to `onRecord` (awaited only when it returns a promise, so
 * a writer can apply backpressure), through the one core reader (src/core/inputReader.ts): byte
 * chunks go in, each capture line is decoded straight from its chunk. Captures are never held
 * whole; a HAR or timeline export is one JSON document, converted when it ends. Skipped lines and
 * HAR oddities go to `onWarning`. A file that cannot be read, is not a capture or HAR, or has an
 * unknown version: InputFileError, one clear line.
 */
export async function readInput(
  file: string,
  onRecord: (rec: CaptureRecord, line?: string) => void | Promise<void>,
  onWarning: (message: string) => void = () => undefined,
  opts: ReadInputOptions = {},
): Promise<InputSummary> {
  const pause = opts.sliceMs === undefined ? () => undefined : timeSlicer(opts.sliceMs);
  checkInputFile(file);
  // Each record is handed on as soon as it is parsed, so it dies young (a record that outlives a
  // few allocations is promoted and grows the old generation); a consumer's backpressure (a write
  // that must wait for the disk) is honoured between chunks, which bounds what it buffers.
  let wait: Promise<void> | undefined;
  // A document's records all come at its end, at once: they are handed on afterwards, one at a
  // time, awaited and paused like a capture's.
  const documentRecords: CaptureRecord[] = [];
  const reader = createInputReader(
    {
      record: (r, line, text) => {
        if (line === 0) return void documentRecords.push(r);
        const p = onRecord(r, text);
        if (p) wait = p;
      },
      warning: (w) => onWarning(w.message),
      rawLine:
        opts.rawLine &&
        ((bytes, start, end) => {
          const r = opts.rawLine!(bytes, start, end);
          if (typeof r === 'boolean') return r;
          wait = r;
          return true;
        }),
    },
    { tool: TOOL, name: file, decode: decodeUtf8 },
  );
  const flush = async () => {
    if (!wait) return;
    const p = wait;
    wait = undefined;
    await p;
  };
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    // One buffer for every read: the reader keeps nothing of a chunk (lines are decoded, a partial
    // line copied), so reading allocates nothing per chunk.
    const buf = Buffer.allocUnsafe(opts.sliceMs === undefined ? CHUNK : SLICED_CHUNK);
    for (let pos = 0; ; ) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      reader.push(buf.subarray(0, bytesRead));
      await flush();
      const y = pause();
      if (y) await y;
    }
    reader.end();
    await flush();
  } catch (err) {
    if (err instanceof InspectorError) throw new InputFileError(`${file}: ${err.message}`, err.code, err.kind);
    // Only the input's own errors are "cannot read"; a consumer's (a closed output pipe) pass through.
    if ((err as NodeJS.ErrnoException).path === file || (err as NodeJS.ErrnoException).syscall === 'read')
      throw new InputFileError(`cannot read ${file}: ${(err as Error).message}`, 'UNREADABLE');
    throw err;
  } finally {
    await handle?.close();
  }
  for (const rec of documentRecords.splice(0)) {
    const p = onRecord(rec);
    if (p) await p;
    const y = pause();
    if (y) await y;
  }
  return { kind: reader.kind!, records: reader.records, warnings: reader.warnings };
}
