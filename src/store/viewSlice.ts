/**
 * Filters and the filtered view of the timeline. New records extend the view incrementally
 * (`syncView`); a filter change or expanding a folded row rebuilds it in one pass.
 *
 * An indexed capture's records are with the CLI, so its search is asked of the CLI
 * (IndexAccess.search): the view shows no match until the answer comes, then is rebuilt with the
 * matching record indices. The filters that read rows work on the page as for any capture.
 */

import { EMPTY_FILTER, compileFilter } from '../core/filters.ts';
import { rangeMatcher } from '../core/indexSearch.ts';
import { createTimeline } from '../core/timeline.ts';
import { createTimelineView } from '../core/timelineView.ts';
import type { DataSet, Slice, ViewSlice } from './types.ts';

interface IndexAnswer {
  data: DataSet;
  key: string;
  match: (recordIndex: number) => boolean;
}

const nothing = () => false;

export const createViewSlice: Slice<ViewSlice> = (set, get) => {
  // The CLI's last answer, and the question it is answering now; both for one data set and query.
  let answer: IndexAnswer | null = null;
  let asking: { key: string; data: DataSet; abort: AbortController } | null = null;

  function stopAsking() {
    asking?.abort.abort();
    asking = null;
  }

  function ask(data: DataSet, search: string, regex: boolean, key: string) {
    if (asking?.key === key && asking.data === data) return;
    stopAsking();
    const abort = new AbortController();
    asking = { key, data, abort };
    const settle = (a: IndexAnswer) => {
      if (asking?.abort !== abort) return;
      asking = null;
      answer = a;
      get().rebuildView();
    };
    data.index!.search(search, regex, abort.signal).then(
      (res) => settle({ data, key, match: rangeMatcher(res.ranges) }),
      (err: unknown) => {
        if (asking?.abort !== abort) return;
        // Not the query's fault (the CLI went away, or dropped the index): said once, not as a bad regex.
        get().addAlert('error', `The search could not be run: ${(err as Error)?.message ?? String(err)}`);
        settle({ data, key, match: nothing });
      },
    );
  }

  return {
    filter: EMPTY_FILTER,
    searchError: undefined,
    searching: false,
    // Replaced by rebuildView() as soon as the combined store exists (store/index.ts).
    view: createTimelineView(createTimeline(), compileFilter(EMPTY_FILTER), new Set()),
    viewVersion: 0,
    expanded: new Set(),
    // A filter the user changes keeps the selected line in view where the new view shows it: a
    // search cleared goes back to the match the user stepped to, not to the list's first rows. A
    // list following its tail goes on following it.
    setFilter(patch) {
      set((s) => ({ filter: { ...s.filter, ...patch } }));
      get().rebuildView();
      if (!get().atBottom) get().revealSelection();
    },
    clearFilters() {
      set({ filter: EMPTY_FILTER });
      get().rebuildView();
      if (!get().atBottom) get().revealSelection();
    },
    toggleExpanded(row) {
      const { selection } = get();
      const expanded = new Set(get().expanded);
      if (expanded.has(row)) {
        expanded.delete(row);
        // A delta of the row being collapsed is selected: the selection moves to the row, the line that holds it.
        if (selection?.row === row && selection.member >= 0) set({ selection: { row, member: -1 } });
      } else expanded.add(row);
      set({ expanded });
      get().rebuildView();
      if (selection?.row === row) get().revealSelection();
    },
    syncView() {
      if (get().view.sync()) set((s) => ({ viewVersion: s.viewVersion + 1 }));
    },
    rebuildView() {
      const { data, filter, expanded } = get();
      const compiled = compileFilter(filter);
      let pending: string | null = null;
      if (data.index && compiled.search && !compiled.error) {
        // The records indexed when asked are part of the question: rows that came since are searched again.
        const key = `${data.timeline.recordCount}:${filter.regex ? 'regex' : 'text'}:${filter.search}`;
        if (answer?.data === data && answer.key === key) {
          compiled.searchAt = answer.match;
        } else {
          compiled.searchAt = nothing;
          pending = key;
        }
      } else stopAsking();
      set((s) => ({
        view: createTimelineView(data.timeline, compiled, expanded),
        searchError: compiled.error,
        searching: pending !== null,
        viewVersion: s.viewVersion + 1,
      }));
      if (pending !== null) ask(data, filter.search, filter.regex, pending);
    },
  };
};
