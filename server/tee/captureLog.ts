import fs from 'node:fs';
import path from 'node:path';
import type { CaptureRecord, Direction, FrameRecord } from '../../src/core/capture.ts';
import { maskRecord } from '../../src/core/redact.ts';
import { now } from '../clock.ts';
import { readFileLines } from './lineSource.ts';
import { LineBuffer } from './lines.ts';

/**
 * A byte stream of capture lines that the dashboard feed can follow: `length` grows as lines are
 * produced, `subscribe` delivers each new chunk (whole lines), and `read` returns earlier bytes so a
 * late or lagging browser can catch up. Offsets in this stream are offsets in the capture file.
 */
export interface CaptureSource {
  readonly length: number;
  /** Whole lines starting at `start`, about `maxBytes` of them; null when those bytes are lost. */
  read(start: number, maxBytes: number): Promise<Buffer | null>;
  subscribe(listener: (start: number, chunk: Buffer) => void): () => void;
}

interface PendingFrame {
  conn: string;
  seq: number;
  dir: Direction;
  t: number;
  data: Buffer;
  binary: boolean;
}

/**
 * Records are turned into lines and written at most this long after they were taken (their
 * timestamps are taken on receipt, so this delays only the write). Batching over a few ms instead
 * of per event-loop turn keeps the capture work out of series with each frame of a ping-pong
 * exchange (measured here: 300 B round-trip p50 through the relay 246 µs flushing per turn, 208 µs
 * with this interval, direct 64–92 µs; see the README's benchmark table).
 */
export const FLUSH_INTERVAL_MS = 5;
/** ...unless this much payload is waiting, then at the end of the turn (bounds the relay's memory). */
export const FLUSH_NOW_BYTES = 4 * 1024 * 1024;

/**
 * Above this many bytes waiting for the disk, new batches are dropped (and counted, and a
 * capture.gap record says so) instead of growing the relay's memory without bound.
 */
export const MAX_UNWRITTEN_BYTES = 64 * 1024 * 1024;

/**
 * The capture writer. Records are queued and turned into NDJSON lines once per event-loop turn,
 * after the frames of that turn were forwarded ("forward first, record after"), then written with
 * one write per turn. Each line is complete in the file or absent, so after a crash every complete
 * line parses. A slow or failing disk never blocks forwarding: writes are asynchronous, and a write
 * error stops the file (loudly, through onError) but not the relay or the live feed.
 */
export class CaptureLog implements CaptureSource {
  readonly file: string | null;
  readonly counts = { connections: 0, frames: 0, bytes: 0, dropped: 0 };
  error: string | null = null;

  #fd: number | null = null;
  #pending: (string | PendingFrame | { frame: FrameRecord })[] = [];
  #pendingBytes = 0;
  #timer: NodeJS.Timeout | null = null;
  #immediate: NodeJS.Immediate | null = null;
  #lines = new LineBuffer();
  #scheduled = false;
  #length = 0;
  #durable = 0;
  #unwritten: { start: number; buf: Buffer }[] = [];
  #unwrittenBytes = 0;
  #writing = false;
  #droppedSinceGap = 0;
  #listeners = new Set<(start: number, chunk: Buffer) => void>();
  #drainWaiters: (() => void)[] = [];
  #closed = false;
  #onError: (message: string) => void;

  /** `flags` is for tests that write to a device such as /dev/full; captures are always new files ('wx'). */
  constructor(file: string | null, onError: (message: string) => void, flags = 'wx') {
    this.file = file;
    this.#onError = onError;
    if (file === null) return;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      // 'wx': never append to or clobber an existing capture. 0600: captures hold prompts.
      this.#fd = fs.openSync(file, flags, 0o600);
      if (flags === 'wx') fs.fchmodSync(this.#fd, 0o600);
    } catch (err) {
      this.#fail(`cannot create capture file ${file}: ${(err as Error).message}`);
    }
  }

  get length(): number {
    return this.#length;
  }

  /**
   * Queues a non-frame record (rare: connection lifecycle). Credentials in its headers, path, URLs,
   * close reason or message are masked here, the one way into the file; frames stay byte-exact.
   */
  record(rec: CaptureRecord): void {
    if (rec.kind === 'conn.open') this.counts.connections++;
    // Frames recorded whole (HTTP passthrough bodies and events) are held to the line limit too.
    if (rec.kind === 'frame') this.#push({ frame: rec });
    else this.#push(JSON.stringify(maskRecord(rec)));
  }

  /** Queues a frame. `data` is kept by reference until the end of this turn; it is never modified. */
  frame(conn: string, seq: number, dir: Direction, t: number, data: Buffer, binary: boolean): void {
    this.counts.frames++;
    this.counts.bytes += data.length;
    this.#pendingBytes += data.length;
    this.#push({ conn, seq, dir, t, data, binary });
  }

  subscribe(listener: (start: number, chunk: Buffer) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async read(start: number, maxBytes: number): Promise<Buffer | null> {
    if (start >= this.#length) return Buffer.alloc(0);
    if (start >= this.#durable) return this.#readUnwritten(start, maxBytes);
    if (this.#fd === null && this.#durable === 0) return null;
    return this.#readFile(start, Math.min(this.#durable, start + maxBytes));
  }

  /** Writes what is queued and waits for the disk; then closes the file (fsync first). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.settle();
    if (this.#fd !== null) {
      try {
        fs.fsyncSync(this.#fd);
        fs.closeSync(this.#fd);
      } catch (err) {
        this.#fail(`closing capture file: ${(err as Error).message}`);
      }
      this.#fd = null;
    }
  }

  /** Writes what is queued and waits until it is on disk, so a reader of the file sees every record so far. */
  async settle(): Promise<void> {
    this.flushNow();
    await this.#drained();
  }

  /** Turns the queued records into one chunk of lines now (normally done once per event-loop turn). */
  flushNow(): void {
    this.#scheduled = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#immediate = null;
    this.#pendingBytes = 0;
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    if (this.#unwrittenBytes > MAX_UNWRITTEN_BYTES) {
      this.#droppedSinceGap += pending.length;
      this.counts.dropped += pending.length;
      return;
    }
    const lines = this.#lines;
    if (this.#droppedSinceGap > 0) {
      const dropped = this.#droppedSinceGap;
      this.#droppedSinceGap = 0;
      lines.line(JSON.stringify({ kind: 'capture.gap', t: now(), dropped, message: 'the disk could not keep up; forwarding went on, these records were not captured' }));
    }
    for (const p of pending) {
      if (typeof p === 'string') lines.line(p);
      else if ('frame' in p) lines.frameRecord(p.frame);
      else lines.frame(p.conn, p.seq, p.dir, p.t, p.data, p.binary);
    }
    const buf = lines.take();
    const start = this.#length;
    this.#length += buf.length;
    if (this.#fd !== null) {
      this.#unwritten.push({ start, buf });
      this.#unwrittenBytes += buf.length;
      this.#writeNext();
    }
    for (const listener of this.#listeners) listener(start, buf);
  }

  #push(entry: string | PendingFrame | { frame: FrameRecord }): void {
    if (this.#closed) return;
    this.#pending.push(entry);
    if (this.#pendingBytes > FLUSH_NOW_BYTES) {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      if (!this.#immediate) this.#immediate = setImmediate(() => this.flushNow());
    } else if (!this.#scheduled) {
      this.#scheduled = true;
      this.#timer = setTimeout(() => this.flushNow(), FLUSH_INTERVAL_MS);
    }
  }

  #writeNext(): void {
    if (this.#writing || this.#fd === null) return;
    const next = this.#unwritten[0];
    if (!next) {
      for (const resolve of this.#drainWaiters.splice(0)) resolve();
      return;
    }
    this.#writing = true;
    const fd = this.#fd;
    const writeFrom = (offset: number): void => {
      fs.write(fd, next.buf, offset, next.buf.length - offset, null, (err, written) => {
        if (err) {
          this.#writing = false;
          this.#fail(`writing capture file ${this.file}: ${err.message}`);
          return;
        }
        if (offset + written < next.buf.length) return writeFrom(offset + written);
        this.#writing = false;
        this.#unwritten.shift();
        this.#unwrittenBytes -= next.buf.length;
        this.#durable += next.buf.length;
        this.#writeNext();
      });
    };
    writeFrom(0);
  }

  #drained(): Promise<void> {
    if (this.#unwritten.length === 0 || this.#fd === null) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  #fail(message: string): void {
    if (this.error === null) {
      this.error = message;
      this.#onError(message);
    }
    if (this.#fd !== null) {
      try {
        fs.closeSync(this.#fd);
      } catch {
        // already failing; the first error is the one reported
      }
    }
    this.#fd = null;
    this.#unwritten = [];
    this.#unwrittenBytes = 0;
    for (const resolve of this.#drainWaiters.splice(0)) resolve();
  }

  #readUnwritten(start: number, maxBytes: number): Buffer | null {
    const parts: Buffer[] = [];
    let size = 0;
    for (const { start: s, buf } of this.#unwritten) {
      if (s + buf.length <= start) continue;
      const part = s < start ? buf.subarray(start - s) : buf;
      parts.push(part);
      size += part.length;
      if (size >= maxBytes) break;
    }
    if (parts.length === 0) return null;
    return Buffer.concat(parts);
  }

  async #readFile(start: number, end: number): Promise<Buffer | null> {
    if (!this.file) return null;
    // Only durable bytes, which end with a whole line (each write is a chunk of whole lines).
    return readFileLines(this.file, this.#durable, start, end - start, Infinity);
  }
}
