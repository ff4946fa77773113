/**
 * The capture index's wire format: what the CLI sends a page that shows a large capture it indexed,
 * instead of the capture's bytes. The CLI reads and parses the capture (Node does that several times
 * faster than a page can even download it), builds the timeline's rows and the turn model once, and
 * keeps each record's byte offset; the page receives the rows and the model, and fetches the few
 * records it shows (the detail pane, an expanded folded row) and search results on demand.
 *
 * Routes (behind the dashboard's token, Host and Origin checks; every answer masked on its way out):
 * - `GET /api/index[?file=NAME]`: NDJSON of IndexMessage, one per line: `start`, then `rows` as the
 *   index grows, then `done` (or `error`). No `file`: the capture this process shows.
 * - `GET /api/index/records?id=ID&from=I&count=N`: the capture lines of records I..I+N-1, NDJSON,
 *   exactly as in the file (keys masked); N at most INDEX_RECORDS_MAX.
 * - `GET /api/index/search?id=ID&q=TEXT[&regex=1]`: IndexSearchResult, the records whose line
 *   matches, with the same rules as the page's own search (src/core/filters.ts compileSearch).
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
/** Most records one `/api/index/records` answers. */
export const INDEX_RECORDS_MAX = 2000;

/**
 * One timeline row on the wire. Its position in the row list is its index; `members` is the
 * first record index and how many follow it (a folded row's members are consecutive records:
 * any other record in between ends the fold). No `deltaText`: the detail pane assembles it from
 * the members it fetches.
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
  summary: string;
  size: number;
  first: number;
  count: number;
  errorCode?: string;
  mark?: RowMark;
  faulted?: TimelineRow['faulted'];
}

/** The turn model as computed over the whole capture (src/core/turns.ts CaptureModel's outputs). */
export interface ModelSnapshot {
  info: CaptureInfo;
  connections: ConnectionInfo[];
  /**
   * In send order. `outputText` is cut at OUTPUT_TEXT_WIRE_MAX characters on the wire (`outputChars`
   * then holds the full length); the frames hold the rest.
   */
  turns: Array<Turn & { outputChars?: number }>;
  /** Lanes per connection in order of first use (`lanesOf`). */
  lanes: Record<string, Array<string | null>>;
}

export const OUTPUT_TEXT_WIRE_MAX = 4096;

export type IndexMessage =
  /** `id` names this index in later requests; `bytes` is the capture's size being indexed. */
  | { type: 'start'; id: string; name: string; bytes: number }
  /**
   * Rows `from`.. that are final (the last row can still fold deltas until the next record, so it
   * is sent with the next batch or with `done`); `records` and `bytes` read so far, for progress.
   */
  | { type: 'rows'; from: number; rows: WireRow[]; records: number; bytes: number }
  | {
      type: 'done';
      from: number;
      rows: WireRow[];
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

/** A timeline row as the wire carries it. */
export function wireRow(r: TimelineRow): WireRow {
  const w: WireRow = {
    kind: r.kind,
    t: r.t,
    conn: r.conn,
    dir: r.dir,
    seq: r.seq,
    lane: r.lane,
    turn: r.turn,
    type: r.type,
    summary: r.summary,
    size: r.size,
    first: r.members[0],
    count: r.members.length,
  };
  if (r.errorCode !== undefined) w.errorCode = r.errorCode;
  if (r.mark !== undefined) w.mark = r.mark;
  if (r.faulted !== undefined) w.faulted = r.faulted;
  return w;
}
