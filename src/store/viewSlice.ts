/**
 * Filters and the filtered view of the timeline. New records extend the view incrementally
 * (`syncView`); a filter change or expanding a folded row rebuilds it in one pass.
 */

import { EMPTY_FILTER, compileFilter } from '../core/filters.ts';
import { createTimeline } from '../core/timeline.ts';
import { createTimelineView } from '../core/timelineView.ts';
import type { Slice, ViewSlice } from './types.ts';

export const createViewSlice: Slice<ViewSlice> = (set, get) => ({
  filter: EMPTY_FILTER,
  searchError: undefined,
  // Replaced by rebuildView() as soon as the combined store exists (store/index.ts).
  view: createTimelineView(createTimeline(), compileFilter(EMPTY_FILTER), new Set()),
  viewVersion: 0,
  expanded: new Set(),
  setFilter(patch) {
    set((s) => ({ filter: { ...s.filter, ...patch } }));
    get().rebuildView();
  },
  clearFilters() {
    set({ filter: EMPTY_FILTER });
    get().rebuildView();
  },
  toggleExpanded(row) {
    const expanded = new Set(get().expanded);
    if (expanded.has(row)) expanded.delete(row);
    else expanded.add(row);
    set({ expanded });
    get().rebuildView();
  },
  syncView() {
    if (get().view.sync()) set((s) => ({ viewVersion: s.viewVersion + 1 }));
  },
  rebuildView() {
    const { data, filter, expanded } = get();
    const compiled = compileFilter(filter);
    set((s) => ({
      view: createTimelineView(data.timeline, compiled, expanded),
      searchError: compiled.error,
      viewVersion: s.viewVersion + 1,
    }));
  },
});
