/** Selection, detail pane and tail-follow state. */

import type { TimeMode } from '../core/format.ts';
import { findJump } from '../core/jumps.ts';
import { readPref, writePref } from '../lib/prefs.ts';
import type { Slice, UiSlice } from './types.ts';

const isTimeMode = (v: unknown): v is TimeMode => v === 'relative' || v === 'wall';

export const createUiSlice: Slice<UiSlice> = (set, get) => {
  let nonce = 0;
  return {
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
    revealSelection() {
      const { view, selection } = get();
      const pos = selection ? view.positionOf(selection.row, selection.member) : -1;
      if (pos >= 0) set({ scrollRequest: { position: pos, nonce: ++nonce } });
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
  };
};
