import type { CaptureSource } from '../tee/captureLog.ts';
import { readLines, type ByteStore } from '../tee/lineSource.ts';

/**
 * A capture held in memory as a feed source: what `open FILE.har` serves, after the HAR was
 * converted to capture lines (a HAR is one JSON document, so it is in memory anyway).
 */
export class BufferSource implements CaptureSource {
  readonly length: number;
  readonly #store: ByteStore;

  constructor(buf: Buffer) {
    this.#store = { read: (pos, length) => buf.subarray(pos, pos + length) };
    this.length = buf.length;
  }

  subscribe(): () => void {
    return () => undefined;
  }

  read(start: number, maxBytes: number): Promise<Buffer | null> {
    // In memory: no line is too long to hand over.
    return readLines(this.#store, this.length, start, maxBytes, Infinity);
  }
}
