/**
 * The dashboard's single store, in slices (feed, data, view, ui). Non-React code (the feed client)
 * calls actions through `useDashboard.getState()`.
 */

import { create } from 'zustand';
import { createCapturesSlice } from './capturesSlice.ts';
import { createDataSlice } from './dataSlice.ts';
import { createFeedSlice } from './feedSlice.ts';
import type { DashboardState } from './types.ts';
import { createUiSlice } from './uiSlice.ts';
import { createViewSlice } from './viewSlice.ts';

export const useDashboard = create<DashboardState>()((...a) => ({
  ...createFeedSlice(...a),
  ...createDataSlice(...a),
  ...createViewSlice(...a),
  ...createUiSlice(...a),
  ...createCapturesSlice(...a),
}));

useDashboard.getState().rebuildView();

export type { DashboardState } from './types.ts';
export type { DataSet } from './dataSlice.ts';
export type { Selection } from './uiSlice.ts';
