/**
 * The capture index's wire format: what the CLI sends a page that shows a large capture it indexed,
 * instead of the capture's bytes. The CLI reads and parses the capture (Node does that several times
 * faster than a page can even download it), builds the timeline's rows and the turn model once, and
 * keeps each record's byte offset; the page receives the rows and the model, and fetches the few
 * records it shows (the detail pane, an expanded folded row) and search results on demand.
 *
 * Routes (behind the dashboard's token, Host and Origin checks; every answer masked on its way out):
 * - `GET /api/index[?file=NAME]`: NDJSON of IndexMessage, one per line: `start`, then `rows` as the
 *   index grows, the model's `turns` in pieces as they end (a model of many turns), then `done` (or
 *   `error`). An index already built sends its first rows, its turns and its `model`, then the rest. No `file`: the capture this process shows.
 * - `GET /api/index/records?id=ID&from=I&count=N`: the capture lines of records I..I+N-1, NDJSON,
 *   exactly as in the file (keys masked); N at most INDEX_RECORDS_MAX.
 * - `GET /api/index/summaries?id=ID&from=R&count=N`: the summaries of rows R..R+N-1 as a JSON array of
 *   strings (fewer when the index has fewer final rows yet); N at most INDEX_SUMMARIES_MAX. Rows go
 *   without their summaries (two thirds of their bytes for a large capture): the page asks for
 *   the summaries of the rows it draws.
 * - `GET /api/index/search?id=ID&q=TEXT[&regex=1]`: IndexSearchResult, the records whose line
 *   matches, with the same rules as the page's own search (src/core/filters.ts compileSearch).
 * - `GET /api/index/turn?id=ID&turn=N`: the whole Turn N (1-based, `Turn.index`) as JSON: the `done`
 *   model cuts each turn's `outputText` to a preview, and the page asks for one turn when it shows it.
 *
 * JSON answers are pure ASCII (server/index/asciiJson.ts: other characters as `\u` escapes, the same
 * values to any JSON reader), which a page decodes and parses faster, into smaller strings.
 *
 * Errors are `{ error, code }` with the status of src/core/errors.ts httpStatusOf; an `id` the CLI
 * no longer holds is 404 `INDEX_GONE` (the page asks `/api/index` again).
 */

import type { FaultRecord } from './capture.ts';
import type { ConnectionInfo, Turn } from './model.ts';
import type { RowMark, TimelineRow } from './timeline.ts';
import type { CaptureInfo } from './turns.ts';

export const INDEX_PATH = '/api/index';
export const INDEX_RECORDS_PATH = '/api/index/records';
export const INDEX_SEARCH_PATH = '/api/index/search';
export const INDEX_TURN_PATH = '/api/index/turn';
export const INDEX_SUMMARIES_PATH = '/api/index/summaries';
/** Most records one `/api/index/records` answers. */
export const INDEX_RECORDS_MAX = 2000;
/** Most summaries one `/api/index/summaries` answers (a summary is at most SUMMARY_MAX characters). */
export const INDEX_SUMMARIES_MAX = 2000;

/**
 * One timeline row as the wire describes it (WireRows holds many, by column). `first` is the first
 * record index and `count` how many follow it (a folded row's members are consecutive records: any
 * other record in between ends the fold). No `deltaText`: the detail pane assembles it from the
 * members it fetches. No `summary`: the page asks `/api/index/summaries` for the rows it draws.
 */
export interface WireRow {
  kind: TimelineRow['kind'];
  t: number;
  conn: string | null;
  dir: TimelineRow['dir'];
  seq: number | null;
  lane: string | null;
  turn: number | null;
  type: string;
  size: number;
  first: number;
  count: number;
  errorCode?: string;
  mark?: RowMark;
  faulted?: TimelineRow['faulted'];
}

/** A column of few distinct strings: each row's value is `values[at[k]]`. */
export interface WireDict<T extends string | null> {
  values: T[];
  at: number[];
}

/** A column most rows leave out: row `at[j]` (within the message) has `values[j]`, the others none. */
export interface WireSparse<T extends string> {
  at: number[];
  values: T[];
}

/**
 * Rows by column: a row as a JSON object repeats its dozen key names (about half its bytes), and a
 * page parses arrays of numbers and short strings much faster than as many small objects.
 * - `t` holds each row's time as its difference from the previous row's (the first row's as is)
 *   when `tDelta` is true: 3-6 characters instead of 17 for an epoch-ms time with decimals. The
 *   encoder sends absolute times (`tDelta` false) for a message where one difference would not add
 *   back to the exact time (never for times of one capture: they are within a factor of two);
 * - `seq` and `turn` hold -1 for null (seqs and turn indices are never negative);
 * - `first` holds each row's first record as its distance from where the previous row of the
 *   message ended (0 for rows that follow each other, as all rows do), the first row's as is.
 */
export interface WireRows {
  kind: WireDict<TimelineRow['kind']>;
  tDelta: boolean;
  t: number[];
  conn: WireDict<string | null>;
  dir: WireDict<TimelineRow['dir']>;
  seq: number[];
  lane: WireDict<string | null>;
  turn: number[];
  type: WireDict<string>;
  size: number[];
  first: number[];
  count: number[];
  errorCode: WireSparse<string>;
  mark: WireSparse<RowMark>;
  faulted: WireSparse<NonNullable<TimelineRow['faulted']>>;
}

/** The turn model as computed over the whole capture (src/core/turns.ts CaptureModel's outputs). */
export interface ModelSnapshot {
  info: CaptureInfo;
  connections: ConnectionInfo[];
  /**
   * In send order. `outputText` is cut at OUTPUT_TEXT_PREVIEW characters on the wire (`outputChars`
   * then holds the full length): enough for the turns table; `/api/index/turn` answers the whole turn.
   */
  turns: Array<Turn & { outputChars?: number }>;
  /** Lanes per connection in order of first use (`lanesOf`). */
  lanes: Record<string, Array<string | null>>;
}

/**
 * Characters of a turn's output text the `done` model carries: the turns table shows 80 (with
 * whitespace folded), its tooltip the same preview; the detail pane fetches the turn whole. Each
 * character here is 41,666 bytes of a million-record capture's index.
 */
export const OUTPUT_TEXT_PREVIEW = 128;

export type IndexMessage =
  /**
   * `id` names this index in later requests; `bytes` is the capture's size being indexed. An index
   * already built also says `turns`, how many turns its model holds (the page then counts the turns
   * it lists against it and fits its turn columns at once), and a saved one `wireBytes`, the bytes of
   * every message after this line (its progress then follows the stream: most of a reopen's bytes
   * are turns, sent before most rows).
   */
  | { type: 'start'; id: string; name: string; bytes: number; turns?: number; wireBytes?: number }
  /**
   * Rows `from`.. that are final (the last row can still fold deltas until the next record, so it
   * is sent with the next batch or with `done`); `records` and `bytes`: how far the rows sent so far
   * reach into the capture (its records, and its bytes up to the last of them), for progress.
   */
  | { type: 'rows'; from: number; rows: WireRows; records: number; bytes: number }
  /**
   * Turns `from`.. of the model, as `done`'s model carries them (previews), in order, sent as they
   * end (an ended turn never changes) and before `done`: a large model in lines a page handles one at
   * a time, while the index grows. `done`'s `model.turns` then holds the turns after the last of these
   * (the model's turns are all of them).
   */
  | { type: 'turns'; from: number; turns: Array<Turn & { outputChars?: number }> }
  /**
   * The whole model (its turns: those of the `turns` messages before it, then its own) and the
   * capture's faults, sent by an index already built after its first rows: the page draws the turns,
   * summary and waterfall while the other rows arrive. `done` then carries the same model again.
   */
  | { type: 'model'; model: ModelSnapshot; faults: FaultRecord[] }
  | {
      type: 'done';
      from: number;
      rows: WireRows;
      records: number;
      bytes: number;
      startT: number | undefined;
      model: ModelSnapshot;
      faults: FaultRecord[];
      /** Lines skipped (truncated or corrupt), as the page's own reader words them. */
      warnings: string[];
    }
  | { type: 'error'; error: string; code: string };

/** Matching records as sorted, disjoint [start, end) ranges, flattened: [s0, e0, s1, e1, …]. */
export interface IndexSearchResult {
  matches: number;
  ranges: number[];
}

/** The turn as the `done` model carries it: its output text cut to a preview, with its full length. */
export function turnPreview(turn: Turn): Turn & { outputChars?: number } {
  return turn.outputText.length > OUTPUT_TEXT_PREVIEW ? { ...turn, outputText: turn.outputText.slice(0, OUTPUT_TEXT_PREVIEW), outputChars: turn.outputText.length } : turn;
}

function dictOf<T extends string | null>(): { col: WireDict<T>; add(v: T): void } {
  const col: WireDict<T> = { values: [], at: [] };
  const pos = new Map<T, number>();
  return {
    col,
    add(v) {
      let i = pos.get(v);
      if (i === undefined) {
        i = col.values.push(v) - 1;
        pos.set(v, i);
      }
      col.at.push(i);
    },
  };
}

/** Rows `from`..`to` (exclusive) of a timeline, by column: the one encoder of the `rows` wire. */
export function encodeRows(rows: readonly TimelineRow[], from = 0, to = rows.length): WireRows {
  const kind = dictOf<TimelineRow['kind']>();
  const conn = dictOf<string | null>();
  const dir = dictOf<TimelineRow['dir']>();
  const lane = dictOf<string | null>();
  const type = dictOf<string>();
  const out: WireRows = {
    kind: kind.col,
    tDelta: true,
    t: [],
    conn: conn.col,
    dir: dir.col,
    seq: [],
    lane: lane.col,
    turn: [],
    type: type.col,
    size: [],
    first: [],
    count: [],
    errorCode: { at: [], values: [] },
    mark: { at: [], values: [] },
    faulted: { at: [], values: [] },
  };
  let end = 0;
  let prevT = 0;
  for (let i = from; i < to; i++) {
    const r = rows[i];
    const k = i - from;
    kind.add(r.kind);
    const dt = r.t - prevT;
    if (prevT + dt !== r.t) out.tDelta = false;
    out.t.push(dt);
    prevT = r.t;
    conn.add(r.conn);
    dir.add(r.dir);
    out.seq.push(r.seq ?? -1);
    lane.add(r.lane);
    out.turn.push(r.turn ?? -1);
    type.add(r.type);
    out.size.push(r.size);
    const first = r.members[0];
    out.first.push(first - end);
    out.count.push(r.members.length);
    end = first + r.members.length;
    if (r.errorCode !== undefined) {
      out.errorCode.at.push(k);
      out.errorCode.values.push(r.errorCode);
    }
    if (r.mark !== undefined) {
      out.mark.at.push(k);
      out.mark.values.push(r.mark);
    }
    if (r.faulted !== undefined) {
      out.faulted.at.push(k);
      out.faulted.values.push(r.faulted);
    }
  }
  if (!out.tDelta) for (let i = from; i < to; i++) out.t[i - from] = rows[i].t;
  return out;
}
