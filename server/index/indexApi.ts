import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import { InspectorError } from '../../src/core/errors.ts';
import {
  INDEX_PATH,
  INDEX_RECORDS_MAX,
  INDEX_RECORDS_PATH,
  INDEX_SEARCH_PATH,
  INDEX_SUMMARIES_MAX,
  INDEX_SUMMARIES_PATH,
  INDEX_TURN_PATH,
  type IndexMessage,
} from '../../src/core/indexWire.ts';
import { kindOfInput } from '../../src/core/inputReader.ts';
import { timeSlicer } from '../captures/slices.ts';
import { asciiJson } from './asciiJson.ts';
import type { CaptureIndex } from './captureIndex.ts';
import type { IndexSource, IndexView } from './indexView.ts';
import { fileSource, type IndexCache } from './indexCache.ts';
import { indexedBytes } from './indexedBytes.ts';
import { type MessageSink, send, writeIndexMessages, writeOrWait } from './indexMessages.ts';
import { SavedIndex } from './savedIndex.ts';
import { searchIndex } from './searchIndex.ts';

export interface IndexApiOptions {
  cache: IndexCache;
  /** A plain NAME as `/api/capture?file=NAME` resolves it (the captures folder), or null. */
  resolve(name: string): Promise<string | null>;
  /** The capture this process shows: a file, or a source of its own (a HAR converted in memory). */
  current(): string | IndexSource | null;
  /** Resolves once the current capture's queued records are on disk (a live capture). */
  settle?(): Promise<void>;
}

/** Longest run of work between two turns of the event loop (the relay forwards agents' frames on this thread). */
const SLICE_MS = 4;

/**
 * The capture index's routes (src/core/indexWire.ts has the contract), mounted beside the captures
 * API behind the dashboard's token and Origin checks and its masking wrapper.
 */
export async function indexRoute(opts: IndexApiOptions, res: ServerResponse, url: URL): Promise<boolean> {
  const q = url.searchParams;
  switch (url.pathname) {
    case INDEX_PATH: {
      const source = await sourceFor(opts, q.has('file') ? q.get('file') : null);
      await streamIndex(await opts.cache.get(source), res);
      return true;
    }
    case INDEX_RECORDS_PATH: {
      const index = held(opts, q.get('id'));
      const from = wholeParam(q.get('from'), 'from', 0);
      const count = wholeParam(q.get('count'), 'count', 1);
      if (count > INDEX_RECORDS_MAX) throw new InspectorError(`count is at most ${INDEX_RECORDS_MAX}`, 'BAD_PARAM');
      if (from >= index.records) throw new InspectorError(`from ${from} is past the last record (the index holds ${index.records})`, 'BAD_PARAM');
      await sendRecords(index, from, Math.min(count, index.records - from), res);
      return true;
    }
    case INDEX_SUMMARIES_PATH: {
      const index = held(opts, q.get('id'));
      const from = wholeParam(q.get('from'), 'from', 0);
      const count = wholeParam(q.get('count'), 'count', 1);
      if (count > INDEX_SUMMARIES_MAX) throw new InspectorError(`count is at most ${INDEX_SUMMARIES_MAX}`, 'BAD_PARAM');
      // Only final rows: the last one may still fold deltas, and the page holds none past it.
      const final = index.finalRows;
      if (from >= final) throw new InspectorError(`from ${from} is past the last row (the index holds ${final})`, 'BAD_PARAM');
      jsonText(res, await index.summariesJson(from, Math.min(from + count, final)));
      return true;
    }
    case INDEX_SEARCH_PATH: {
      const index = held(opts, q.get('id'));
      const text = q.get('q');
      if (!text) throw new InspectorError('q is the text to search for, and must not be empty', 'BAD_PARAM');
      const regex = q.get('regex');
      if (regex !== null && regex !== '0' && regex !== '1') throw new InspectorError('regex must be 1 (a regular expression) or 0 (plain text)', 'BAD_PARAM');
      // A search nobody waits for any more (the page typed on) stops at its next slice.
      const result = await searchIndex(index, text, regex === '1', SLICE_MS, () => res.destroyed);
      if (!res.destroyed) json(res, result);
      return true;
    }
    case INDEX_TURN_PATH: {
      const index = held(opts, q.get('id'));
      const n = wholeParam(q.get('turn'), 'turn', 1);
      // Turns are known once the index is built: before, a turn's text may still grow.
      await index.ready;
      const turn = await index.turnJson(n);
      if (turn === undefined) throw new InspectorError(`turn ${n} is past the last turn (the capture has ${index.turnCount})`, 'BAD_PARAM');
      jsonText(res, turn);
      return true;
    }
    default:
      return false;
  }
}

async function sourceFor(opts: IndexApiOptions, name: string | null): Promise<IndexSource> {
  const current = opts.current();
  let file: string | null;
  if (name === null) {
    if (current === null) throw new InspectorError('this dashboard shows no capture file', 'NO_CAPTURE', 'not_found');
    if (typeof current !== 'string') return current;
    file = current;
    await opts.settle?.();
  } else {
    file = await opts.resolve(name);
    if (!file) throw new InspectorError('no such capture', 'NOT_FOUND', 'not_found');
    if (file === current) await opts.settle?.();
  }
  if ((await sniff(file)) !== 'capture') throw new InspectorError('a HAR file or a timeline export is not indexed: read it with /api/capture', 'NOT_INDEXABLE');
  // The capture a relay is writing grows: its index is for now only, not kept for another process.
  const live = file === current && opts.settle !== undefined;
  try {
    return await fileSource(file, !live);
  } catch {
    throw new InspectorError('no such capture', 'NOT_FOUND', 'not_found');
  }
}

/** kindOfInput on the file's first bytes, read without blocking the event loop. */
async function sniff(file: string): Promise<string> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return kindOfInput(buf.toString('utf8', 0, bytesRead).trimStart(), file);
  } catch {
    throw new InspectorError('no such capture', 'NOT_FOUND', 'not_found');
  } finally {
    await handle?.close();
  }
}

function held(opts: IndexApiOptions, id: string | null): IndexView {
  if (!id) throw new InspectorError('id is the id of an index from /api/index', 'BAD_PARAM');
  const index = opts.cache.byId(id);
  if (!index) throw new InspectorError('this index is no longer held: ask /api/index again', 'INDEX_GONE', 'not_found');
  return index;
}

function wholeParam(text: string | null, name: string, min: number): number {
  const n = text === null || !/^\d+$/.test(text) ? Number.NaN : Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw new InspectorError(`${name} must be a whole number from ${min}`, 'BAD_PARAM');
  return n;
}

function json(res: ServerResponse, body: unknown): void {
  jsonText(res, asciiJson(body));
}

function jsonText(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function responseSink(res: ServerResponse): MessageSink {
  return { write: (data) => write(res, data), closed: () => res.destroyed, onClose: (fn) => res.once('close', fn) };
}

/** Writes to a response; resolves when the socket can take more (false: the client went away). */
function write(res: ServerResponse, data: string | Buffer): Promise<boolean> | boolean {
  return !res.destroyed && writeOrWait(res, data, 'close');
}

/** Bytes of a saved index's messages written at once. */
const WIRE_PIECE = 256 * 1024;

/**
 * `start`, then the final rows as the index grows, then `done` (or `error`). A client that goes
 * away stops the stream, never the build: the next request finds the index ready. A saved index
 * sends its stored messages as they are.
 */
async function streamIndex(index: CaptureIndex | SavedIndex, res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  const sink = responseSink(res);
  const start: Extract<IndexMessage, { type: 'start' }> = { type: 'start', id: index.id, name: index.source.name, bytes: index.source.length };
  if (index instanceof SavedIndex) {
    start.turns = index.turnCount;
    start.wireBytes = index.wireBytes;
  } else if (index.done && !index.error) start.turns = index.model.turns().length;
  if (!(await send(sink, start))) return;
  if (index instanceof SavedIndex) {
    const sent = await index.use(async () => {
      for await (const piece of index.wire(WIRE_PIECE)) if (!(await sink.write(piece))) return false;
      return true;
    });
    if (!sent) return;
  } else {
    const ended = index.reading();
    try {
      if (!(await writeIndexMessages(index, sink, timeSlicer(SLICE_MS)))) return;
    } finally {
      ended();
    }
  }
  res.end();
}

/** Records from..from+count-1, each its line as in the file (without a BOM or CR), one read. */
async function sendRecords(index: IndexView, from: number, count: number, res: ServerResponse): Promise<void> {
  const base = index.offsetOf(from);
  const last = from + count - 1;
  const store = index.source.open();
  let buf: Buffer;
  try {
    buf = await indexedBytes(index, store, base, index.offsetOf(last) + index.lengthOf(last) - base);
  } finally {
    await store.close?.();
  }
  const parts: Buffer[] = [];
  const nl = Buffer.from('\n');
  for (let i = from; i <= last; i++) {
    let s = index.offsetOf(i) - base;
    let e = s + index.lengthOf(i);
    if (i === 0 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    if (e > s && buf[e - 1] === 0x0d) e--;
    parts.push(buf.subarray(s, e), nl);
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(Buffer.concat(parts));
}
