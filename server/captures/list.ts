import fs from 'node:fs';
import path from 'node:path';
import type { CaptureListing } from '../../src/core/capturesList.ts';

/** At most this many files are listed (newest first): a folder of captures can grow large. */
export const MAX_LISTED = 1000;
const EDGE_BYTES = 64 * 1024;

/** The captures (.ndjson) and HAR files in a folder, newest first, without reading them whole. */
export function listCaptures(dir: string, current: string | null = null): CaptureListing[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: CaptureListing[] = [];
  for (const name of names) {
    const ext = path.extname(name).toLowerCase();
    if (ext !== '.ndjson' && ext !== '.har') continue;
    const file = path.join(dir, name);
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    const item: CaptureListing = { name, kind: ext === '.har' ? 'har' : 'capture', size: st.size, modified: st.mtime.toISOString() };
    if (item.kind === 'capture') Object.assign(item, edgeTimes(file, st.size));
    if (current !== null && path.resolve(file) === path.resolve(current)) item.current = true;
    out.push(item);
  }
  out.sort((a, b) => (a.modified < b.modified ? 1 : a.modified > b.modified ? -1 : a.name.localeCompare(b.name)));
  return out.slice(0, MAX_LISTED);
}

/** `t` of the first line and of the last complete line that parses. */
function edgeTimes(file: string, size: number): { firstT?: number; lastT?: number } {
  const out: { firstT?: number; lastT?: number } = {};
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(Math.min(EDGE_BYTES, size));
    fs.readSync(fd, head, 0, head.length, 0);
    const first = timeOf(head.toString('utf8').split('\n')[0]);
    if (first !== undefined) out.firstT = first;
    const tail = Buffer.alloc(Math.min(EDGE_BYTES, size));
    fs.readSync(fd, tail, 0, tail.length, size - tail.length);
    const lines = tail.toString('utf8').split('\n');
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
    if (fd !== undefined) fs.closeSync(fd);
  }
  return out;
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
