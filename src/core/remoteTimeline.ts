/**
 * A Timeline over rows the CLI's index sends (src/core/indexWire.ts), for a capture too large to
 * ship to the page: it holds the rows, never the records. `record(i)` answers from a small cache;
 * a miss asks `want(i)` (the source fetches a batch from /api/index/records and `putRecords` fills
 * the cache), so whatever renders a record sees undefined once and the record on a later render.
 *
 * Rows come without their summaries (two thirds of the rows' bytes): `summaryOf(row)` answers ''
 * for a row whose summary has not arrived and asks `wantSummaries(block)` for the aligned block of
 * SUMMARY_BLOCK rows holding it (the source fetches /api/index/summaries, `putSummaries` fills the
 * rows), so a list asks for the rows it draws, with their neighbours, once per block.
 *
 * Memory is per row, not per record: a row keeps the wire's fields, its members as the range the
 * wire says (an array only once something reads them) and interned connection, lane and type
 * strings (a million rows share a few dozen of those). Rows are built straight from the wire's
 * columns, with no object per row in between.
 */

import type { CaptureKind, CaptureRecord, Direction } from './capture.ts';
import type { WireDict, WireRows } from './indexWire.ts';
import type { RowMark, Timeline, TimelineRow } from './timeline.ts';

/** Records kept fetched: far more than a screen and a detail pane need, far less than a capture. */
export const RECORD_CACHE_MAX = 20_000;
/** Rows whose summaries are asked for together: a screen's worth and a scroll's next few. */
export const SUMMARY_BLOCK = 256;

export interface RemoteTimeline extends Timeline {
  /**
   * Rows `from`.. as sent. A row already held at `from` or after (the last row, which could still
   * fold deltas) is replaced. `records`: records indexed so far.
   */
  addRows(from: number, rows: WireRows, records: number): void;
  /** Records `from`.. fetched from the CLI. */
  putRecords(from: number, records: readonly CaptureRecord[]): void;
  /** Summaries of rows `from`.. fetched from the CLI. */
  putSummaries(from: number, summaries: readonly string[]): void;
}

export interface RemoteTimelineOptions {
  /** Record `i` was asked for and is not cached. */
  want?(i: number): void;
  /** A row of block `block` (rows block*SUMMARY_BLOCK..) was drawn and its summary has not arrived. */
  wantSummaries?(block: number): void;
  cacheMax?: number;
}

/**
 * A row of the index: its members are consecutive records (the wire sends the first and the count),
 * made into the array TimelineRow.members is only when something reads it (an expanded row's lines,
 * the row selected, its assembled text); the view and the lines count through memberCount(). A
 * million rows then hold two small numbers each, not an array each (a 1M-record reopen's heap after
 * a collection: 56 MB, against 64 MB with an array per row).
 */
class IndexRow implements TimelineRow {
  summary = '';
  foldKey = null;
  declare errorCode?: string;
  declare mark?: RowMark;
  declare faulted?: 'injected' | 'withheld';
  readonly firstMember: number;
  readonly memberCount: number;
  #members: number[] | undefined;
  constructor(
    readonly index: number,
    readonly kind: CaptureKind,
    readonly t: number,
    readonly conn: string | null,
    readonly dir: Direction | null,
    readonly seq: number | null,
    readonly lane: string | null,
    readonly turn: number | null,
    readonly type: string,
    readonly size: number,
    first: number,
    count: number,
  ) {
    this.firstMember = first;
    this.memberCount = count;
  }
  get members(): number[] {
    if (this.#members === undefined) {
      this.#members = new Array<number>(this.memberCount);
      for (let m = 0; m < this.memberCount; m++) this.#members[m] = this.firstMember + m;
    }
    return this.#members;
  }
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
  // 1 for a row whose summary arrived; a row sent again (the last one may fold more) is 0 again.
  let summaryKnown = new Uint8Array(4096);

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

  /** A dictionary column's values, interned across messages. */
  const valuesOf = <T extends string | null>(col: WireDict<T>): T[] => col.values.map(intern);

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
    summaryOf(row) {
      if (summaryKnown[row] !== 1 && row >= 0 && row < rows.length) opts.wantSummaries?.(Math.floor(row / SUMMARY_BLOCK));
      return rows[row].summary;
    },
    putSummaries(from, summaries) {
      const n = Math.min(summaries.length, rows.length - from);
      for (let k = 0; k < n; k++) {
        rows[from + k].summary = summaries[k];
        summaryKnown[from + k] = 1;
      }
    },
    addRows(from, wire, records) {
      const kinds = valuesOf(wire.kind);
      const connValues = valuesOf(wire.conn);
      const dirs = valuesOf(wire.dir);
      const laneValues = valuesOf(wire.lane);
      const typeValues = valuesOf(wire.type);
      const n = wire.t.length;
      if (from > rows.length) throw new RangeError(`row ${from} arrived before row ${rows.length}`);
      if (from + n > summaryKnown.length) {
        const grown = new Uint8Array(Math.max(2 * summaryKnown.length, from + n));
        grown.set(summaryKnown);
        summaryKnown = grown;
      }
      summaryKnown.fill(0, from, from + n);
      let end = 0;
      let t = 0;
      for (let k = 0; k < n; k++) {
        const index = from + k;
        t = wire.tDelta ? t + wire.t[k] : wire.t[k];
        const first = end + wire.first[k];
        const count = wire.count[k];
        end = first + count;
        const seq = wire.seq[k] < 0 ? null : wire.seq[k];
        const turn = wire.turn[k] < 0 ? null : wire.turn[k];
        const row = new IndexRow(
          index,
          kinds[wire.kind.at[k]],
          t,
          connValues[wire.conn.at[k]],
          dirs[wire.dir.at[k]],
          seq,
          laneValues[wire.lane.at[k]],
          turn,
          typeValues[wire.type.at[k]],
          wire.size[k],
          first,
          count,
        );
        rows[index] = row;
        if (row.kind === 'frame' && row.conn !== null && seq !== null) {
          let list = frameRows.get(row.conn);
          if (!list) frameRows.set(row.conn, (list = []));
          for (let s = 0; s < count; s++) list[seq + s] = index;
          note(seen.lanes, tl.lanes, row.lane);
        }
        note(seen.conns, tl.conns, row.conn);
        note(seen.types, tl.types, row.type);
        if (turn !== null && turn > tl.maxTurn) tl.maxTurn = turn;
      }
      for (let j = 0; j < wire.errorCode.at.length; j++) rows[from + wire.errorCode.at[j]].errorCode = wire.errorCode.values[j];
      for (let j = 0; j < wire.mark.at.length; j++) rows[from + wire.mark.at[j]].mark = wire.mark.values[j];
      for (let j = 0; j < wire.faulted.at.length; j++) rows[from + wire.faulted.at[j]].faulted = wire.faulted.values[j];
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
