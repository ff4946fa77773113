import fs from 'node:fs';
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
      while (cut === -1 && start + buf.length < this.length) {
        end = Math.min(this.length, end + maxBytes);
        const more = Buffer.alloc(end - start - buf.length);
        const r = await handle.read(more, 0, more.length, start + buf.length);
        buf = Buffer.concat([buf, more.subarray(0, r.bytesRead)]);
        cut = buf.lastIndexOf(0x0a);
      }
      // The last line of a file may lack its newline (a crash mid-write): hand it over as is.
      if (start + buf.length >= this.length) return buf;
      return buf.subarray(0, cut + 1);
    } finally {
      await handle.close();
    }
  }
}
