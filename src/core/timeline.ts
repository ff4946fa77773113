/**
 * The timeline's rows, built incrementally from capture records. One row per record,
 * except that consecutive streaming deltas of one item (same connection, same fold key) fold into
 * one row that counts them. Rows live in one array that only grows: the live view appends in place
 * and bumps `version`, so nothing copies 100k rows per record.
 */

import type { CaptureRecord, CaptureKind, Direction, FrameRecord } from './capture.ts';
import { deltaSummary, describeFrame, describeRecord, SUMMARY_MAX, type SummaryContext } from './summarize.ts';
import { httpDisplayPayload } from './turns/httpFrames.ts';

/** Rows flagged on the timeline because they explain a reconnect or a lost cache. */
export type RowMark = 'error' | 'limit' | 'cache-miss' | 'close' | 'refused' | 'gap' | 'fault';

export interface TimelineRow {
  /** Position in `rows`. */
  index: number;
  kind: CaptureKind;
  /** Time of the first record of the row (epoch ms). */
  t: number;
  conn: string | null;
  dir: Direction | null;
  /** seq of the first frame of the row. */
  seq: number | null;
  lane: string | null;
  /** Turn.index of the turn the frame belongs to. */
  turn: number | null;
  /** Event type for frames, the record kind otherwise. */
  type: string;
  summary: string;
  /** Payload bytes, summed over folded frames. */
  size: number;
  /** Indices into `records`: one, or all the folded deltas in order. */
  members: number[];
  /**
   * An index's row (src/core/remoteTimeline.ts) holds consecutive records, `memberCount` from
   * `firstMember`, and makes `members` only when it is read: read these through `memberCount()` and
   * `memberAt()` where every row is visited.
   */
  readonly firstMember?: number;
  readonly memberCount?: number;
  foldKey: string | null;
  errorCode?: string;
  mark?: RowMark;
  /** Text the folded deltas add up to (capped at DELTA_TEXT_MAX). */
  deltaText?: string;
  /** A fault made this frame: the relay sent it (`injected`) or kept it from the upstream (`withheld`). */
  faulted?: 'injected' | 'withheld';
}

/** How many records a row holds, without making an index row's members array. */
export function memberCount(row: TimelineRow): number {
  return row.memberCount ?? row.members.length;
}

/** The record index of a row's member `k`, without making an index row's members array. */
export function memberAt(row: TimelineRow, k: number): number {
  return row.firstMember === undefined ? row.members[k] : row.firstMember + k;
}

/** Lane and turn of a frame, from the turn model. */
export type TurnLookup = (conn: string, seq: number) => { index: number; lane: string | null } | undefined;

/** Enough of the folded text for the summary; the detail pane reads the frames themselves. */
export const DELTA_TEXT_MAX = 4096;
/**
 * Text length past which a folded row's summary is final: oneLine() at most halves a text (\r\n
 * becomes one mark), so the summary's first SUMMARY_MAX characters are already fixed.
 */
const SUMMARY_STABLE_AFTER = 2 * SUMMARY_MAX + 2;

export interface Timeline {
  /**
   * Every record, in file order, when this timeline holds them (the page's own, built from the
   * feed or a file); null when the records stay where the capture is (an index built by the CLI
   * keeps byte offsets instead, and the page fetches the few it shows).
   */
  readonly records: readonly CaptureRecord[] | null;
  /** Records added so far (row members index them from 0). */
  readonly recordCount: number;
  /** Record `i`, or undefined when this timeline does not hold it. */
  record(i: number): CaptureRecord | undefined;
  readonly rows: TimelineRow[];
  /** Session start: the capture.start time, else the first record's. */
  startT: number | undefined;
  /** Bumped on every change to rows (appends and folds). */
  version: number;
  /** Distinct values seen, in first-seen order, for the filter menus. */
  readonly conns: string[];
  readonly lanes: string[];
  readonly types: string[];
  maxTurn: number;
  /** `payload`: a frame's data already parsed by the caller, so it is parsed once. */
  add(record: CaptureRecord, turnOf?: TurnLookup, payload?: unknown): void;
  /** The row holding frame `seq` of `conn` (folded frames map to their row). */
  rowOfFrame(conn: string, seq: number): number | undefined;
  /**
   * Row `row`'s summary, as whatever draws a row reads it: an indexed capture's rows come without
   * theirs (src/core/remoteTimeline.ts), and this asks for it ('' until it arrives).
   */
  summaryOf(row: number): string;
}

export interface TimelineOptions {
  /** false: count records without holding them (the CLI's index keeps their byte offsets instead). */
  keepRecords?: boolean;
}

export function createTimeline(opts: TimelineOptions = {}): Timeline {
  const records: CaptureRecord[] | null = opts.keepRecords === false ? null : [];
  let recordCount = 0;
  const rows: TimelineRow[] = [];
  const toolNames = new Map<string, string>();
  const ctx: SummaryContext = { toolName: (id) => toolNames.get(id) };
  const seen = { conns: new Set<string>(), lanes: new Set<string>(), types: new Set<string>() };
  // Per connection, row index by frame seq (seq counts from 1 and has no holes).
  const frameRows = new Map<string, number[]>();

  const tl: Timeline = {
    records,
    get recordCount() {
      return recordCount;
    },
    record(i) {
      return records?.[i];
    },
    rows,
    startT: undefined,
    version: 0,
    conns: [],
    lanes: [],
    types: [],
    maxTurn: 0,
    add(record, turnOf, payload) {
      const ri = recordCount++;
      records?.push(record);
      tl.startT ??= record.t;
      if (record.kind === 'frame') addFrame(record, ri, turnOf, payload);
      else addOther(record, ri);
      tl.version++;
    },
    rowOfFrame(conn, seq) {
      return frameRows.get(conn)?.[seq];
    },
    summaryOf(row) {
      return rows[row].summary;
    },
  };

  function note(set: Set<string>, list: string[], value: string | null) {
    if (value !== null && !set.has(value)) {
      set.add(value);
      list.push(value);
    }
  }

  function indexFrame(conn: string, seq: number, row: number) {
    let list = frameRows.get(conn);
    if (!list) frameRows.set(conn, (list = []));
    list[seq] = row;
  }

  function addFrame(rec: FrameRecord, ri: number, turnOf?: TurnLookup, payload?: unknown) {
    // HTTP passthrough frames are described as the events they stand for.
    const info = describeFrame(rec.data, rec.binary, ctx, rec.http === undefined ? payload : httpDisplayPayload(rec, payload));
    if (info.announces) toolNames.set(info.announces.itemId, info.announces.name);
    const last = rows[rows.length - 1];
    if (info.foldKey && last && last.foldKey === info.foldKey && last.conn === rec.conn && last.dir === rec.dir) {
      last.members.push(ri);
      last.size += rec.size;
      const before = last.deltaText!.length;
      if (before < DELTA_TEXT_MAX) last.deltaText += info.delta ?? '';
      // Once the text is longer than a summary shows, more deltas cannot change the summary:
      // recomputing it per delta made long answers cost O(text) each.
      if (before <= SUMMARY_STABLE_AFTER) last.summary = deltaSummary(info.type, info.itemId!, last.deltaText!, ctx);
      indexFrame(rec.conn, rec.seq, last.index);
      return;
    }
    const turn = turnOf?.(rec.conn, rec.seq);
    const lane = info.lane ?? turn?.lane ?? null;
    const row: TimelineRow = {
      index: rows.length,
      kind: 'frame',
      t: rec.t,
      conn: rec.conn,
      dir: rec.dir,
      seq: rec.seq,
      lane,
      turn: turn?.index ?? null,
      type: info.type,
      summary: info.summary,
      size: rec.size,
      members: [ri],
      foldKey: info.foldKey ?? null,
    };
    if (info.foldKey) row.deltaText = info.delta ?? '';
    if (info.errorCode !== undefined || info.type === 'error') {
      row.errorCode = info.errorCode;
      row.mark = info.errorCode === 'websocket_connection_limit_reached' ? 'limit' : info.errorCode === 'previous_response_not_found' ? 'cache-miss' : 'error';
    } else if (info.type === 'response.failed') row.mark = 'error';
    if (rec.injected) row.faulted = 'injected';
    else if (rec.forwarded === false) row.faulted = 'withheld';
    rows.push(row);
    indexFrame(rec.conn, rec.seq, row.index);
    note(seen.conns, tl.conns, rec.conn);
    note(seen.lanes, tl.lanes, lane);
    note(seen.types, tl.types, info.type);
    if (row.turn !== null && row.turn > tl.maxTurn) tl.maxTurn = row.turn;
  }

  function addOther(rec: Exclude<CaptureRecord, FrameRecord>, ri: number) {
    const conn = 'conn' in rec ? rec.conn : null;
    const row: TimelineRow = {
      index: rows.length,
      kind: rec.kind,
      t: rec.t,
      conn,
      dir: null,
      seq: null,
      lane: null,
      turn: null,
      type: rec.kind,
      summary: describeRecord(rec),
      size: 0,
      members: [ri],
      foldKey: null,
    };
    if (rec.kind === 'conn.close' && rec.code !== 1000) row.mark = 'close';
    if (rec.kind === 'conn.error') row.mark = 'refused';
    if (rec.kind === 'capture.gap') row.mark = 'gap';
    if (rec.kind === 'fault' && rec.action === 'fired') row.mark = 'fault';
    rows.push(row);
    note(seen.conns, tl.conns, conn);
    note(seen.types, tl.types, rec.kind);
  }

  return tl;
}
