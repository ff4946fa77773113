import type { CaptureSource } from '../tee/captureLog.ts';

/**
 * A capture held in memory as a feed source: what `open FILE.har` serves, after the HAR was
 * converted to capture lines (a HAR is one JSON document, so it is in memory anyway).
 */
export class BufferSource implements CaptureSource {
  readonly length: number;
  readonly #buf: Buffer;

  constructor(buf: Buffer) {
    this.#buf = buf;
    this.length = buf.length;
  }

  subscribe(): () => void {
    return () => undefined;
  }

  async read(start: number, maxBytes: number): Promise<Buffer | null> {
    if (start >= this.length) return Buffer.alloc(0);
    let end = Math.min(this.length, start + maxBytes);
    if (end < this.length) {
      // Whole lines only: up to the last newline in range, or the end of a line longer than the range.
      const cut = this.#buf.lastIndexOf(0x0a, end - 1);
      end = cut >= start ? cut + 1 : Math.max(end, this.#buf.indexOf(0x0a, end) + 1 || this.length);
    }
    return this.#buf.subarray(start, end);
  }
}
