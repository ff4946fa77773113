import fs from 'node:fs';
import { TOOL } from '../paths.ts';
import { asciiJson } from './asciiJson.ts';
import type { CaptureIndex } from './captureIndex.ts';
import { type MessageSink, writeIndexMessages } from './indexMessages.ts';
import type { IndexSource, IndexView } from './indexView.ts';

/**
 * A capture's index as a file (what the index store keeps, indexStore.ts): everything the index
 * routes answer, stored as they answer it, so a process that reads it back serves a page without
 * parsing the capture again, and with the same bytes the build would have sent.
 *
 * Sections, back to back, then a trailer:
 * - `offsets` (float64 per record), `lengths` (uint32), `frames` (uint8): the records' lines in
 *   the capture;
 * - `wire`: the `rows`, `turns` and `done` messages of `GET /api/index` after `start` (NDJSON, ASCII);
 * - `summaries`: each final row's summary as an ASCII JSON string followed by a comma;
 * - `turns`: each turn whole as ASCII JSON;
 * - `summaryAt` (float64 per row, plus one) and `turnAt` (per turn, plus one): where each starts
 *   within its section;
 * - the trailer: one line of JSON (`SavedTrailer`), then its byte length as TRAILER_DIGITS digits
 *   and a newline, so a reader finds it from the end.
 *
 * Numbers are in this machine's byte order: the file never leaves the machine that wrote it.
 */

const FORMAT = 'responses-inspector index';
/** Changes whenever what a section holds changes; a file of another version is built again. */
const VERSION = 1;
const TRAILER_DIGITS = 10;
/** Summaries or turns gathered before one write (young-generation strings; see asciiJson.ts). */
const GATHER_CHARS = 64 * 1024;

type SectionName = 'offsets' | 'lengths' | 'frames' | 'wire' | 'summaries' | 'turns' | 'summaryAt' | 'turnAt';

interface SavedTrailer {
  format: typeof FORMAT;
  version: number;
  /** The CLI that wrote it: the turn model and summaries are its code's, so another version builds again. */
  tool: string;
  /** The source's key (path, size, mtime, inode): the capture this file indexes, as it was. */
  key: string;
  records: number;
  rows: number;
  turns: number;
  bytesRead: number;
  warnings: string[];
  sections: Record<SectionName, [start: number, length: number]>;
}

/**
 * A capture's index read back from its file: answers every route as the CaptureIndex it was saved
 * from. Only the records' offsets and where each summary and turn starts are read at once (~14 MB
 * for a million records); the stream, summaries and turns are read from the file as they are
 * asked for, so the CLI answers its first request at once and holds a tenth of the memory.
 * The file stays open while the index is held: removing it (another process's eviction) does not
 * pull it from under a page.
 */
export class SavedIndex implements IndexView {
  readonly done = true;
  readonly error = undefined;
  readonly ready = Promise.resolve();
  readonly records: number;
  readonly finalRows: number;
  readonly turnCount: number;
  readonly bytesRead: number;
  readonly warnings: readonly string[];
  readonly #file: fs.promises.FileHandle;
  readonly #sections: SavedTrailer['sections'];
  readonly #offsets: Float64Array;
  readonly #lengths: Uint32Array;
  readonly #frames: Uint8Array;
  readonly #summaryAt: Float64Array;
  readonly #turnAt: Float64Array;
  #uses = 0;
  #closing = false;

  constructor(
    readonly id: string,
    readonly source: IndexSource,
    file: fs.promises.FileHandle,
    t: SavedTrailer,
    numbers: { offsets: Float64Array; lengths: Uint32Array; frames: Uint8Array; summaryAt: Float64Array; turnAt: Float64Array },
  ) {
    this.records = t.records;
    this.finalRows = t.rows;
    this.turnCount = t.turns;
    this.bytesRead = t.bytesRead;
    this.warnings = t.warnings;
    this.#file = file;
    this.#sections = t.sections;
    this.#offsets = numbers.offsets;
    this.#lengths = numbers.lengths;
    this.#frames = numbers.frames;
    this.#summaryAt = numbers.summaryAt;
    this.#turnAt = numbers.turnAt;
  }

  offsetOf(i: number): number {
    return this.#offsets[i];
  }
  lengthOf(i: number): number {
    return this.#lengths[i];
  }
  isFrame(i: number): boolean {
    return this.#frames[i] === 1;
  }

  onChange(): () => void {
    // Nothing changes: it is done.
    return () => undefined;
  }

  async summariesJson(from: number, to: number): Promise<string> {
    if (to <= from) return '[]';
    // Each summary is stored with its comma: the last one's is left out.
    const start = this.#summaryAt[from];
    return `[${(await this.#read('summaries', start, this.#summaryAt[to] - 1 - start)).toString('latin1')}]`;
  }

  async turnJson(index: number): Promise<string | undefined> {
    if (!Number.isInteger(index) || index < 1 || index > this.turnCount) return undefined;
    const start = this.#turnAt[index - 1];
    return (await this.#read('turns', start, this.#turnAt[index] - start)).toString('latin1');
  }

  /** The `rows` and `done` messages after `start`, in pieces of at most `piece` bytes. */
  /** Bytes of the stored messages `wire` yields. */
  get wireBytes(): number {
    return this.#sections.wire[1];
  }

  async *wire(piece: number): AsyncGenerator<Buffer> {
    const length = this.#sections.wire[1];
    for (let at = 0; at < length; at += piece) yield await this.#read('wire', at, Math.min(piece, length - at));
  }

  /** Runs `fn` with the file held open: `close` waits for it. */
  async use<T>(fn: () => Promise<T>): Promise<T> {
    this.#uses++;
    try {
      return await fn();
    } finally {
      if (--this.#uses === 0 && this.#closing) void this.#file.close().catch(() => undefined);
    }
  }

  /** Closes the file once no read is under way (the index is no longer held). */
  close(): void {
    if (this.#closing) return;
    this.#closing = true;
    if (this.#uses === 0) void this.#file.close().catch(() => undefined);
  }

  #read(section: SectionName, at: number, length: number): Promise<Buffer> {
    return this.use(() => readExactly(this.#file, this.#sections[section][0] + at, length));
  }
}

async function readExactly(file: fs.promises.FileHandle, pos: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await file.read(buf, got, length - got, pos + got);
    if (bytesRead === 0) throw new Error('the saved index is shorter than it says');
    got += bytesRead;
  }
  return buf;
}

type NumberArray = Float64ArrayConstructor | Uint32ArrayConstructor | Uint8ArrayConstructor;

/**
 * Opens the saved index in `path` for `source`: the index, or the reason it cannot be used (not an
 * index file, another version, cut short, the index of another capture). Throws only when the file
 * cannot be opened or read (ENOENT: none saved).
 */
export async function openSavedIndex(path: string, source: IndexSource, id: string): Promise<SavedIndex | string> {
  const file = await fs.promises.open(path, 'r');
  let kept = false;
  try {
    const size = (await file.stat()).size;
    // A file cut short (a full disk, a copy stopped half way) loses its trailer first.
    const unreadable = 'cut short, or not an index file';
    if (size < TRAILER_DIGITS + 1) return unreadable;
    const digits = (await readExactly(file, size - TRAILER_DIGITS - 1, TRAILER_DIGITS)).toString('latin1');
    const length = /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
    const start = size - TRAILER_DIGITS - 1 - length;
    if (!(length > 0) || start < 0) return unreadable;
    let t: SavedTrailer;
    try {
      t = JSON.parse((await readExactly(file, start, length)).toString('latin1')) as SavedTrailer;
    } catch {
      return unreadable;
    }
    if (t?.format !== FORMAT || typeof t.sections !== 'object' || t.sections === null) return unreadable;
    if (t.version !== VERSION || t.tool !== TOOL.version) return 'written by another version';
    if (t.key !== source.key) return 'the index of another capture';
    for (const [name, [s, n]] of Object.entries(t.sections)) {
      if (!(s >= 0 && n >= 0 && s + n <= start)) return `its ${name} section is cut short`;
    }
    const numbers = async <C extends NumberArray>(name: SectionName, Kind: C, count: number): Promise<InstanceType<C>> => {
      const out = new Kind(count) as InstanceType<C>;
      if (t.sections[name][1] !== out.byteLength) throw new Error(`its ${name} section holds ${t.sections[name][1]} bytes, not ${out.byteLength}`);
      // Read straight into the array: a section's offset in the file need not be aligned to its element.
      const bytes = new Uint8Array(out.buffer);
      let got = 0;
      while (got < bytes.length) {
        const { bytesRead } = await file.read(bytes, got, bytes.length - got, t.sections[name][0] + got);
        if (bytesRead === 0) throw new Error(`its ${name} section is cut short`);
        got += bytesRead;
      }
      return out;
    };
    let read: ConstructorParameters<typeof SavedIndex>[4];
    try {
      read = {
        offsets: await numbers('offsets', Float64Array, t.records),
        lengths: await numbers('lengths', Uint32Array, t.records),
        frames: await numbers('frames', Uint8Array, t.records),
        summaryAt: await numbers('summaryAt', Float64Array, t.rows + 1),
        turnAt: await numbers('turnAt', Float64Array, t.turns + 1),
      };
    } catch (err) {
      return (err as Error).message;
    }
    kept = true;
    return new SavedIndex(id, source, file, t, read);
  } finally {
    if (!kept) await file.close();
  }
}

/** What the writer needs of a file: its bytes so far, and a sink for more. */
export interface FileSink extends MessageSink {
  /** Bytes written so far. */
  readonly written: number;
}

/**
 * Writes the finished `index` to `out` in the format above, in slices of the event loop (`pause`):
 * a million records' index is ~100 MB, and the relay forwards agents' frames on this thread.
 * False when the sink went away.
 */
export async function writeSavedIndex(index: CaptureIndex, out: FileSink, pause: () => Promise<unknown> | undefined): Promise<boolean> {
  if (!index.done || index.error) throw new Error('only a finished index is saved');
  const sections = {} as SavedTrailer['sections'];
  const section = async (name: SectionName, write: () => Promise<boolean> | boolean): Promise<boolean> => {
    const start = out.written;
    const ok = await write();
    sections[name] = [start, out.written - start];
    return ok;
  };
  const bytes = (a: ArrayBufferView) => out.write(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  const { offsets, lengths, frames } = index.columns();
  const rows = index.finalRows;
  const turns = index.turnCount;
  const summaryAt = new Float64Array(rows + 1);
  const turnAt = new Float64Array(turns + 1);
  const ok =
    (await section('offsets', () => bytes(offsets))) &&
    (await section('lengths', () => bytes(lengths))) &&
    (await section('frames', () => bytes(frames))) &&
    (await section('wire', () => writeIndexMessages(index, out, pause))) &&
    (await section('summaries', () => gathered(out, rows, summaryAt, (i) => `${asciiJson(index.timeline.rows[i].summary)},`, pause))) &&
    (await section('turns', () => gathered(out, turns, turnAt, (i) => asciiJson(index.turn(i + 1)), pause))) &&
    (await section('summaryAt', () => bytes(summaryAt))) &&
    (await section('turnAt', () => bytes(turnAt)));
  if (!ok) return false;
  const trailer: SavedTrailer = {
    format: FORMAT,
    version: VERSION,
    tool: TOOL.version,
    key: index.source.key,
    records: index.records,
    rows,
    turns,
    bytesRead: index.bytesRead,
    warnings: index.warnings,
    sections,
  };
  const text = `${asciiJson(trailer)}\n`;
  return out.write(`${text}${String(text.length).padStart(TRAILER_DIGITS, '0')}\n`);
}

/** Writes `count` ASCII texts, gathered into pieces, and where each starts (`at`, relative to the first). */
async function gathered(out: FileSink, count: number, at: Float64Array, text: (i: number) => string, pause: () => Promise<unknown> | undefined): Promise<boolean> {
  let pos = 0;
  let piece: string[] = [];
  let chars = 0;
  for (let i = 0; i < count; i++) {
    const s = text(i);
    at[i] = pos;
    pos += s.length;
    piece.push(s);
    chars += s.length;
    if (chars >= GATHER_CHARS) {
      if (!(await out.write(piece.join('')))) return false;
      piece = [];
      chars = 0;
      const y = pause();
      if (y) await y;
    }
  }
  at[count] = pos;
  return piece.length === 0 || out.write(piece.join(''));
}
