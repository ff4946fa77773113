import type { ServerResponse } from 'node:http';
import type { CaptureSource } from '../tee/captureLog.ts';

/** Read from the capture in pieces about this large. */
const CHUNK = 1024 * 1024;

/**
 * `GET /api/feed-backlog?to=N`: the capture's first N bytes, as one
 * streamed HTTP body. A dashboard attached with `/feed?backlog=http` is sent only what comes after
 * N on its socket and reads the backlog here: Chromium receives a WebSocket at ~10 MB/s on this kind
 * of machine and a fetch body at ~80+ MB/s, and the backlog of a large capture is hundreds of MB.
 *
 * Masked like every API answer (server/dashboard/maskedResponse.ts). No Content-Length (masking may change it; the hello's backlogBytes gives the progress bar its
 * size). Bytes that cannot be read back (they never reached the disk) end the body with an error:
 * the dashboard then falls back to the socket, which reports such a gap precisely.
 */
export async function serveFeedBacklog(source: CaptureSource, res: ServerResponse, url: URL): Promise<boolean> {
  const to = Number(url.searchParams.get('to'));
  if (!Number.isSafeInteger(to) || to < 0 || to > source.length) {
    res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: `to must be a byte offset from 0 to ${source.length}` }));
    return true;
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  let from = 0;
  while (from < to && !res.destroyed) {
    const buf = await source.read(from, Math.min(CHUNK, to - from));
    if (buf === null || buf.length === 0) {
      res.destroy();
      return true;
    }
    from += buf.length;
    if (!res.write(buf))
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
  }
  res.end();
  return true;
}
