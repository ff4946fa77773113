import fs from 'node:fs';
import path from 'node:path';
import { createLineCutter } from '../../src/core/lineSplitter.ts';
import type { CaptureListing, CapturesPage } from '../../src/core/capturesList.ts';
import { decodeUtf8 } from './utf8.ts';

/** Files per page unless the caller asks for another size, and the most it may ask for. */
export const PAGE_SIZE = 200;
export const MAX_PAGE_SIZE = 1000;
const EDGE_BYTES = 64 * 1024;
/** Stats in flight at once: a folder of 20k files must not queue 20k requests on libuv's 4 threads. */
const STAT_BATCH = 64;

/** Only these are listed or served: the tool's captures and HAR files, never hidden (dot) files. */
function listable(name: string): 'capture' | 'har' | null {
  if (name.startsWith('.') || name !== path.basename(name)) return null;
  const ext = path.extname(name).toLowerCase();
  return ext === '.ndjson' ? 'capture' : ext === '.har' ? 'har' : null;
}

/**
 * The file NAME in the captures folder, or null when it is not one that is listed: not a plain
 * name, hidden, not a capture or HAR, not a regular file, or a symbolic link that leads out of the
 * folder (a link is followed only to a regular file inside it). Returns the path to read and its
 * stat. Asynchronous, like everything here: the relay forwards agent traffic on the same thread.
 */
export async function captureInFolder(dir: string, name: string): Promise<{ file: string; stat: fs.Stats } | null> {
  if (!listable(name)) return null;
  const file = path.join(dir, name);
  try {
    const lst = await fs.promises.lstat(file);
    if (lst.isFile()) return { file, stat: lst };
    if (!lst.isSymbolicLink()) return null;
    const [real, realDir] = await Promise.all([fs.promises.realpath(file), fs.promises.realpath(dir)]);
    if (path.dirname(real) !== realDir && !real.startsWith(realDir + path.sep)) return null;
    const st = await fs.promises.stat(real);
    return st.isFile() ? { file: real, stat: st } : null;
  } catch {
    return null;
  }
}

/** Where a page starts: after the listing with this sort key (newest first). */
export interface ListCursor {
  modified: string;
  name: string;
}

export function encodeCursor(c: ListCursor): string {
  return Buffer.from(JSON.stringify([c.modified, c.name])).toString('base64url');
}

/** Null for a cursor this module did not make. */
export function decodeCursor(text: string): ListCursor | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return { modified: v[0], name: v[1] };
  } catch {
    // fall through
  }
  return null;
}

/** Newest first; equal times by name, so the order (and so every cursor) is total. */
function compare(a: ListCursor, b: ListCursor): number {
  return a.modified < b.modified ? 1 : a.modified > b.modified ? -1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * One page of the captures (.ndjson) and HAR files in a folder, newest first, without reading them
 * whole. Every file is stat'ed (to sort), but only the page's files are opened for their first and
 * last times, so a page costs the same in a folder of 20 files or 20,000. The cursor names the last
 * file of the previous page by its sort key, so files written meanwhile (the live capture) never
 * shift a page: nothing is listed twice or skipped.
 */
export async function listCaptures(dir: string, opts: { current?: string | null; cursor?: ListCursor | null; limit?: number } = {}): Promise<CapturesPage> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return { captures: [], total: 0 };
  }
  const found: { name: string; kind: 'capture' | 'har'; file: string; stat: fs.Stats; modified: string }[] = [];
  const candidates = names.filter((n) => listable(n) !== null);
  for (let i = 0; i < candidates.length; i += STAT_BATCH) {
    const batch = candidates.slice(i, i + STAT_BATCH);
    const stats = await Promise.all(batch.map((name) => captureInFolder(dir, name)));
    stats.forEach((s, j) => {
      if (s) found.push({ name: batch[j], kind: listable(batch[j])!, file: s.file, stat: s.stat, modified: s.stat.mtime.toISOString() });
    });
  }
  found.sort(compare);
  const limit = Math.max(1, Math.min(MAX_PAGE_SIZE, opts.limit ?? PAGE_SIZE));
  let from = 0;
  if (opts.cursor) {
    const cursor = opts.cursor;
    from = found.findIndex((f) => compare(f, cursor) > 0);
    if (from === -1) from = found.length;
  }
  const page = found.slice(from, from + limit);
  const current = opts.current ? path.resolve(opts.current) : null;
  const captures = await Promise.all(
    page.map(async (f) => {
      const item: CaptureListing = { name: f.name, kind: f.kind, size: f.stat.size, modified: f.modified };
      if (f.kind === 'capture') Object.assign(item, await edgeTimes(f.file, f.stat.size));
      if (current !== null && path.resolve(dir, f.name) === current) item.current = true;
      return item;
    }),
  );
  const last = page.at(-1);
  return { captures, total: found.length, ...(last && from + limit < found.length ? { next: encodeCursor(last) } : {}) };
}

/** `t` of the first line and of the last complete line that parses. */
async function edgeTimes(file: string, size: number): Promise<{ firstT?: number; lastT?: number }> {
  const out: { firstT?: number; lastT?: number } = {};
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    const head = Buffer.alloc(Math.min(EDGE_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    const first = timeOf(linesOf(head)[0]?.replace(/^\uFEFF/, '') ?? '');
    if (first !== undefined) out.firstT = first;
    const tail = Buffer.alloc(Math.min(EDGE_BYTES, size));
    await handle.read(tail, 0, tail.length, size - tail.length);
    const lines = linesOf(tail);
    // The tail's first line is cut unless the tail is the whole file.
    for (let i = lines.length - 1; i >= (size > tail.length ? 1 : 0); i--) {
      const t = timeOf(lines[i]);
      if (t !== undefined) {
        out.lastT = t;
        break;
      }
    }
  } catch {
    // unreadable: listed without times
  } finally {
    await handle?.close();
  }
  return out;
}

/** The lines of some bytes, cut by the readers' one line cutter. */
function linesOf(bytes: Buffer): string[] {
  const lines: string[] = [];
  const cutter = createLineCutter((text) => void lines.push(text), { decode: decodeUtf8 });
  cutter.push(bytes);
  cutter.end();
  return lines;
}

function timeOf(line: string): number | undefined {
  if (!line.trim()) return undefined;
  try {
    const v = JSON.parse(line) as { t?: unknown };
    return typeof v.t === 'number' ? v.t : undefined;
  } catch {
    return undefined;
  }
}
