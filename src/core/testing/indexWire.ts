/**
 * Builds what the CLI's index sends (src/core/indexWire.ts) from records, with the page's own
 * timeline and model, for tests of the page side: a remote timeline fed these rows must read as
 * the page's own timeline of the same records.
 */

import { addRecord } from '../addRecord.ts';
import type { CaptureRecord } from '../capture.ts';
import { type IndexSearchResult, type ModelSnapshot, wireRow } from '../indexWire.ts';

export { wireRow };
import { compileSearch } from '../filters.ts';
import { createTimeline, type Timeline } from '../timeline.ts';
import { createCaptureModel, type CaptureModel } from '../turns.ts';

export function snapshotOf(model: CaptureModel): ModelSnapshot {
  const lanes: ModelSnapshot['lanes'] = {};
  for (const c of model.connections()) lanes[c.conn] = [...model.lanesOf(c.conn)];
  // Through JSON, as on the wire: nothing may depend on sharing objects with the CLI's model.
  return JSON.parse(JSON.stringify({ info: model.info(), connections: model.connections(), turns: model.turns(), lanes }));
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
