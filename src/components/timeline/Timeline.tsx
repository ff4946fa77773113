/**
 * The virtualized event timeline. It follows the tail only while scrolled to the bottom and not
 * paused; otherwise new rows are appended below without moving what the user is reading.
 */

import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, type ReactElement, useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { turnColumnChars } from '../../core/columnFit.ts';
import { TIMELINE_SCROLL_ID, useKeyboard } from '../../lib/useKeyboard.ts';
import { useDashboard } from '../../store/index.ts';
import { useExpectedLastTurn } from '../../store/turnsSelectors.ts';
import { useHighlighter } from '../common/Highlighted.tsx';
import { useColumnWidths } from '../layout/ColumnResizer.tsx';
import { useHeaderScroll } from '../layout/useHeaderScroll.ts';
import { ROW_HEIGHT } from './columns.ts';
import { TimelineHead } from './TimelineHead.tsx';
import { TimelineLine, lineTime } from './TimelineLine.tsx';
import { formatCount } from '../../core/spanFormat.ts';

/** The replay bar's height and its 12 px gap to the window's edge, with a little air (captures.css). */
const REPLAY_BAR_ROOM = 3 * ROW_HEIGHT;

export function Timeline() {
  const data = useDashboard((s) => s.data);
  const view = useDashboard((s) => s.view);
  const viewVersion = useDashboard((s) => s.viewVersion);
  const dataVersion = useDashboard((s) => s.dataVersion);
  // Records an indexed capture fetched for the member lines of an expanded row.
  const recordsVersion = useDashboard((s) => s.recordsVersion);
  const selection = useDashboard((s) => s.selection);
  const expanded = useDashboard((s) => s.expanded);
  const paused = useDashboard((s) => s.paused);
  const timeMode = useDashboard((s) => s.timeMode);
  const highlight = useHighlighter();
  const columns = useColumnWidths('timelineColumns');
  // The turn column fits the widest turn number (a column the user sized keeps its width).
  // While a capture loads, room for the digits its last turn will have (no column widening midway).
  const lastTurn = useExpectedLastTurn();
  const style = { '--fit-turn': `${turnColumnChars(lastTurn)}ch`, ...columns.style } as CSSProperties;
  // A capture without lanes (most) gives the empty lane column's room to the others.
  const noLanes = useDashboard((s) => s.data.timeline.lanes.length === 0);
  // Columns the user has sized: their cells clip their text (app.css; the others paint unclipped).
  const sized = Object.keys(columns.style)
    .map((v) => ` sized-${v.slice('--w-'.length)}`)
    .join('');
  const scrollRequest = useDashboard((s) => s.scrollRequest);
  const select = useDashboard((s) => s.select);
  const toggleExpanded = useDashboard((s) => s.toggleExpanded);
  const setAtBottom = useDashboard((s) => s.setAtBottom);
  const scrollRef = useRef<HTMLDivElement>(null);
  const head = useHeaderScroll(scrollRef);
  const atBottom = useRef(true);
  const count = view.rows.length;
  // The replay bar floats over the list's bottom-left corner: room below the last row, so scrolled
  // to the end no row is under it (the panes themselves do not move).
  const replaying = useDashboard((s) => s.replay !== null);
  // An indexed capture's search is the CLI's: until it answers, the list has no rows to show.
  const searching = useDashboard((s) => s.searching);
  const barRoom = replaying ? REPLAY_BAR_ROOM : 0;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // A fast scroll brings the same number of new lines per frame whatever the overscan; extra
    // lines above and below only add to what every frame commits, pre-paints and culls.
    overscan: 4,
    // A row scrolled to (a jump, a search step, ↑/↓) keeps a few rows between it and the edges.
    scrollPaddingStart: 2 * ROW_HEIGHT,
    scrollPaddingEnd: 3 * ROW_HEIGHT + barRoom,
    paddingEnd: barRoom,
  });

  const scrollToEnd = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = true;
    setAtBottom(true);
    el.scrollTop = el.scrollHeight;
  }, [setAtBottom]);
  useKeyboard(scrollToEnd);

  // A saved capture opens at its first rows and stays there while the rest loads, so the rows being
  // read never run away; scrolled to the bottom, or with End, the list follows its tail again. Live
  // and replayed captures follow from the start.
  const source = useDashboard((s) => s.source);
  const savedCapture = useDashboard((s) => (s.source.kind === 'file' || s.hello?.mode === 'file') && s.replay === null);
  const shownSource = useRef(source);
  // A layout effect before the one that follows: a commit that brings the new source and its first
  // rows at once must not follow them.
  useLayoutEffect(() => {
    const fresh = shownSource.current !== source;
    shownSource.current = source;
    if (!savedCapture) return;
    // A capture opened in place of another starts at its top, not where the other was scrolled to.
    if (fresh && scrollRef.current) scrollRef.current.scrollTop = 0;
    atBottom.current = false;
    setAtBottom(false);
  }, [source, savedCapture, setAtBottom]);

  // Follow the tail: after the new lines are laid out, before paint, so nothing flickers.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && !paused && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [count, viewVersion, paused]);

  useEffect(() => {
    if (scrollRequest) virtualizer.scrollToIndex(scrollRequest.position, { align: 'auto' });
  }, [scrollRequest, virtualizer]);

  const onScroll = () => {
    const el = scrollRef.current!;
    // A saved capture's list at its top is not following, even when its first rows fit in the view:
    // the scroll to the top of a capture opened in place of another would otherwise read as "at the
    // bottom", and the rows still to come would pull the list down after all.
    const bottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT / 2 && !(savedCapture && el.scrollTop === 0);
    atBottom.current = bottom;
    setAtBottom(bottom);
  };

  const setDetailOpen = useDashboard((s) => s.setDetailOpen);
  // A row chosen with the mouse stays where it is, as one chosen with ↑/↓ does: following the tail
  // stops (the header says so) until the user scrolls back to the bottom or presses End.
  const onSelect = useCallback(
    (row: number, member: number) => {
      select({ row, member });
      setDetailOpen(true);
      atBottom.current = false;
      setAtBottom(false);
    },
    [select, setDetailOpen, setAtBottom],
  );
  // One click handler for the whole list: the line is found by its `aria-rowindex`, so lines carry
  // no closures and stay equal between renders.
  const onClick = (e: React.MouseEvent<HTMLDivElement>) => {
    const target = e.target as Element;
    const line = target.closest('.tl-line');
    if (!line || !e.currentTarget.contains(line)) return;
    const pos = Number(line.getAttribute('aria-rowindex')) - 1;
    const row = view.rows[pos];
    if (row === undefined) return;
    if (target.closest('[data-testid="fold-toggle"]')) toggleExpanded(row);
    else onSelect(row, view.members[pos]);
  };

  // The lines built for the current data, view, selection and display options, by position. A
  // scroll frame builds elements only for the lines that came into view; a line already built is
  // the same element, which React skips without comparing props. Lines far out of view are dropped.
  const lines = useMemo(() => new Map<number, ReactElement>(), [data, view, viewVersion, dataVersion, recordsVersion, selection, expanded, timeMode, highlight]);
  const items = virtualizer.getVirtualItems();
  const line = (pos: number, top: number): ReactElement | null => {
    let el = lines.get(pos);
    if (el) return el;
    const row = view.rows[pos];
    if (row === undefined) return null;
    const member = view.members[pos];
    el = (
      <TimelineLine
        key={`${row}:${member}`}
        data={data}
        position={pos}
        row={row}
        member={member}
        prevT={pos > 0 ? lineTime(data, view.rows[pos - 1], view.members[pos - 1]) : undefined}
        selected={selection !== null && selection.row === row && selection.member === member}
        expanded={expanded.has(row)}
        top={top}
        timeMode={timeMode}
        highlight={highlight}
        // Fetched records and summaries (an indexed capture's) bump recordsVersion; the last row can still fold.
        version={row === data.timeline.rows.length - 1 && member < 0 ? dataVersion + recordsVersion : recordsVersion}
      />
    );
    lines.set(pos, el);
    return el;
  };
  if (items.length > 0 && lines.size > 4 * items.length) {
    const first = items[0].index;
    const last = items[items.length - 1].index;
    for (const pos of lines.keys()) if (pos < first || pos > last) lines.delete(pos);
  }

  return (
    <div className={`timeline${noLanes ? ' no-lanes' : ''}${sized}`} role="grid" aria-label="Event timeline" aria-rowcount={count} data-testid="timeline" style={style}>
      <TimelineHead onWidth={columns.set} headRef={head} />
      <div className="tl-scroll" id={TIMELINE_SCROLL_ID} ref={scrollRef} onScroll={onScroll} data-testid="timeline-scroll" tabIndex={-1}>
        {/* biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: the clicks of the lines inside, delegated; the keyboard moves the selection (useKeyboard) */}
        <div className="tl-body" style={{ height: virtualizer.getTotalSize() }} onClick={onClick}>
          {items.map((item) => line(item.index, item.start))}
        </div>
        {searching && count === 0 ? (
          <div className="tl-note muted" data-testid="timeline-searching">
            Searching {formatCount(data.timeline.recordCount)} records…
          </div>
        ) : null}
      </div>
    </div>
  );
}
