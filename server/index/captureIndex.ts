import { addRecord } from '../../src/core/addRecord.ts';
import type { CaptureRecord, FaultRecord } from '../../src/core/capture.ts';
import { CaptureFormatError, lineTooLongMessage, MAX_LINE_CHARS } from '../../src/core/capture.ts';
import { createCaptureReader } from '../../src/core/captureReader.ts';
import { readFrameLine } from '../../src/core/export/frameLine.ts';
import { InspectorError } from '../../src/core/errors.ts';
import { encodeRows, type ModelSnapshot, type WireRows } from '../../src/core/indexWire.ts';
import type { Turn } from '../../src/core/model.ts';
import { maskSecrets } from '../../src/core/redact.ts';
import { createTimeline } from '../../src/core/timeline.ts';
import { createCaptureModel } from '../../src/core/turns.ts';
import { mayHoldKey } from '../broadcast/maskChunk.ts';
import { timeSlicer } from '../captures/slices.ts';
import { decodeUtf8 } from '../captures/utf8.ts';
import { readLines } from '../tee/lineSource.ts';
import { asciiJson } from './asciiJson.ts';
import type { IndexSource, IndexView } from './indexView.ts';

export interface IndexBuildOptions {
  /** Longest run of work between two turns of the event loop (the relay forwards agents' frames on this thread). */
  sliceMs?: number;
}

/** Bytes per read; each read is fed to the reader in pieces of PIECE so a pause can come between them. */
const READ_BYTES = 1 << 20;
const PIECE = 64 * 1024;
/** Default slice: server/captures/api.ts's export slice. */
const SLICE_MS = 4;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * The index of one capture, built once by the CLI: the timeline's rows and the turn model (the same
 * core code the page runs, so they equal what the page would build), and per record only its byte
 * offset and length in the capture, so a page can fetch the few records it shows. Lines are masked
 * (src/core/redact.ts) before they are parsed, as the feed masks them before a page parses them:
 * no summary, turn text or search result can hold a key.
 *
 * Built in time slices (`ready` resolves at the end, never rejects: see `error`); listeners hear of
 * every slice, so a route can stream rows while the index grows.
 */
export class CaptureIndex implements IndexView {
  readonly id: string;
  readonly source: IndexSource;
  readonly timeline = createTimeline({ keepRecords: false });
  readonly model = createCaptureModel();
  readonly faults: FaultRecord[] = [];
  /** Skipped lines, worded as the page's reader words them (at most MAX_KEPT_WARNINGS). */
  warnings: string[] = [];
  /** Set when the capture was refused (not a capture, unknown version, unreadable). */
  error: InspectorError | undefined;
  done = false;
  /** Bytes read so far. */
  bytesRead = 0;
  readonly ready: Promise<void>;
  #records = 0;
  #offsets = new Float64Array(4096);
  #lengths = new Uint32Array(4096);
  /** 1 for a frame record: search reads other records (a few) whole, frames by their payload. */
  #frames = new Uint8Array(4096);
  #listeners = new Set<() => void>();
  #readers = 0;
  #finalTurns = 0;
  #unread: (() => void)[] = [];

  constructor(id: string, source: IndexSource, opts: IndexBuildOptions = {}) {
    this.id = id;
    this.source = source;
    this.ready = this.#build(opts.sliceMs ?? SLICE_MS)
      .catch((err: unknown) => {
        this.error = err instanceof InspectorError ? err : new InspectorError(`cannot read ${source.name}: ${(err as Error).message}`, 'UNREADABLE');
      })
      .finally(() => {
        this.done = true;
        this.#notify();
      });
  }

  get records(): number {
    return this.#records;
  }

  /** Byte offset and length (without its newline) of record `i`'s line in the capture. */
  offsetOf(i: number): number {
    return this.#offsets[i];
  }
  lengthOf(i: number): number {
    return this.#lengths[i];
  }
  isFrame(i: number): boolean {
    return this.#frames[i] === 1;
  }

  /** Offsets, lengths and frame flags of every record indexed so far (views, not copies). */
  columns(): { offsets: Float64Array; lengths: Uint32Array; frames: Uint8Array } {
    const n = this.#records;
    return { offsets: this.#offsets.subarray(0, n), lengths: this.#lengths.subarray(0, n), frames: this.#frames.subarray(0, n) };
  }

  /** Rows that cannot change any more: all of them once built; before, all but the last (it may still fold deltas). */
  get finalRows(): number {
    const n = this.timeline.rows.length;
    return this.done ? n : Math.max(0, n - 1);
  }

  /**
   * Turns that cannot change any more, from the first: all of them once built; before, those up to
   * the first still open. A turn changes only while it is open on its lane (src/core/turns.ts
   * applies each event to the open turn it answers); once ended (`endT`), it never changes again.
   */
  get finalTurns(): number {
    const turns = this.model.turns();
    if (this.done) return turns.length;
    while (this.#finalTurns < turns.length && turns[this.#finalTurns].endT !== undefined) this.#finalTurns++;
    return this.#finalTurns;
  }

  /** Calls `fn` after every slice of the build and at its end; returns the unsubscribe. */
  onChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Marks a page reading the index's stream; call the returned function when it ends. */
  reading(): () => void {
    this.#readers++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.#readers > 0) return;
      for (const fn of this.#unread.splice(0)) fn();
    };
  }

  /** Resolves when no page is reading the index's stream. */
  untilUnread(): Promise<void> {
    return this.#readers === 0 ? Promise.resolve() : new Promise((resolve) => this.#unread.push(resolve));
  }

  #notify(): void {
    for (const fn of this.#listeners) fn();
  }

  async #build(sliceMs: number): Promise<void> {
    const { timeline, model, faults } = this;
    // Each line's bytes are known only to rawLine and the decoder: lines come in file order, and each
    // one (blank and corrupt ones too) is either taken by rawLine or decoded once, never both, so the
    // next line starts where the last one ended plus its newline.
    let nextOffset = 0;
    let lineOffset = 0;
    let lineLength = 0;
    let pieceClean = false;
    const decode = (bytes: Uint8Array, start: number, end: number): string => {
      lineOffset = nextOffset;
      lineLength = end - start;
      nextOffset += lineLength + 1;
      const buf = asBuffer(bytes);
      const text = buf.toString('utf8', start, end);
      // The page parses masked lines (the feed masks them): so does the index, or a summary could
      // keep the head of a key too short to be recognised once cut.
      return pieceClean || !mayHoldKey(buf.subarray(start, end)) ? text : maskSecrets(text);
    };
    const record = (rec: CaptureRecord): void => {
      const i = this.#records++;
      if (i === this.#offsets.length) this.#grow();
      this.#offsets[i] = lineOffset;
      this.#lengths[i] = lineLength;
      if (rec.kind === 'frame') this.#frames[i] = 1;
      addRecord(model, timeline, rec);
      if (rec.kind === 'fault') faults.push(rec);
    };
    const reader = createCaptureReader(
      {
        record,
        // A frame line in the relay's layout is read from its bytes without parsing the whole line,
        // but only when it holds nothing key-shaped: a line that may hold a key takes the masked path.
        rawLine: (bytes, start, end) => {
          if (!pieceClean && mayHoldKey(asBuffer(bytes).subarray(start, end))) return false;
          const frame = readFrameLine(bytes, start, end, decodeUtf8);
          if (frame === undefined) return false;
          lineOffset = nextOffset;
          lineLength = end - start;
          nextOffset += lineLength + 1;
          record(frame.rec);
          return true;
        },
      },
      MAX_LINE_CHARS,
      decode,
    );
    const pause = timeSlicer(sliceMs);
    const store = this.source.open();
    const length = this.source.length;
    try {
      let pos = 0;
      let next: Promise<Buffer | null> | undefined = length > 0 ? Promise.resolve(readLines(store, length, 0, READ_BYTES)) : undefined;
      while (next) {
        const buf = await next;
        if (buf === null) {
          const line = reader.lines + 1;
          throw new CaptureFormatError(lineTooLongMessage(line, MAX_LINE_CHARS), line, 'LINE_TOO_LONG');
        }
        pos += buf.length;
        // The next read runs while this one is parsed.
        next = pos < length && buf.length > 0 ? Promise.resolve(readLines(store, length, pos, READ_BYTES)) : undefined;
        for (let at = 0; at < buf.length; ) {
          let end = Math.min(buf.length, at + PIECE);
          if (end < buf.length) {
            const nl = buf.indexOf(0x0a, end);
            end = nl === -1 ? buf.length : nl + 1;
          }
          const piece = buf.subarray(at, end);
          // One scan per piece instead of one per line: most pieces hold nothing key-shaped.
          pieceClean = !mayHoldKey(piece);
          reader.push(piece);
          at = end;
          this.bytesRead += piece.length;
          const y = pause();
          if (y) {
            this.#notify();
            await y;
          }
        }
      }
      pieceClean = false;
      reader.end();
    } finally {
      this.warnings = reader.warnings.map((w) => w.message);
      await store.close?.();
    }
  }

  #grow(): void {
    const offsets = new Float64Array(this.#offsets.length * 2);
    offsets.set(this.#offsets);
    this.#offsets = offsets;
    const lengths = new Uint32Array(this.#lengths.length * 2);
    lengths.set(this.#lengths);
    this.#lengths = lengths;
    const frames = new Uint8Array(this.#frames.length * 2);
    frames.set(this.#frames);
    this.#frames = frames;
  }

  /**
   * How far rows `0..to` (exclusive) reach into the capture: the records they hold and the bytes up
   * to the end of the last of them. A page's progress while it reads the rows: the build's own counts
   * (`records`, `bytesRead`) are the whole capture once it is built or read back, and would put the
   * bar at 100% with most rows still to come.
   */
  reach(to: number): { records: number; bytes: number } {
    if (to <= 0) return { records: 0, bytes: 0 };
    const { members } = this.timeline.rows[to - 1];
    const records = members[0] + members.length;
    const last = records - 1;
    return { records, bytes: Math.min(this.bytesRead, this.#offsets[last] + this.#lengths[last] + 1) };
  }

  /** Rows `from`..`to` (exclusive) on the wire. */
  wireRows(from: number, to: number): WireRows {
    return encodeRows(this.timeline.rows, from, to);
  }

  /** Summaries of rows `from`..`to` (exclusive): the rows go to the page without them (indexWire.ts). */
  summaries(from: number, to: number): string[] {
    const rows = this.timeline.rows;
    const out = new Array<string>(to - from);
    for (let i = from; i < to; i++) out[i - from] = rows[i].summary;
    return out;
  }

  summariesJson(from: number, to: number): string {
    return asciiJson(this.summaries(from, to));
  }

  /** Turn `index` (1-based, `Turn.index`) whole, as the model holds it; undefined past the last. */
  turn(index: number): Turn | undefined {
    return this.model.turns()[index - 1];
  }

  turnJson(index: number): string | undefined {
    const turn = this.turn(index);
    return turn && asciiJson(turn);
  }

  get turnCount(): number {
    return this.model.turns().length;
  }

  /**
   * The turn model as the page shows it (src/core/indexWire.ts ModelSnapshot), turns whole: the
   * `done` message cuts each to its preview (turnPreview) as it writes it, since copying every
   * turn at once (41,666 for a million records) held tens of MB more in the CLI.
   */
  snapshot(): ModelSnapshot {
    const model = this.model;
    const connections = [...model.connections()];
    return {
      info: { ...model.info() },
      connections,
      turns: [...model.turns()],
      lanes: Object.fromEntries(connections.map((c) => [c.conn, [...model.lanesOf(c.conn)]])),
    };
  }
}
