/**
 * The dashboard's single store, in slices (feed, data, view, ui, captures, sources). Non-React code
 * calls actions through `useDashboard.getState()`; tests make their own with createDashboardStore().
 */

import { create } from 'zustand';
import { createCapturesSlice } from './capturesSlice.ts';
import { createDataSlice } from './dataSlice.ts';
import { createFeedSlice } from './feedSlice.ts';
import { createSourcesSlice } from './sourcesSlice.ts';
import type { DashboardState } from './types.ts';
import { createUiSlice } from './uiSlice.ts';
import { createViewSlice } from './viewSlice.ts';

export function createDashboardStore() {
  const store = create<DashboardState>()((...a) => ({
    ...createFeedSlice(...a),
    ...createDataSlice(...a),
    ...createViewSlice(...a),
    ...createUiSlice(...a),
    ...createCapturesSlice(...a),
    ...createSourcesSlice(...a),
  }));
  store.getState().rebuildView();
  return store;
}

export const useDashboard = createDashboardStore();

export type { DashboardState, DashboardStore, DataSet, LoadProgress, Selection } from './types.ts';
