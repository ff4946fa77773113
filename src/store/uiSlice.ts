/** Selection, detail pane and tail-follow state. */

import type { TimeMode } from '../core/format.ts';
import { findJump, type JumpKind } from '../core/jumps.ts';
import { readPref, writePref } from '../lib/prefs.ts';
import type { Slice } from './types.ts';

const isTimeMode = (v: unknown): v is TimeMode => v === 'relative' || v === 'wall';

export interface Selection {
  row: number;
  /** -1: the row itself; k: the k-th folded delta of an expanded row. */
  member: number;
}

export interface UiSlice {
  selection: Selection | null;
  detailOpen: boolean;
  /** Pause stops following the tail (rows keep arriving). */
  paused: boolean;
  /** Scrolled to the bottom: new rows scroll into view. */
  atBottom: boolean;
  /** A turn chosen elsewhere (waterfall): the timeline scrolls to its first row. */
  scrollRequest: { position: number; nonce: number } | null;
  select(sel: Selection | null): void;
  /** Moves the selection by `delta` visible lines (keyboard up/down). */
  moveSelection(delta: number): void;
  /** Selects the line at `position` in the filtered view (the first search match: 0) and scrolls to it. */
  selectPosition(position: number): void;
  /** The keyboard shortcuts popover (header "?", or the ? key). */
  shortcutsOpen: boolean;
  setShortcutsOpen(open: boolean): void;
  setDetailOpen(open: boolean): void;
  setPaused(paused: boolean): void;
  setAtBottom(atBottom: boolean): void;
  /** Selects the row of frame `seq` on `conn` (e.g. a turn's response.create) and scrolls to it. */
  revealFrame(conn: string, seq: number): void;
  /** Selects a connection's conn.open row. */
  revealConnection(conn: string): void;
  revealRow(row: number): void;
  /** The time column: since the capture's start, or the wall clock (remembered across reloads). */
  timeMode: TimeMode;
  setTimeMode(mode: TimeMode): void;
  /** Selects the next (dir 1) or previous row of `kind` after the selection, wrapping; false when there is none. */
  jumpTo(kind: JumpKind, dir: 1 | -1): boolean;
}

let nonce = 0;

export const createUiSlice: Slice<UiSlice> = (set, get) => ({
  selection: null,
  detailOpen: false,
  paused: false,
  atBottom: true,
  scrollRequest: null,
  timeMode: readPref('timeMode', isTimeMode, 'relative'),
  setTimeMode(timeMode) {
    writePref('timeMode', timeMode);
    set({ timeMode });
  },
  jumpTo(kind, dir) {
    const { data, selection } = get();
    const row = findJump(data.timeline.rows, selection?.row, kind, dir, (conn) => data.model.connection(conn)?.replaces);
    if (row === undefined) return false;
    get().revealRow(row);
    return true;
  },
  select: (selection) => set({ selection }),
  moveSelection(delta) {
    const { view, selection } = get();
    const n = view.rows.length;
    if (n === 0) return;
    let pos = selection ? view.positionOf(selection.row, selection.member) : -1;
    pos = pos < 0 ? (delta > 0 ? 0 : n - 1) : Math.min(n - 1, Math.max(0, pos + delta));
    set({ selection: { row: view.rows[pos], member: view.members[pos] }, scrollRequest: { position: pos, nonce: ++nonce } });
  },
  selectPosition(pos) {
    const { view } = get();
    if (pos < 0 || pos >= view.rows.length) return;
    set({ selection: { row: view.rows[pos], member: view.members[pos] }, scrollRequest: { position: pos, nonce: ++nonce } });
  },
  shortcutsOpen: false,
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setDetailOpen: (detailOpen) => set({ detailOpen }),
  setPaused: (paused) => set({ paused }),
  setAtBottom: (atBottom) => set((s) => (s.atBottom === atBottom ? s : { atBottom })),
  revealFrame(conn, seq) {
    const row = get().data.timeline.rowOfFrame(conn, seq);
    if (row !== undefined) get().revealRow(row);
  },
  revealConnection(conn) {
    const row = get().data.timeline.rows.find((r) => r.conn === conn && r.kind === 'conn.open');
    if (row) get().revealRow(row.index);
  },
  revealRow(row) {
    let pos = get().view.positionOf(row);
    if (pos < 0) {
      // Hidden by a filter: clear the filters so the row the user asked for can be shown.
      get().clearFilters();
      pos = get().view.positionOf(row);
    }
    set({ selection: { row, member: -1 }, detailOpen: true, scrollRequest: pos >= 0 ? { position: pos, nonce: ++nonce } : null });
  },
});
