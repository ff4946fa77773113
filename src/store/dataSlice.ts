/**
 * The records and everything derived from them. The arrays inside `data` grow in place; `dataVersion`
 * changes once per ingested batch, and components subscribe to it rather than to the arrays, so a
 * batch of records costs one render, not one per record.
 */

import { addRecord } from '../core/addRecord.ts';
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
    for (const rec of records) {
      addRecord(model, timeline, rec);
      if (rec.kind === 'fault') faults.push(rec);
    }
  },
  publishData() {
    get().syncView();
    set((s) => ({ dataVersion: s.dataVersion + 1 }));
  },
  showData(data) {
    set((s) => ({ data, dataVersion: s.dataVersion + 1, recordError: null }));
    get().rebuildView();
  },
  recordsVersion: 0,
  recordsArrived() {
    set((s) => ({ recordsVersion: s.recordsVersion + 1, recordError: null }));
  },
  recordError: null,
  recordsFailed(message) {
    set((s) => ({ recordsVersion: s.recordsVersion + 1, recordError: message }));
  },
  resetData() {
    set({ data: emptyData(), dataVersion: 0, recordError: null });
    get().rebuildView();
  },
});
