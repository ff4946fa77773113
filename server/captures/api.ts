import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { CapturesListResponse } from '../../src/core/capturesList.ts';
import { parseExportFilter } from '../../src/core/export/filterParams.ts';
import type { IndexSource } from '../index/indexView.ts';
import { indexRoute } from '../index/indexApi.ts';
import { IndexCache } from '../index/indexCache.ts';
import { exportFile } from './exportFile.ts';
import { captureInFolder, decodeCursor, listCaptures, PAGE_SIZE } from './list.ts';
import { TextSink } from './textSink.ts';

export interface CapturesApiOptions {
  /** The --captures folder, or null when there is none (then only the current capture is served). */
  capturesDir: string | null;
  /** The capture this process shows (the relay's file, or the file given to `open`). */
  currentFile(): string | null;
  /** Resolves once the current capture's queued records are on disk (a live capture is still being written). */
  settle?(): Promise<void>;
  /** The indexes this process holds (a command that indexes at launch passes its own). */
  indexCache?: IndexCache;
  /** The current capture as the index reads it, when it is not the file itself (a HAR converted in memory). */
  currentIndexSource?(): IndexSource | null;
}

/** Longest run of export work between two turns of the event loop (server/bench: agent RTT during an export). */
const EXPORT_SLICE_MS = 4;

export type ApiHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

/**
 * The dashboard's capture API, mounted behind the dashboard's token and Origin checks (the `api`
 * option of server/dashboard/dashboardRoute.ts):
 *
 * - `GET /api/captures[?limit=N][&cursor=NEXT]`: `{ dir, current, total, next, captures: [{ name, kind,
 *   size, modified, firstT, lastT, current }] }`, newest first, one page (`limit`, default
 *   PAGE_SIZE) at a time; `next`, when present, is the `cursor` of the following page.
 * - `GET /api/capture?file=NAME`: the bytes of a listed capture or HAR, keys masked (with the file size as X-Unmasked-Length, so
 *   the UI can show load progress and parse it with src/core/captureReader.ts or importHar).
 * - `GET /api/export?format=json|har[&file=NAME][&conns=c1,c2][&turns=3-7][&types=a,b][&dirs=send]`:
 *   the export of the current capture (or of a listed file), streamed as a download.
 * - `GET /api/index[?file=NAME]`, `/api/index/records`, `/api/index/search`: the capture's index
 *   (server/index/indexApi.ts; the contract is src/core/indexWire.ts).
 *
 * Every answer leaves through the dashboard's masking wrapper (server/dashboard/maskedResponse.ts):
 * the dashboard never serves a key, so there is no secrets option here (the CLI has --include-secrets).
 *
 * NAME is a plain file name in the captures folder (server/captures/list.ts decides which are
 * listed); anything else is 404, so no path escapes it. Nothing here reads a folder or file
 * synchronously: the relay forwards agent traffic on the same thread.
 */
export function capturesApi(opts: CapturesApiOptions): ApiHandler {
  const index = {
    cache: opts.indexCache ?? new IndexCache(),
    resolve: (name: string) => resolve(opts, name),
    current: () => opts.currentIndexSource?.() ?? opts.currentFile(),
    settle: opts.settle,
  };
  return (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (url.pathname.startsWith('/api/index')) return indexRoute(index, res, url);
    switch (url.pathname) {
      case '/api/captures':
        return listRoute(opts, res, url);
      case '/api/capture':
        return resolve(opts, url.searchParams.get('file')).then((file) => {
          if (!file) return json(res, 404, { error: 'no such capture' });
          // Streamed, never read whole: a capture can be hundreds of MB. The length lets the UI show progress.
          return streamFile(file, res, path.extname(file) === '.har' ? 'application/json' : 'application/x-ndjson');
        });
      case '/api/export':
        return exportRoute(opts, req, res, url);
      default:
        return false;
    }
  };
}

async function listRoute(opts: CapturesApiOptions, res: ServerResponse, url: URL): Promise<boolean> {
  const q = url.searchParams;
  const limitText = q.get('limit');
  const limit = limitText === null ? PAGE_SIZE : Number(limitText);
  if (!Number.isSafeInteger(limit) || limit < 1) return json(res, 400, { error: 'limit must be a whole number from 1' });
  const cursorText = q.get('cursor');
  const cursor = cursorText === null ? null : decodeCursor(cursorText);
  if (cursorText !== null && cursor === null) return json(res, 400, { error: 'cursor must be the "next" of an earlier page' });
  const current = opts.currentFile();
  const page = opts.capturesDir ? await listCaptures(opts.capturesDir, { current, cursor, limit }) : { captures: [], total: 0 };
  return json(res, 200, { dir: opts.capturesDir, current: current ? path.basename(current) : null, ...page } satisfies CapturesListResponse);
}

async function exportRoute(opts: CapturesApiOptions, _req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const q = url.searchParams;
  const format = q.get('format');
  if (format !== 'json' && format !== 'har') return json(res, 400, { error: 'format must be json or har' });
  const file = q.has('file') ? await resolve(opts, q.get('file')) : opts.currentFile();
  if (!file) return json(res, 404, { error: 'no such capture' });
  // The CLI's rules (src/core/export/filterParams.ts); a value they refuse is a 400 with its message.
  const param = (k: string) => q.get(k) ?? undefined;
  const filter = parseExportFilter({ conns: param('conns'), turns: param('turns'), types: param('types'), dirs: param('dirs'), q: param('q'), regex: param('regex') });
  const base = path.basename(file).replace(/\.(ndjson|har)$/i, '');
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="${base.replace(/[^A-Za-z0-9._-]/g, '_')}${format === 'json' ? '.timeline.json' : '.har'}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  const sink = new TextSink(res);
  try {
    // An export of the live capture includes every record seen up to the request, not only those the
    // writer happened to have flushed.
    if (!q.has('file') || file === opts.currentFile()) await opts.settle?.();
    // In slices: the export runs on the thread that forwards the agents' frames.
    await exportFile(file, sink, { format, filter, sliceMs: EXPORT_SLICE_MS });
    await sink.close();
  } catch {
    // Headers are gone: the only honest signal left is a cut download.
    res.destroy();
  }
  return true;
}

/** A file the listing would show, by plain name, or the current capture by its name; null otherwise. */
async function resolve(opts: CapturesApiOptions, name: string | null): Promise<string | null> {
  if (!name || name !== path.basename(name) || name.startsWith('.')) return null;
  const current = opts.currentFile();
  if (current && path.basename(current) === name) return current;
  if (!opts.capturesDir) return null;
  return (await captureInFolder(opts.capturesDir, name))?.file ?? null;
}

function json(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
  return true;
}

async function streamFile(file: string, res: ServerResponse, type: string): Promise<boolean> {
  let size: number;
  try {
    size = (await fs.promises.stat(file)).size;
  } catch {
    return json(res, 404, { error: 'no such capture' });
  }
  res.writeHead(200, { 'content-type': type, 'content-length': String(size), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  await new Promise<void>((resolve) => {
    // Only the bytes that existed when asked: a live capture keeps growing.
    const stream = fs.createReadStream(file, { end: Math.max(0, size - 1) });
    if (size === 0) {
      res.end();
      return resolve();
    }
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', () => resolve());
    stream.pipe(res);
  });
  return true;
}
