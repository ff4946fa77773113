/**
 * The records and everything derived from them. The arrays inside `data` grow in place; `dataVersion`
 * changes once per ingested batch, and components subscribe to it rather than to the arrays, so a
 * batch of records costs one render, not one per record.
 */

import type { CaptureRecord, FaultRecord } from '../core/capture.ts';
import { createTimeline, type Timeline } from '../core/timeline.ts';
import { newCaptureModel, type CaptureModel } from './captureModel.ts';
import type { Slice } from './types.ts';

export interface DataSet {
  timeline: Timeline;
  model: CaptureModel;
  /** Faults the relay injected, in order (their verdicts are computed from them and the model). */
  faults: FaultRecord[];
}

export interface DataSlice {
  data: DataSet;
  dataVersion: number;
  /** Adds a batch of records in file order (one state update for the whole batch). */
  ingest(records: readonly CaptureRecord[]): void;
  /**
   * Adds records to the model and timeline without telling the UI; `publishData()` then shows all
   * of them at once. A large backlog is added in slices (the page keeps painting between them) but
   * rendered only a few times a second: every render reads the whole model.
   */
  addRecords(records: readonly CaptureRecord[]): void;
  publishData(): void;
  /** Forgets everything: the feed reconnected and will resend the capture from its start. */
  resetData(): void;
}

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
  resetData() {
    set({ data: emptyData(), dataVersion: 0 });
    get().rebuildView();
  },
});
