/**
 * Builds what the CLI's index sends (src/core/indexWire.ts) from records, with the page's own
 * timeline and model, for tests of the page side: a remote timeline fed these rows must read as
 * the page's own timeline of the same records.
 */

import { addRecord } from '../addRecord.ts';
import type { CaptureRecord } from '../capture.ts';
import { encodeRows, type IndexMessage, type IndexSearchResult, type ModelSnapshot, turnPreview, type WireRow, type WireRows } from '../indexWire.ts';
import { compileSearch } from '../filters.ts';
import { createTimeline, type Timeline, type TimelineRow } from '../timeline.ts';
import { createCaptureModel, type CaptureModel } from '../turns.ts';

export function snapshotOf(model: CaptureModel): ModelSnapshot {
  const lanes: ModelSnapshot['lanes'] = {};
  for (const c of model.connections()) lanes[c.conn] = [...model.lanesOf(c.conn)];
  // Through JSON, as on the wire: nothing may depend on sharing objects with the CLI's model.
  return JSON.parse(JSON.stringify({ info: model.info(), connections: model.connections(), turns: model.turns().map(turnPreview), lanes }));
}

/** A timeline's rows as the wire sends them, by column, through JSON as on the wire. */
export function wireRowsOf(timeline: Timeline, from = 0, to = timeline.rows.length): WireRows {
  return JSON.parse(JSON.stringify(encodeRows(timeline.rows, from, to))) as WireRows;
}

/** A timeline row as the wire describes it, written out field by field: what decodeRows must give back. */
export function rowOf(r: TimelineRow): WireRow {
  const w: WireRow = {
    kind: r.kind,
    t: r.t,
    conn: r.conn,
    dir: r.dir,
    seq: r.seq,
    lane: r.lane,
    turn: r.turn,
    type: r.type,
    size: r.size,
    first: r.members[0],
    count: r.members.length,
  };
  if (r.errorCode !== undefined) w.errorCode = r.errorCode;
  if (r.mark !== undefined) w.mark = r.mark;
  if (r.faulted !== undefined) w.faulted = r.faulted;
  return w;
}

/** Each row of a WireRows, in order, as one object (for tests and tools; the page reads the columns). */
export function decodeRows(w: WireRows): WireRow[] {
  const out: WireRow[] = [];
  let end = 0;
  let t = 0;
  for (let k = 0; k < w.t.length; k++) {
    const first = end + w.first[k];
    end = first + w.count[k];
    t = w.tDelta ? t + w.t[k] : w.t[k];
    out.push({
      kind: w.kind.values[w.kind.at[k]],
      t,
      conn: w.conn.values[w.conn.at[k]],
      dir: w.dir.values[w.dir.at[k]],
      seq: w.seq[k] < 0 ? null : w.seq[k],
      lane: w.lane.values[w.lane.at[k]],
      turn: w.turn[k] < 0 ? null : w.turn[k],
      type: w.type.values[w.type.at[k]],
      size: w.size[k],
      first,
      count: w.count[k],
    });
  }
  for (const key of ['errorCode', 'mark', 'faulted'] as const) {
    const col = w[key];
    for (let j = 0; j < col.at.length; j++) (out[col.at[j]] as unknown as Record<string, string>)[key] = col.values[j];
  }
  return out;
}

/** The page's own timeline and model of `records`, as dataSlice builds them. */
export function localIndex(records: readonly CaptureRecord[]): { timeline: Timeline; model: CaptureModel } {
  const timeline = createTimeline();
  const model = createCaptureModel();
  for (const rec of records) addRecord(model, timeline, rec);
  return { timeline, model };
}

/** The CLI's search answer over `records`. */
export function searchRecords(records: readonly CaptureRecord[], q: string, regex: boolean): IndexSearchResult {
  const { test } = compileSearch(q, regex);
  const ranges: number[] = [];
  let matches = 0;
  records.forEach((rec, i) => {
    if (!test?.(rec)) return;
    matches++;
    if (ranges.length > 0 && ranges[ranges.length - 1] === i) ranges[ranges.length - 1] = i + 1;
    else ranges.push(i, i + 1);
  });
  return { matches, ranges };
}

/**
 * The model an index stream carries, as a page assembles it: the turns of its `turns` messages, then
 * those of its `model` message (an index already built sends one after its first rows) or of `done`.
 */
export function streamModel(messages: readonly IndexMessage[]): ModelSnapshot {
  const turns: ModelSnapshot['turns'] = [];
  for (const m of messages) {
    if (m.type === 'turns') turns.push(...m.turns);
    if (m.type === 'model' || m.type === 'done') return { ...m.model, turns: [...turns, ...m.model.turns] };
  }
  throw new Error('the stream has no model');
}
