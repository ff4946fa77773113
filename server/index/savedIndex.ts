import { TOOL } from '../paths.ts';
import { asciiJson } from './asciiJson.ts';
import type { CaptureIndex } from './captureIndex.ts';
import type { IndexSource } from './indexView.ts';
import { type MessageSink, writeIndexMessages } from './indexMessages.ts';
import type { IndexView } from './indexView.ts';

/**
 * A capture's index as a file (what the index store keeps, indexStore.ts): everything the index
 * routes answer, stored as they answer it, so a process that reads it back serves a page without
 * parsing the capture again, and with the same bytes the build would have sent.
 *
 * Sections, back to back, then a trailer:
 * - `offsets` (float64 per record), `lengths` (uint32), `frames` (uint8): the records' lines in
 *   the capture;
 * - `wire`: the `rows` and `done` messages of `GET /api/index` after `start` (NDJSON, ASCII);
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

/** A capture's index read back from its file: answers every route as the CaptureIndex it was saved from. */
export class SavedIndex implements IndexView {
  readonly done = true;
  readonly error = undefined;
  readonly ready = Promise.resolve();
  readonly records: number;
  readonly finalRows: number;
  readonly turnCount: number;
  readonly bytesRead: number;
  readonly warnings: readonly string[];
  readonly wire: Buffer;
  readonly #offsets: Float64Array;
  readonly #lengths: Uint32Array;
  readonly #frames: Uint8Array;
  readonly #summaries: Buffer;
  readonly #summaryAt: Float64Array;
  readonly #turns: Buffer;
  readonly #turnAt: Float64Array;

  constructor(
    readonly id: string,
    readonly source: IndexSource,
    buf: Buffer,
    t: SavedTrailer,
  ) {
    const at = (name: SectionName) => buf.subarray(t.sections[name][0], t.sections[name][0] + t.sections[name][1]);
    this.records = t.records;
    this.finalRows = t.rows;
    this.turnCount = t.turns;
    this.bytesRead = t.bytesRead;
    this.warnings = t.warnings;
    this.wire = at('wire');
    this.#summaries = at('summaries');
    this.#turns = at('turns');
    this.#offsets = numbers(at('offsets'), Float64Array, t.records);
    this.#lengths = numbers(at('lengths'), Uint32Array, t.records);
    this.#frames = numbers(at('frames'), Uint8Array, t.records);
    this.#summaryAt = numbers(at('summaryAt'), Float64Array, t.rows + 1);
    this.#turnAt = numbers(at('turnAt'), Float64Array, t.turns + 1);
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

  summariesJson(from: number, to: number): string {
    // Each summary is stored with its comma: the last one's is left out.
    return `[${this.#summaries.toString('latin1', this.#summaryAt[from], to > from ? this.#summaryAt[to] - 1 : this.#summaryAt[from])}]`;
  }

  turnJson(index: number): string | undefined {
    if (!Number.isInteger(index) || index < 1 || index > this.turnCount) return undefined;
    return this.#turns.toString('latin1', this.#turnAt[index - 1], this.#turnAt[index]);
  }
}

type NumberArray = Float64ArrayConstructor | Uint32ArrayConstructor | Uint8ArrayConstructor;

/** A copy of a section as numbers (a copy: a section's offset in the file need not be aligned to its element). */
function numbers<C extends NumberArray>(bytes: Buffer, Kind: C, count: number): InstanceType<C> {
  const out = new Kind(count) as InstanceType<C>;
  if (bytes.length !== out.byteLength) throw new Error(`a section holds ${bytes.length} bytes, not ${out.byteLength}`);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/**
 * The index in `buf` (a file's whole content), or the reason it cannot be used: not an index
 * file, another version, cut short, or the index of another capture than `source`.
 */
export function readSavedIndex(buf: Buffer, source: IndexSource, id: string): SavedIndex | string {
  const digits = buf.toString('latin1', buf.length - TRAILER_DIGITS - 1, buf.length - 1);
  const length = /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
  const start = buf.length - TRAILER_DIGITS - 1 - length;
  if (!(length > 0) || start < 0) return 'not an index file';
  let t: SavedTrailer;
  try {
    t = JSON.parse(buf.toString('latin1', start, start + length)) as SavedTrailer;
  } catch {
    return 'not an index file';
  }
  if (t?.format !== FORMAT || typeof t.sections !== 'object' || t.sections === null) return 'not an index file';
  if (t.version !== VERSION || t.tool !== TOOL.version) return 'written by another version';
  if (t.key !== source.key) return 'the index of another capture';
  for (const [name, [s, n]] of Object.entries(t.sections)) {
    if (!(s >= 0 && n >= 0 && s + n <= start)) return `its ${name} section is cut short`;
  }
  try {
    return new SavedIndex(id, source, buf, t);
  } catch (err) {
    return (err as Error).message;
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
    (await section('turns', () => gathered(out, turns, turnAt, (i) => index.turnJson(i + 1) ?? 'null', pause))) &&
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
