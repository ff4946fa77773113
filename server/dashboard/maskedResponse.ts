import type { ServerResponse } from 'node:http';
import { StreamMasker } from '../broadcast/maskChunk.ts';

/** The body's length before masking (masking changes it), for a progress bar. */
export const UNMASKED_LENGTH_HEADER = 'x-unmasked-length';

type Callback = (err?: Error | null) => void;

/**
 * Makes every byte a response body carries pass through the key masker (src/core/redact.ts), so a
 * route cannot forget it: the dashboard handler applies this to every API response before the route
 * runs. Content-Length is moved to X-Unmasked-Length since masking may change the length; the body
 * then goes out chunked.
 */
export function maskResponseBody(res: ServerResponse): void {
  const masker = new StreamMasker();
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (chunk: Buffer, cb?: Callback) => boolean;
  const end = res.end.bind(res) as (chunk?: Buffer, cb?: () => void) => ServerResponse;
  const toBuffer = (chunk: unknown, encoding: unknown): Buffer =>
    Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk)
        : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');

  const moveLength = () => {
    const length = res.getHeader('content-length');
    if (length === undefined) return;
    res.removeHeader('content-length');
    res.setHeader(UNMASKED_LENGTH_HEADER, String(length));
  };
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const last = rest[rest.length - 1];
    if (last && typeof last === 'object' && !Array.isArray(last)) {
      const headers: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(last)) headers[name.toLowerCase() === 'content-length' ? UNMASKED_LENGTH_HEADER : name] = value;
      rest[rest.length - 1] = headers;
    }
    moveLength();
    return writeHead(status, ...rest);
  }) as ServerResponse['writeHead'];

  res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown): boolean => {
    const done = (typeof encoding === 'function' ? encoding : cb) as Callback | undefined;
    if (!res.headersSent) moveLength();
    const out = masker.push(toBuffer(chunk, encoding));
    if (out.length) return write(out, done);
    if (done) process.nextTick(done);
    return true;
  }) as ServerResponse['write'];

  res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown): ServerResponse => {
    const done = [chunk, encoding, cb].find((a) => typeof a === 'function') as (() => void) | undefined;
    if (!res.headersSent) moveLength();
    const head = chunk === undefined || chunk === null || typeof chunk === 'function' ? Buffer.alloc(0) : masker.push(toBuffer(chunk, encoding));
    const tail = masker.flush();
    const out = head.length && tail.length ? Buffer.concat([head, tail]) : head.length ? head : tail;
    return end(out.length ? out : undefined, done);
  }) as ServerResponse['end'];
}
