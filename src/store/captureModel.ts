/**
 * The one place the dashboard meets the turn model (src/core/turns.ts). Everything in the UI reads
 * connections and turns through `DataSet.model`; swapping the model is a change to this file only.
 */

import { createCaptureModel, type CaptureModel } from '../core/turns.ts';

export type { CaptureModel };

export function newCaptureModel(): CaptureModel {
  return createCaptureModel();
}
