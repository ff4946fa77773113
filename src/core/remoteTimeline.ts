/**
 * A Timeline over rows the CLI's index sends (src/core/indexWire.ts), for a capture too large to
 * ship to the page: it holds the rows, never the records. `record(i)` answers from a small cache;
 * a miss asks `want(i)` (the source fetches a batch from /api/index/records and `putRecords` fills
 * the cache), so whatever renders a record sees undefined once and the record on a later render.
 *
 * Memory is per row, not per record: a row keeps the wire's fields, its members as one small array
 * and interned connection, lane and type strings (a million rows share a few dozen of those).
 */

import type { CaptureRecord } from './capture.ts';
import type { WireRow } from './indexWire.ts';
import type { Timeline, TimelineRow } from './timeline.ts';

/** Records kept fetched: far more than a screen and a detail pane need, far less than a capture. */
export const RECORD_CACHE_MAX = 20_000;

export interface RemoteTimeline extends Timeline {
  /**
   * Rows `from`.. as sent. A row already held at `from` or after (the last row, which could still
   * fold deltas) is replaced. `records`: records indexed so far.
   */
  addRows(from: number, rows: readonly WireRow[], records: number): void;
  /** Records `from`.. fetched from the CLI. */
  putRecords(from: number, records: readonly CaptureRecord[]): void;
}

export interface RemoteTimelineOptions {
  /** Record `i` was asked for and is not cached. */
  want?(i: number): void;
  cacheMax?: number;
}

export function createRemoteTimeline(opts: RemoteTimelineOptions = {}): RemoteTimeline {
  const cacheMax = opts.cacheMax ?? RECORD_CACHE_MAX;
  const rows: TimelineRow[] = [];
  const cache = new Map<number, CaptureRecord>();
  const strings = new Map<string, string>();
  const seen = { conns: new Set<string>(), lanes: new Set<string>(), types: new Set<string>() };
  // Per connection, row index by frame seq; a folded row covers consecutive seqs of its connection.
  const frameRows = new Map<string, number[]>();
  let recordCount = 0;

  const intern = <T extends string | null>(s: T): T => {
    if (s === null) return s;
    const held = strings.get(s);
    if (held !== undefined) return held as T;
    strings.set(s, s);
    return s;
  };

  function note(set: Set<string>, list: string[], value: string | null) {
    if (value !== null && !set.has(value)) {
      set.add(value);
      list.push(value);
    }
  }

  function toRow(w: WireRow, index: number): TimelineRow {
    const members = new Array<number>(w.count);
    for (let k = 0; k < w.count; k++) members[k] = w.first + k;
    const row: TimelineRow = {
      index,
      kind: w.kind,
      t: w.t,
      conn: intern(w.conn),
      dir: w.dir,
      seq: w.seq,
      lane: intern(w.lane),
      turn: w.turn,
      type: intern(w.type),
      summary: w.summary,
      size: w.size,
      members,
      foldKey: null,
    };
    if (w.errorCode !== undefined) row.errorCode = w.errorCode;
    if (w.mark !== undefined) row.mark = w.mark;
    if (w.faulted !== undefined) row.faulted = w.faulted;
    return row;
  }

  const tl: RemoteTimeline = {
    records: null,
    get recordCount() {
      return recordCount;
    },
    record(i) {
      const rec = cache.get(i);
      if (rec === undefined && i >= 0 && i < recordCount) opts.want?.(i);
      return rec;
    },
    rows,
    startT: undefined,
    version: 0,
    conns: [],
    lanes: [],
    types: [],
    maxTurn: 0,
    add() {
      // Records of an indexed capture stay with the CLI; nothing feeds this timeline record by record.
    },
    rowOfFrame(conn, seq) {
      return frameRows.get(conn)?.[seq];
    },
    addRows(from, wire, records) {
      for (let k = 0; k < wire.length; k++) {
        const index = from + k;
        if (index > rows.length) throw new RangeError(`row ${index} arrived before row ${rows.length}`);
        const row = toRow(wire[k], index);
        rows[index] = row;
        if (row.kind === 'frame' && row.conn !== null && row.seq !== null) {
          let list = frameRows.get(row.conn);
          if (!list) frameRows.set(row.conn, (list = []));
          for (let s = 0; s < row.members.length; s++) list[row.seq + s] = index;
          note(seen.lanes, tl.lanes, row.lane);
        }
        note(seen.conns, tl.conns, row.conn);
        note(seen.types, tl.types, row.type);
        if (row.turn !== null && row.turn > tl.maxTurn) tl.maxTurn = row.turn;
      }
      tl.startT ??= rows[0]?.t;
      recordCount = Math.max(recordCount, records);
      tl.version++;
    },
    putRecords(from, recs) {
      for (let k = 0; k < recs.length; k++) {
        cache.delete(from + k);
        cache.set(from + k, recs[k]);
      }
      // Map iteration is insertion order: the records fetched longest ago go first.
      for (const key of cache.keys()) {
        if (cache.size <= cacheMax) break;
        cache.delete(key);
      }
    },
  };
  return tl;
}
