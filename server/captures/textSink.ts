import fs from 'node:fs';
import type { Writable } from 'node:stream';

/**
 * Text out to a file or stdout, batched into large writes and honouring backpressure: `write`
 * returns a promise only when the destination's buffer is full, so a fast producer waits instead of
 * queueing the whole export in memory.
 */
export class TextSink {
  #parts: string[] = [];
  #size = 0;
  readonly #out: Writable;
  readonly #ownsOut: boolean;
  bytes = 0;

  /**
   * `target`: a file path (created 0600: exports hold prompts and outputs), null for stdout, or a
   * stream (an HTTP response), which `close` ends too.
   */
  constructor(target: string | null | Writable, readonly batchBytes = 1024 * 1024) {
    if (target === null) this.#out = process.stdout;
    else if (typeof target === 'string') this.#out = fs.createWriteStream(target, { mode: 0o600 });
    else this.#out = target;
    this.#ownsOut = target !== null;
  }

  write(text: string): void | Promise<void> {
    if (text.length === 0) return;
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= this.batchBytes) return this.flush();
  }

  flush(): void | Promise<void> {
    if (this.#parts.length === 0) return;
    const chunk = Buffer.from(this.#parts.join(''));
    this.#parts = [];
    this.#size = 0;
    return this.#put(chunk);
  }

  /** Bytes as they are (a spool copy): flushes pending text first to keep the order. */
  writeBytes(buf: Buffer): void | Promise<void> {
    const pending = this.flush();
    if (pending) return pending.then(() => this.#put(buf));
    return this.#put(buf);
  }

  #put(buf: Buffer): void | Promise<void> {
    this.bytes += buf.length;
    if (!this.#out.write(buf)) return new Promise((resolve) => this.#out.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    if (!this.#ownsOut) return;
    await new Promise<void>((resolve, reject) => {
      this.#out.once('error', reject);
      this.#out.end(resolve);
    });
  }
}
