/**
 * The visible part of the timeline: the rows that pass the filter, in order, with the members of
 * expanded folded rows listed under them. Kept incrementally: new rows (and new deltas folded into
 * the last row) are appended without rescanning; only a filter change or an expand/collapse
 * rebuilds it, which is one linear pass.
 */

import type { CompiledFilter } from './filters.ts';
import { memberAt, memberCount, type Timeline, type TimelineRow } from './timeline.ts';

export interface TimelineView {
  /** Row index of each visible line. */
  readonly rows: number[];
  /** -1 for a row's own line; k for the k-th folded member shown under an expanded row. */
  readonly members: number[];
  /** Events (records) that match the search, among the rows passing the other filters. */
  matches: number;
  /** Rows shown (folded members listed under an expanded row are not counted). */
  shownRows: number;
  /** Sync with rows appended or folded since the last call. Returns true when lines were added. */
  sync(): boolean;
  /** Position of a line, or -1 (binary search: lines are in row, then member order). */
  positionOf(row: number, member?: number): number;
}

export function createTimelineView(tl: Timeline, filter: CompiledFilter, expanded: ReadonlySet<number>): TimelineView {
  const rows: number[] = [];
  const members: number[] = [];
  let scanned = 0; // rows[0..scanned) have been considered
  let lastMembers = 0; // member count of row scanned-1 when it was considered
  let lastVisible = false;
  let lastMatched = 0; // members of row scanned-1 that matched the search

  const view: TimelineView = {
    rows,
    members,
    matches: 0,
    shownRows: 0,
    sync() {
      const before = rows.length;
      if (scanned > 0) extendLast(tl.rows[scanned - 1]);
      while (scanned < tl.rows.length) consider(tl.rows[scanned++]);
      return rows.length !== before;
    },
    positionOf(row, member = -1) {
      let lo = 0;
      let hi = rows.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const cmp = rows[mid] - row || members[mid] - member;
        if (cmp === 0) return mid;
        if (cmp < 0) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },
  };

  function countMatches(row: TimelineRow, from: number): number {
    const count = memberCount(row);
    if (!filter.search) return count - from;
    let n = 0;
    const at = filter.searchAt;
    if (at) for (let k = from; k < count; k++) n += at(memberAt(row, k)) ? 1 : 0;
    else for (let k = from; k < count; k++) if (filter.search(tl.record(memberAt(row, k))!)) n++;
    return n;
  }

  function consider(row: TimelineRow) {
    lastMembers = memberCount(row);
    lastVisible = false;
    lastMatched = 0;
    if (!filter.row(row)) return;
    lastMatched = countMatches(row, 0);
    if (filter.search && lastMatched === 0) return;
    if (filter.search) view.matches += lastMatched;
    show(row);
  }

  function show(row: TimelineRow) {
    view.shownRows++;
    rows.push(row.index);
    members.push(-1);
    lastVisible = true;
    showMembers(row, 0);
  }

  function showMembers(row: TimelineRow, from: number) {
    const count = memberCount(row);
    if (!expanded.has(row.index) || count < 2) return;
    for (let k = from; k < count; k++) {
      rows.push(row.index);
      members.push(k);
    }
  }

  // The last row may have folded more deltas since it was considered.
  function extendLast(row: TimelineRow) {
    const n = memberCount(row);
    if (n === lastMembers) return;
    const from = lastMembers;
    lastMembers = n;
    if (!filter.row(row)) return;
    const added = countMatches(row, from);
    if (filter.search) view.matches += added;
    lastMatched += added;
    // A row of one frame lists no members; once it folds a second, all of them are listed.
    if (lastVisible) showMembers(row, from === 1 ? 0 : from);
    else if (!filter.search || lastMatched > 0) show(row);
  }

  view.sync();
  return view;
}
