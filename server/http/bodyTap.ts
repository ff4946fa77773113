import type { IncomingHttpHeaders } from 'node:http';
import zlib from 'node:zlib';
import { SseParser, type SseEvent } from './sse.ts';

/** A non-streamed body larger than this is recorded cut to this size (the agent still gets all of it). */
export const MAX_RECORDED_BODY = 64 * 1024 * 1024;

/**
 * The capture's copy of a response body, fed the chunks exactly as they were forwarded. An
 * event stream gives one `onRecord` per event (its data payload, timed by the chunk that completed
 * it); any other body gives one `onRecord` for the whole body at its end. A compressed body
 * (content-encoding gzip, deflate or br) is decompressed here, on the copy only: the agent gets the
 * bytes as the upstream sent them.
 */
export class BodyTap {
  readonly #sse: SseParser | null;
  readonly #decoder: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null;
  readonly #onRecord: (t: number, bytes: Buffer, ev?: SseEvent) => void;
  #t = 0;
  #body: Buffer[] = [];
  #size = 0;
  #ended = false;
  #decodeFailed = false;

  constructor(headers: IncomingHttpHeaders, onRecord: (t: number, bytes: Buffer, ev?: SseEvent) => void) {
    this.#onRecord = onRecord;
    this.#sse = /^\s*text\/event-stream/i.test(headers['content-type'] ?? '') ? new SseParser() : null;
    const encoding = String(headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase();
    this.#decoder =
      encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : null;
    if (this.#decoder) {
      this.#decoder.on('data', (chunk: Buffer) => this.#take(chunk, this.#t));
      this.#decoder.on('error', () => {
        this.#decodeFailed = true;
      });
    }
  }

  push(chunk: Buffer, t: number): void {
    this.#t = t;
    if (this.#decoder) {
      if (!this.#decodeFailed) this.#decoder.write(chunk);
    } else this.#take(chunk, t);
  }

  /** The body ended (or was cut): records what is left, then calls `done`. */
  end(done: () => void): void {
    if (this.#ended) return;
    this.#ended = true;
    const flush = () => {
      if (!this.#sse && this.#size > 0) this.#onRecord(this.#t, Buffer.concat(this.#body));
      this.#body = [];
      done();
    };
    if (!this.#decoder || this.#decodeFailed) return flush();
    this.#decoder.once('end', flush);
    this.#decoder.once('error', flush);
    this.#decoder.end();
  }

  #take(chunk: Buffer, t: number): void {
    if (this.#sse) {
      for (const ev of this.#sse.push(chunk)) this.#onRecord(t, Buffer.from(ev.data, 'utf8'), ev);
      return;
    }
    if (this.#size >= MAX_RECORDED_BODY) return;
    const part = chunk.subarray(0, MAX_RECORDED_BODY - this.#size);
    this.#body.push(part);
    this.#size += part.length;
  }
}
