import fs from 'node:fs';
import { MAX_LINE_CHARS } from '../../src/core/capture.ts';

/** Random access to a capture's bytes: a file on disk or a buffer in memory. */
export interface ByteStore {
  /** Up to `length` bytes from `pos` (fewer only at the end). */
  read(pos: number, length: number): Promise<Buffer> | Buffer;
}

/** Past the asked window, a long line is read on in pieces at least this large. */
const EXTEND_BYTES = 1 << 20;

/**
 * The one "whole lines from a byte offset": about `maxBytes` of `store` from `start`, cut after the
 * last newline in that window, so lines are never split across reads. A line longer than the window
 * is read on to its end, in pieces joined once (joining on every piece is quadratic), never past the
 * longest line a reader takes (null then: such bytes are not a capture any reader could load, and
 * holding them would only grow the process). At `length`, the last line is handed over as it is:
 * a file cut mid-write may lack the final newline. Serves FileSource, BufferSource and the relay's
 * CaptureLog alike.
 */
export async function readLines(store: ByteStore, length: number, start: number, maxBytes: number, maxLine = MAX_LINE_CHARS): Promise<Buffer | null> {
  if (start >= length) return Buffer.alloc(0);
  const first = await store.read(start, Math.min(length, start + maxBytes) - start);
  if (start + first.length >= length) return first;
  const cut = first.lastIndexOf(0x0a);
  if (cut !== -1) return first.subarray(0, cut + 1);
  const parts = [first];
  let got = first.length;
  for (;;) {
    const piece = await store.read(start + got, Math.min(length - start - got, Math.max(maxBytes, EXTEND_BYTES)));
    if (piece.length === 0) return Buffer.concat(parts, got);
    const nl = piece.indexOf(0x0a);
    if ((nl === -1 ? got + piece.length : got + nl) > maxLine) return null;
    if (nl !== -1) {
      parts.push(piece.subarray(0, nl + 1));
      return Buffer.concat(parts, got + nl + 1);
    }
    parts.push(piece);
    got += piece.length;
    if (start + got >= length) return Buffer.concat(parts, got);
  }
}

/** A file's bytes, through one handle per call (the file may be replaced between reads of a feed). */
export function fileStore(file: string): ByteStore & { close(): Promise<void> } {
  let handle: Promise<fs.promises.FileHandle> | undefined;
  return {
    async read(pos, length) {
      const h = await (handle ??= fs.promises.open(file, 'r'));
      const buf = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await h.read(buf, got, length - got, pos + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    },
    async close() {
      // A handle that never opened (the file was gone) has nothing to close: its read already failed.
      const opened = await handle?.catch(() => undefined);
      handle = undefined;
      await opened?.close();
    },
  };
}

/** Whole lines of a file from `start` (see readLines). */
export async function readFileLines(file: string, length: number, start: number, maxBytes: number, maxLine?: number): Promise<Buffer | null> {
  if (start >= length) return Buffer.alloc(0);
  const store = fileStore(file);
  try {
    return await readLines(store, length, start, maxBytes, maxLine);
  } finally {
    await store.close();
  }
}
