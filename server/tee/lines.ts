import type { Direction } from '../../src/core/capture.ts';

const HEX = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));
/** Short escapes JSON.stringify uses; every other byte below 0x20 becomes \u00XX. */
const SHORT: Record<number, number> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72, 0x22: 0x22, 0x5c: 0x5c };

/**
 * Writes the bytes of a valid UTF-8 text as the inside of a JSON string, exactly as
 * JSON.stringify(text) would, without decoding it to a JS string first. On the capture path this
 * replaces toString + JSON.stringify + Buffer.from (three copies, one of them a UTF-16 detour).
 * Returns the new position; `dst` must have room for 6 bytes per input byte in the worst case.
 */
export function escapeJsonBytes(src: Buffer, dst: Buffer, pos: number): number {
  for (let i = 0; i < src.length; i++) {
    const b = src[i];
    if (b >= 0x20 && b !== 0x22 && b !== 0x5c) {
      dst[pos++] = b;
      continue;
    }
    dst[pos++] = 0x5c;
    const short = SHORT[b];
    if (short !== undefined) {
      dst[pos++] = short;
    } else {
      dst[pos++] = 0x75;
      dst[pos++] = 0x30;
      dst[pos++] = 0x30;
      dst[pos++] = HEX[b >> 4];
      dst[pos++] = HEX[b & 15];
    }
  }
  return pos;
}

/** Above this, the scratch buffer is dropped after a flush instead of kept for the next turn. */
const KEEP_SCRATCH_BYTES = 8 * 1024 * 1024;

/**
 * Builds one event-loop turn's capture lines straight into bytes. Frame payloads are escaped from
 * the received Buffer; the other (rare) records go through JSON.stringify.
 */
export class LineBuffer {
  #buf = Buffer.allocUnsafe(1 << 20);
  #pos = 0;

  get length(): number {
    return this.#pos;
  }

  #ensure(extra: number): void {
    if (this.#pos + extra <= this.#buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#pos + extra));
    this.#buf.copy(next, 0, 0, this.#pos);
    this.#buf = next;
  }

  /** A whole line from a string that is already JSON (a record). */
  line(json: string): void {
    this.#ensure(json.length * 3 + 1);
    this.#pos += this.#buf.write(json, this.#pos, 'utf8');
    this.#buf[this.#pos++] = 0x0a;
  }

  /** A capture v1 `frame` line; `size` is the payload size on the wire. */
  frame(conn: string, seq: number, dir: Direction, t: number, data: Buffer, binary: boolean): void {
    const head = `{"kind":"frame","t":${t},"conn":${JSON.stringify(conn)},"seq":${seq},"dir":"${dir}","binary":${binary},"size":${data.length},"data":"`;
    if (binary) {
      const b64 = data.toString('base64');
      this.#ensure(head.length * 3 + b64.length + 3);
      this.#pos += this.#buf.write(head, this.#pos, 'utf8');
      this.#pos += this.#buf.write(b64, this.#pos, 'latin1');
    } else {
      this.#ensure(head.length * 3 + data.length * 6 + 3);
      this.#pos += this.#buf.write(head, this.#pos, 'utf8');
      this.#pos = escapeJsonBytes(data, this.#buf, this.#pos);
    }
    this.#buf[this.#pos++] = 0x22;
    this.#buf[this.#pos++] = 0x7d;
    this.#buf[this.#pos++] = 0x0a;
  }

  /** The lines written since the last take, as a Buffer of their own; the builder starts over. */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.#pos);
    this.#buf.copy(out, 0, 0, this.#pos);
    this.#pos = 0;
    if (this.#buf.length > KEEP_SCRATCH_BYTES) this.#buf = Buffer.allocUnsafe(1 << 20);
    return out;
  }
}

const shared = new LineBuffer();

/** One `frame` line as a string, without its newline (tools that generate captures). */
export function frameLine(conn: string, seq: number, dir: Direction, t: number, data: Buffer, binary: boolean): string {
  shared.frame(conn, seq, dir, t, data, binary);
  const line = shared.take();
  return line.toString('utf8', 0, line.length - 1);
}
