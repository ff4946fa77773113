/**
 * A streaming, tolerant capture reader shared by the CLI (Node streams) and the dashboard (fetch
 * bodies, dropped files). It takes text chunks of any size, cut anywhere, and hands out records
 * in file order without ever holding more than one partial line.
 *
 * What it tolerates, and how ("Bad input: nothing crashes"):
 * - a truncated last line (the relay or the machine died mid-write): skipped, with a warning;
 * - a corrupt line anywhere else: skipped, with a warning naming its 1-based line number, and the
 *   rest still loads;
 * - records of kinds it does not know: ignored (capture format v1 rule);
 * - CRLF line ends, blank lines, and a UTF-8 byte order mark before the first line (editors add one).
 * What it refuses (throws CaptureFormatError, one clear line): a first record that is not a
 * `capture.start` of this format and a version it does not know (nothing is guessed there, because
 * a reader that guesses a format misreports evidence), and a line longer than MAX_LINE_CHARS (it
 * holds one line whole, so that bound is what bounds its memory).
 *
 * Chunks are text (decoded with a streaming decoder, so a character split across two byte chunks
 * is never corrupted) or UTF-8 bytes, which are decoded one line at a time straight from the chunk
 * (the faster path: lineSplitter.ts). The line cutting itself is createLineCutter's.
 */

import { CaptureFormatError, MAX_LINE_CHARS, parseCaptureLine, type CaptureRecord } from './capture.ts';
import { createLineCutter, type LineDecoder } from './lineSplitter.ts';

export interface CaptureReadWarning {
  /** 1-based line number in the file. */
  line: number;
  code: 'TRUNCATED_LAST_LINE' | 'BAD_LINE';
  message: string;
}

/**
 * How a cut last line is worded everywhere it is reported (the CLI's stderr, a file opened in the
 * dashboard, the feed of `open FILE`, an indexed capture): what happened, then what was done, as a
 * corrupt line's `…; line skipped`.
 */
export function truncatedLastLine(line: number): string {
  return `line ${line}: incomplete last line, the capture ended mid-record; line skipped`;
}

export interface CaptureReaderHandlers {
  /**
   * One valid record, in file order; `line` is its 1-based line number and `text` the line as read
   * (exporters reuse its already escaped payload; do not keep it, it may pin the whole chunk).
   */
  record(rec: CaptureRecord, line: number, text: string): void;
  /** A skipped line. */
  warning?(warning: CaptureReadWarning): void;
  /**
   * Byte input only, after the header: each line's bytes, offered before the line is decoded and
   * parsed. Returning true means the handler took the line as one valid record (it is counted;
   * `record` is not called for it); false leaves it to the usual path.
   */
  rawLine?(bytes: Uint8Array, start: number, end: number, line: number): boolean;
}

export interface CaptureReader {
  /** Feeds the next piece of text or UTF-8 bytes (one kind per reader). Throws CaptureFormatError for a file it refuses. */
  push(chunk: string | Uint8Array): void;
  /** The input ended: handles the last line (kept if it parses, else skipped with a warning). */
  end(): void;
  /** Lines seen so far (complete ones). */
  readonly lines: number;
  /** Records handed out so far. */
  readonly records: number;
  readonly warnings: readonly CaptureReadWarning[];
}

/** At most this many warnings are kept in `warnings` (all are still passed to the handler). */
export const MAX_KEPT_WARNINGS = 100;

export function createCaptureReader(handlers: CaptureReaderHandlers, maxLineChars = MAX_LINE_CHARS, decode?: LineDecoder): CaptureReader {
  let records = 0;
  let sawHeader = false;
  const warnings: CaptureReadWarning[] = [];

  function warn(w: CaptureReadWarning): void {
    if (warnings.length < MAX_KEPT_WARNINGS) warnings.push(w);
    handlers.warning?.(w);
  }

  function handle(text: string, line: number, last: boolean): void {
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (text.length === 0) return;
    let rec: CaptureRecord | null;
    try {
      rec = parseCaptureLine(text, line);
      if (rec) checkShape(rec, line);
    } catch (err) {
      if (!(err instanceof CaptureFormatError)) throw err;
      // A header that names another format or version is refused, never skipped.
      if (err.code !== 'BAD_LINE') throw err;
      if (!sawHeader) {
        throw new CaptureFormatError(
          `line ${line}: not a Responses Inspector capture (the first line must be a capture.start record): ${err.message.replace(/^line \d+: /, '')}`,
          line,
          'NOT_A_CAPTURE',
        );
      }
      if (last) warn({ line, code: 'TRUNCATED_LAST_LINE', message: truncatedLastLine(line) });
      else warn({ line, code: 'BAD_LINE', message: `${err.message}; line skipped` });
      return;
    }
    if (!sawHeader) {
      if (rec?.kind !== 'capture.start') {
        throw new CaptureFormatError(`line ${line}: not a Responses Inspector capture (the first line must be a capture.start record)`, line, 'NOT_A_CAPTURE');
      }
      sawHeader = true;
    }
    if (!rec) return;
    records++;
    handlers.record(rec, line, text);
  }

  const rawLine = handlers.rawLine;
  const onBytes =
    rawLine &&
    ((bytes: Uint8Array, start: number, end: number, line: number) => {
      if (!sawHeader || !rawLine(bytes, start, end, line)) return false;
      records++;
      return true;
    });
  const cutter = createLineCutter(handle, { maxLineChars, decode, onBytes });

  return {
    push: cutter.push,
    end() {
      cutter.end();
      if (!sawHeader) throw new CaptureFormatError('the file is empty: not a Responses Inspector capture', 0, 'NOT_A_CAPTURE');
    },
    get lines() {
      return cutter.lines;
    },
    get records() {
      return records;
    },
    warnings,
  };
}

/**
 * The fields every consumer (turn model, exporters, replay) reads without checking again. A record
 * that lacks them is corrupt, reported like an unparsable line.
 */
function checkShape(rec: CaptureRecord, line: number): void {
  let bad: string | undefined;
  switch (rec.kind) {
    case 'frame':
      if (typeof rec.conn !== 'string') bad = 'a frame needs a string "conn"';
      else if (typeof rec.seq !== 'number') bad = 'a frame needs a number "seq"';
      else if (rec.dir !== 'send' && rec.dir !== 'receive') bad = 'a frame needs "dir" send or receive';
      else if (typeof rec.data !== 'string') bad = 'a frame needs a string "data"';
      else if (typeof rec.size !== 'number') bad = 'a frame needs a number "size"';
      break;
    case 'conn.open':
    case 'conn.upstream_open':
    case 'conn.close':
    case 'conn.error':
      if (typeof rec.conn !== 'string') bad = `a ${rec.kind} record needs a string "conn"`;
      break;
  }
  if (bad) throw new CaptureFormatError(`line ${line}: ${bad}`, line, 'BAD_LINE');
}

/** Reads a whole capture held in one string (tests, small files, the UI's dropped file). */
export function readCaptureText(text: string, onWarning?: (w: CaptureReadWarning) => void): { records: CaptureRecord[]; warnings: readonly CaptureReadWarning[] } {
  const records: CaptureRecord[] = [];
  const reader = createCaptureReader({ record: (r) => records.push(r), warning: onWarning });
  reader.push(text);
  reader.end();
  return { records, warnings: reader.warnings };
}
