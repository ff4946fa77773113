/**
 * The records and everything derived from them. The arrays inside `data` grow in place; `dataVersion`
 * changes once per ingested batch, and components subscribe to it rather than to the arrays, so a
 * batch of records costs one render, not one per record.
 */

import { createTimeline } from '../core/timeline.ts';
import { newCaptureModel } from './captureModel.ts';
import type { DataSet, DataSlice, Slice } from './types.ts';

function emptyData(): DataSet {
  return { timeline: createTimeline(), model: newCaptureModel(), faults: [] };
}

export const createDataSlice: Slice<DataSlice> = (set, get) => ({
  data: emptyData(),
  dataVersion: 0,
  ingest(records) {
    if (records.length === 0) return;
    get().addRecords(records);
    get().publishData();
  },
  addRecords(records) {
    const { timeline, model, faults } = get().data;
    const turnOf = (conn: string, seq: number) => model.turnOfFrame(conn, seq);
    for (const rec of records) {
      let payload: unknown;
      if (rec.kind === 'frame' && !rec.binary) {
        try {
          payload = JSON.parse(rec.data);
        } catch {
          payload = undefined; // not JSON: both consumers handle the raw text themselves
        }
      }
      model.add(rec, payload);
      timeline.add(rec, turnOf, payload);
      if (rec.kind === 'fault') faults.push(rec);
    }
  },
  publishData() {
    get().syncView();
    set((s) => ({ dataVersion: s.dataVersion + 1 }));
  },
  showData(data) {
    set((s) => ({ data, dataVersion: s.dataVersion + 1 }));
    get().rebuildView();
  },
  recordsVersion: 0,
  recordsArrived() {
    set((s) => ({ recordsVersion: s.recordsVersion + 1 }));
  },
  resetData() {
    set({ data: emptyData(), dataVersion: 0 });
    get().rebuildView();
  },
});
