import fs from 'node:fs';
import type { Writable } from 'node:stream';

/**
 * Text out to a file or stdout, batched into large writes and honouring backpressure: `write`
 * returns a promise only when the destination's buffer is full, so a fast producer waits instead of
 * queueing the whole export in memory.
 */
export class TextSink {
  #buf: Buffer;
  #used = 0;
  readonly #out: Writable;
  readonly #ownsOut: boolean;
  bytes = 0;

  /**
   * `target`: a file path (created 0600: exports hold prompts and outputs), null for stdout, or a
   * stream (an HTTP response), which `close` ends too.
   */
  constructor(
    target: string | null | Writable,
    readonly batchBytes = 1024 * 1024,
  ) {
    if (target === null) this.#out = process.stdout;
    // A few batches may wait for the disk while the next ones are built: the producer only pauses
    // when the disk is really behind.
    else if (typeof target === 'string') this.#out = fs.createWriteStream(target, { mode: 0o600, highWaterMark: 4 * batchBytes });
    else this.#out = target;
    this.#ownsOut = target !== null;
    this.#buf = Buffer.allocUnsafe(batchBytes);
    // A closed pipe (`export … | head`), a full disk, a dropped download: remembered, and every
    // later write fails with it instead of an unhandled 'error' event.
    this.#out.on('error', (err: Error) => {
      this.#error ??= err;
      for (const reject of this.#waiting.splice(0)) reject(err);
    });
  }

  #error: Error | undefined;
  #drained: Promise<void> | undefined;
  #waiting: ((err: Error) => void)[] = [];

  /**
   * Text is encoded straight into the batch buffer: joining thousands of small concatenated
   * strings first costs several times more (V8 flattens each rope), and an export is mostly that.
   */
  write(text: string): void | Promise<void> {
    if (text.length === 0) return;
    // A UTF-16 unit is at most 3 UTF-8 bytes: check the worst case, never truncate.
    if (text.length * 3 > this.#buf.length - this.#used) {
      // Order is kept even when the caller does not wait: the batch goes to the stream now, and
      // this text lands in the fresh buffer (or, if too large for one, goes to the stream after it).
      const pending = this.flush();
      if (text.length * 3 > this.#buf.length) return this.#put(Buffer.from(text)) ?? pending;
      this.#used += this.#buf.write(text, this.#used);
      return pending;
    }
    this.#used += this.#buf.write(text, this.#used);
  }

  /**
   * bytes[start, end), already UTF-8 (a payload copied from the input as it is), copied before this
   * returns: the caller may reuse its buffer.
   */
  writeRange(bytes: Uint8Array, start: number, end: number): void | Promise<void> {
    const n = end - start;
    const pending = n > this.#buf.length - this.#used ? this.flush() : undefined;
    if (n > this.#buf.length) return this.#put(Buffer.from(bytes.subarray(start, end))) ?? pending;
    const buf = this.#buf;
    const at = this.#used;
    if (Buffer.isBuffer(bytes)) bytes.copy(buf, at, start, end);
    else buf.set(bytes.subarray(start, end), at);
    this.#used += n;
    return pending;
  }

  flush(): void | Promise<void> {
    if (this.#used === 0) return;
    const chunk = this.#buf.subarray(0, this.#used);
    this.#buf = Buffer.allocUnsafe(this.batchBytes);
    this.#used = 0;
    return this.#put(chunk);
  }

  /**
   * Bytes as they are (a spool copy), after the text before them. Into the batch like any text: a
   * HAR export writes one per connection that waited, and a flush for each would allocate a fresh
   * 1 MiB batch every time (100,000 connections: most of the export spent collecting them).
   */
  writeBytes(buf: Buffer): void | Promise<void> {
    if (buf.length <= this.#buf.length) return this.writeRange(buf, 0, buf.length);
    const pending = this.flush();
    return this.#put(buf) ?? pending;
  }

  #put(buf: Buffer): void | Promise<void> {
    if (this.#error) throw this.#error;
    this.bytes += buf.length;
    if (this.#out.write(buf)) return;
    // Every write until the next 'drain' waits for that same drain: one listener, however many
    // batches a producer hands over before it awaits.
    if (this.#drained) return this.#drained;
    const drained = new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        this.#waiting = this.#waiting.filter((r) => r !== reject);
        this.#drained = undefined;
        resolve();
      };
      this.#waiting.push(reject);
      this.#out.once('drain', onDrain);
    });
    this.#drained = drained;
    // A producer may drop this promise for a later one; the error still reaches it through the
    // next write or close, so an unawaited rejection here is not a crash.
    drained.catch(() => undefined);
    return drained;
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.#error) throw this.#error;
    if (!this.#ownsOut) return;
    await new Promise<void>((resolve, reject) => {
      this.#out.once('error', reject);
      this.#out.end(resolve);
    });
  }
}
