/**
 * The one place capture input is cut into lines, for text chunks (a fetch body decoded with a
 * streaming TextDecoder, a Node stream with an encoding) and for UTF-8 byte chunks (a file read in
 * Node, a dropped file's stream). Chunks may be cut anywhere; only the partial last line is held
 * between them, so MAX_LINE_CHARS is what bounds the memory of every reader built on it
 * (a longer line throws CaptureFormatError LINE_TOO_LONG).
 *
 * Byte chunks are decoded one line at a time, straight from the chunk: a newline byte never occurs
 * inside a multi-byte UTF-8 sequence, so a line's bytes always decode whole, and no chunk-sized
 * string is built and sliced again. Nothing of a byte chunk is kept once `push` returns (a partial
 * line is copied), so a caller may read the next chunk into the same buffer.
 */
import { CaptureFormatError, lineTooLongMessage, MAX_LINE_CHARS } from './capture.ts';
import { utf8Decode } from './export/bytes.ts';

/**
 * Decodes bytes[start, end) as UTF-8. Node passes Buffer#toString, a browser a TextDecoder's decode;
 * the default is the portable one of export/bytes.ts (src/core has neither DOM nor Node types).
 */
export type LineDecoder = (bytes: Uint8Array, start: number, end: number) => string;

export const portableDecode: LineDecoder = (bytes, start, end) => utf8Decode(bytes.subarray(start, end));

/** bytes[start..] in memory of its own (a Node Buffer's `slice` would be a view). */
function copyOf(bytes: Uint8Array, start: number): Uint8Array {
  const out = new Uint8Array(bytes.length - start);
  out.set(bytes.subarray(start));
  return out;
}

export interface LineCutterOptions {
  maxLineChars?: number;
  decode?: LineDecoder;
  /**
   * Byte chunks only: offered each complete line's bytes [start, end) (no newline) before it is
   * decoded; returning true takes the line (it counts, and is neither decoded nor passed to
   * `onLine`). Lines over the length bound never reach it.
   */
  onBytes?(bytes: Uint8Array, start: number, end: number, line: number): boolean;
}

export interface LineCutter {
  /** Cuts the next chunk; each complete line goes to `onLine` (without its '\n'). Give one reader text or bytes, not both. */
  push(chunk: string | Uint8Array): void;
  /** The input ended: a last line without its newline goes to `onLine` with `last` set. */
  end(): void;
  /** Complete lines so far (blank ones included): the next line's number is `lines + 1`. */
  readonly lines: number;
}

/**
 * `onLine(text, line, last)`: `line` is 1-based; blank lines are passed on (the caller decides);
 * `last` marks a final line that had no newline.
 */
export function createLineCutter(onLine: (text: string, line: number, last: boolean) => void, opts: LineCutterOptions = {}): LineCutter {
  const max = opts.maxLineChars ?? MAX_LINE_CHARS;
  const decode = opts.decode ?? portableDecode;
  const onBytes = opts.onBytes;
  let lineNo = 0;
  let partialText = '';
  // A line that continues over several byte chunks, kept as pieces and joined once its end arrives
  // (joining on every chunk made a line of many chunks quadratic).
  const carry: Uint8Array[] = [];
  let carried = 0;

  function tooLong(): never {
    partialText = '';
    carry.length = 0;
    carried = 0;
    throw new CaptureFormatError(lineTooLongMessage(lineNo + 1, max), lineNo + 1, 'LINE_TOO_LONG');
  }

  function emit(text: string, last: boolean): void {
    if (text.length > max) tooLong();
    onLine(text, ++lineNo, last);
  }

  /** A complete line's bytes: offered to onBytes, else decoded. */
  function emitBytes(bytes: Uint8Array, start: number, end: number): void {
    if (onBytes !== undefined && end - start <= max && onBytes(bytes, start, end, lineNo + 1)) lineNo++;
    else emit(decode(bytes, start, end), false);
  }

  function joinCarry(tail: Uint8Array | null): Uint8Array {
    const all = new Uint8Array(carried + (tail?.length ?? 0));
    let at = 0;
    for (const piece of carry) {
      all.set(piece, at);
      at += piece.length;
    }
    if (tail) all.set(tail, at);
    carry.length = 0;
    carried = 0;
    return all;
  }

  function pushText(chunk: string): void {
    let nl = chunk.indexOf('\n');
    if (nl === -1) {
      if (partialText.length + chunk.length > max) tooLong();
      partialText += chunk;
      return;
    }
    // The first line of this chunk completes the carried partial line.
    if (partialText.length + nl > max) tooLong();
    const first = partialText + chunk.slice(0, nl);
    partialText = '';
    emit(first, false);
    let start = nl + 1;
    while ((nl = chunk.indexOf('\n', start)) !== -1) {
      emit(chunk.slice(start, nl), false);
      start = nl + 1;
    }
    if (chunk.length - start > max) tooLong();
    partialText = chunk.slice(start);
  }

  function pushBytes(chunk: Uint8Array): void {
    let nl = chunk.indexOf(0x0a);
    if (nl === -1) {
      // A held line is refused on its bytes, before it is decoded: holding more is what the bound prevents.
      if (carried + chunk.length > max) tooLong();
      carry.push(copyOf(chunk, 0));
      carried += chunk.length;
      return;
    }
    let start = 0;
    if (carried > 0) {
      if (carried + nl > max) tooLong();
      const line = joinCarry(chunk.subarray(0, nl));
      emitBytes(line, 0, line.length);
      start = nl + 1;
      nl = chunk.indexOf(0x0a, start);
    }
    while (nl !== -1) {
      emitBytes(chunk, start, nl);
      start = nl + 1;
      nl = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) {
      if (chunk.length - start > max) tooLong();
      carry.push(copyOf(chunk, start));
      carried = chunk.length - start;
    }
  }

  return {
    push(chunk) {
      if (typeof chunk === 'string') pushText(chunk);
      else pushBytes(chunk);
    },
    end() {
      if (partialText.length > 0) {
        const text = partialText;
        partialText = '';
        emit(text, true);
      } else if (carried > 0) {
        const line = joinCarry(null);
        emit(decode(line, 0, line.length), true);
      }
    },
    get lines() {
      return lineNo;
    },
  };
}

export interface LineSplitter {
  push(text: string | Uint8Array): string[];
  end(): string[];
}

/**
 * The lines of each chunk as an array, blank ones dropped; a final line without its newline comes
 * out of `end()`. A convenience over createLineCutter for callers that batch lines.
 */
export function createLineSplitter(maxLineChars = MAX_LINE_CHARS): LineSplitter {
  let out: string[] = [];
  const cutter = createLineCutter((text) => void (text.length > 0 && out.push(text)), { maxLineChars });
  const take = () => {
    const lines = out;
    out = [];
    return lines;
  };
  return {
    push(text) {
      cutter.push(text);
      return take();
    },
    end() {
      cutter.end();
      return take();
    },
  };
}
