/**
 * Feeds one record to a turn model and a timeline, as every builder of them does (the page's store,
 * the CLI's index, their tests): a frame's payload is parsed once and handed to both, and the
 * timeline learns each frame's turn from the model, so it is fed after the model.
 */

import type { CaptureRecord } from './capture.ts';
import type { Timeline } from './timeline.ts';
import type { CaptureModel } from './turns.ts';

export function addRecord(model: CaptureModel, timeline: Timeline, rec: CaptureRecord): void {
  let payload: unknown;
  if (rec.kind === 'frame' && !rec.binary) {
    try {
      payload = JSON.parse(rec.data);
    } catch {
      payload = undefined; // not JSON: both consumers handle the raw text themselves
    }
  }
  model.add(rec, payload);
  timeline.add(rec, (conn, seq) => model.turnOfFrame(conn, seq), payload);
}
