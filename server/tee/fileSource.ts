import fs from 'node:fs';
import { MAX_LINE_CHARS } from '../../src/core/capture.ts';
import type { CaptureSource } from './captureLog.ts';

/**
 * A finished capture file as a feed source: fixed length, read on demand in whole lines, so a
 * large capture streams to the dashboard without being held in the relay's memory.
 */
export class FileSource implements CaptureSource {
  readonly length: number;
  readonly #file: string;

  constructor(file: string, length = fs.statSync(file).size) {
    this.#file = file;
    this.length = length;
  }

  subscribe(): () => void {
    return () => undefined;
  }

  async read(start: number, maxBytes: number): Promise<Buffer | null> {
    if (start >= this.length) return Buffer.alloc(0);
    const handle = await fs.promises.open(this.#file, 'r');
    try {
      let end = Math.min(this.length, start + maxBytes);
      let buf = Buffer.alloc(end - start);
      buf = buf.subarray(0, (await handle.read(buf, 0, buf.length, start)).bytesRead);
      let cut = buf.lastIndexOf(0x0a);
      // A line longer than the window: read on to its end, in pieces joined once (joining on every
      // piece is quadratic), and never past the longest line a reader takes: such a file is not a
      // capture any reader could load, and holding it would only grow the process.
      if (cut === -1 && start + buf.length < this.length) {
        const parts = [buf];
        let got = buf.length;
        while (cut === -1 && start + got < this.length) {
          if (got > MAX_LINE_CHARS) return null;
          end = Math.min(this.length, end + Math.max(maxBytes, 1 << 20));
          const more = Buffer.alloc(end - start - got);
          const r = await handle.read(more, 0, more.length, start + got);
          if (r.bytesRead === 0) break;
          const piece = more.subarray(0, r.bytesRead);
          const nl = piece.lastIndexOf(0x0a);
          if (nl !== -1) cut = got + nl;
          parts.push(piece);
          got += piece.length;
        }
        buf = Buffer.concat(parts, got);
      }
      // The last line of a file may lack its newline (a crash mid-write): hand it over as is.
      if (start + buf.length >= this.length) return buf;
      return buf.subarray(0, cut + 1);
    } finally {
      await handle.close();
    }
  }
}
