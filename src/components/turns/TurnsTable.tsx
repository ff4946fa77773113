/**
 * The turns, one row per `response.create`, as a browser's network panel lists requests: sortable
 * columns and a waterfall column on one time scale shared by all rows. Selecting a turn selects its
 * `response.create` in the frames below and opens its detail (Conversation, Frames, Timing, Usage).
 */

import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, useEffect, useMemo, useRef, useState } from 'react';
import { turnIndexChars } from '../../core/columnFit.ts';
import { formatRelative } from '../../core/format.ts';
import type { Turn } from '../../core/model.ts';
import { formatCount } from '../../core/spanFormat.ts';
import { barGeometry, DEFAULT_SORT, isTurnSort, nextSort, sortTurns, type TurnSort, type TurnSortKey } from '../../core/turnTable.ts';
import { cachedShare, firstWords } from '../../core/turnView.ts';
import { readPref, writePref } from '../../lib/prefs.ts';
import { useDashboard } from '../../store/index.ts';
import { selectSelectedTurnIndex, selectTurn, selectTurnsPending, useExpectedLastTurn, useModelNow, useModelVersion, useWaterfallExtent } from '../../store/turnsSelectors.ts';
import { Highlighted, useHighlighter } from '../common/Highlighted.tsx';
import { EmptyState } from '../EmptyState.tsx';
import { ColumnResizer, useColumnWidths } from '../layout/ColumnResizer.tsx';
import { useHeaderScroll } from '../layout/useHeaderScroll.ts';
import { ROW_HEIGHT } from '../timeline/columns.ts';
import { turnStatusLabel } from '../../core/labels.ts';

/** `name`: the column's width variable (`--w-turn-NAME`), set by dragging its header edge. */
const COLUMNS: { key: TurnSortKey | null; name: string; label: string; cls: string; title: string }[] = [
  { key: 'index', name: 'index', label: '#', cls: 't-index', title: 'Turn number, in send order over the capture' },
  { key: 'lane', name: 'lane', label: 'lane', cls: 't-lane', title: 'stream_id (empty: the default lane)' },
  { key: 'conn', name: 'conn', label: 'conn', cls: 't-conn', title: 'Connection' },
  { key: 'model', name: 'model', label: 'model', cls: 't-model', title: 'The model that served the turn (from the response; the request’s when it names none)' },
  { key: 'status', name: 'status', label: 'status', cls: 't-status', title: 'Status' },
  { key: 'ttft', name: 'ttft', label: 'TTFT', cls: 't-num t-ttft', title: 'Time to first token: from the send to the first output delta on the wire' },
  { key: 'total', name: 'total', label: 'total', cls: 't-num t-total', title: 'From the send to the terminal event' },
  { key: 'agent', name: 'agent', label: 'agent', cls: 't-num t-agent', title: 'The agent’s own time before this turn: previous terminal event on the lane to this send' },
  { key: 'input', name: 'in', label: 'in (cached)', cls: 't-in', title: 'Input tokens, with the cached share' },
  { key: 'output', name: 'out', label: 'out', cls: 't-out', title: 'Output tokens' },
  { key: 'tools', name: 'tools', label: 'tools', cls: 't-tools', title: 'Tool calls the response made' },
  { key: null, name: 'text', label: 'output', cls: 't-text', title: 'The first words of the output' },
  { key: null, name: 'wf', label: 'waterfall', cls: 't-wf', title: 'Each turn on one time scale: waiting for the server, then streaming' },
];

/** Rows kept between a selected turn and the list's edges when it is scrolled into view. */
const SCROLL_MARGIN_ROWS = 2;

const span = (ms: number | undefined) => (ms === undefined ? '' : formatRelative(ms));

export function TurnsTable() {
  const model = useDashboard((s) => s.data.model);
  const version = useModelVersion();
  const selected = useDashboard(selectSelectedTurnIndex);
  const now = useModelNow(1000);
  const highlight = useHighlighter();
  const noLanes = useDashboard((s) => s.data.timeline.lanes.length === 0);
  const replaying = useDashboard((s) => s.replay !== null);
  const pending = useDashboard(selectTurnsPending);
  const extent = useWaterfallExtent(now);
  const [sort, setSort] = useState<TurnSort>(() => readPref('turnSort', isTurnSort, DEFAULT_SORT));
  const turns = useMemo(() => sortTurns(model.turns(), sort), [model, version, sort]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const columns = useColumnWidths('turnColumns');
  // The # column fits the widest turn number (a column the user sized keeps its width).
  // While a capture loads, room for the digits its last turn will have (no column widening midway).
  const lastTurn = Math.max(useExpectedLastTurn(), turns.length);
  const style = { '--fit-turn-index': `${turnIndexChars(lastTurn)}ch`, ...columns.style } as CSSProperties;
  const head = useHeaderScroll(scrollRef);
  const virtualizer = useVirtualizer({
    count: turns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollPaddingStart: SCROLL_MARGIN_ROWS * ROW_HEIGHT,
    scrollPaddingEnd: SCROLL_MARGIN_ROWS * ROW_HEIGHT,
  });
  const onSort = (key: TurnSortKey) => {
    const next = nextSort(sort, key);
    writePref('turnSort', next);
    setSort(next);
  };
  // The selected turn is scrolled into view, away from the edges, however it was chosen: a click
  // here, a bar in the waterfall, a jump key, a row of the frames below.
  const selectedPos = selected === null ? -1 : turns.findIndex((t) => t.index === selected);
  useEffect(() => {
    if (selectedPos >= 0) virtualizer.scrollToIndex(selectedPos, { align: 'auto' });
  }, [selectedPos, virtualizer]);
  // ↑/↓ (j/k), PageUp/PageDown, Home/End step through the turns in the order shown, here rather than
  // through the frames (the page's keys), while the table has the focus.
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey || turns.length === 0) return;
    const step = ({ ArrowDown: 1, j: 1, ArrowUp: -1, k: -1, PageDown: 10, PageUp: -10, Home: -Infinity, End: Infinity } as Record<string, number>)[e.key];
    if (step === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    const from = selectedPos < 0 ? (step > 0 ? -1 : turns.length) : selectedPos;
    selectTurn(turns[Math.max(0, Math.min(turns.length - 1, from + step))]);
  };

  return (
    <div
      className={`turns${noLanes ? ' no-lanes' : ''}`}
      role="grid"
      aria-label="Turns"
      aria-rowcount={turns.length + 1}
      data-testid="turns"
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={style}
    >
      <div role="row" className="t-line t-head" ref={head}>
        {COLUMNS.map((c) => (
          <span
            key={c.label}
            role="columnheader"
            className={c.cls}
            title={c.title}
            aria-sort={c.key && sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
          >
            {c.key ? (
              <button type="button" className="t-sort" data-testid={`turn-sort-${c.key}`} onClick={() => onSort(c.key!)}>
                {c.label}
                {sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
              </button>
            ) : (
              c.label
            )}
            {c.name === 'wf' ? null : <ColumnResizer name={`turn-${c.name}`} onWidth={columns.set} />}
          </span>
        ))}
      </div>
      <div className="t-scroll" ref={scrollRef}>
        {turns.length > 0 ? null : replaying ? (
          <EmptyState />
        ) : pending ? (
          <div className="muted t-empty" data-testid="turns-loading">
            Loading turns…
          </div>
        ) : (
          <div className="muted t-empty">No turns yet: a row appears for each response.create.</div>
        )}
        <div className="t-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const t = turns[item.index];
            return <TurnRow key={t.id} turn={t} position={item.index} top={item.start} selected={t.index === selected} extent={extent} now={now} highlight={highlight} />;
          })}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  turn: Turn;
  position: number;
  top: number;
  selected: boolean;
  extent: { start: number; end: number } | undefined;
  now: number | undefined;
  highlight: RegExp | null;
}

function TurnRow({ turn: t, position, top, selected, extent, now, highlight }: RowProps) {
  const share = cachedShare(t.usage);
  const served = t.servedModel ?? t.model ?? '';
  const bar = extent ? barGeometry(t, extent.start, extent.end, now) : undefined;
  const text = t.outputText ? firstWords(t.outputText) : t.toolCalls.length ? t.toolCalls.map((c) => c.name).join(', ') : '';
  return (
    <div
      role="row"
      aria-rowindex={position + 2}
      aria-selected={selected}
      data-testid="turn-row"
      data-index={t.index}
      data-status={t.status}
      className={`t-line${position % 2 ? ' alt' : ''}${selected ? ' selected' : ''}`}
      style={{ top }}
      onClick={() => selectTurn(t)}
    >
      <span role="gridcell" className="t-index">
        {t.index}
      </span>
      <span role="gridcell" className="t-lane" title={t.lane ?? undefined}>
        {t.lane ?? ''}
      </span>
      <span role="gridcell" className="t-conn">
        {t.conn}
      </span>
      <span role="gridcell" className="t-model" title={t.model && t.model !== served ? `${served} (requested ${t.model})` : served}>
        {served}
      </span>
      <span role="gridcell" className={`t-status status status-${t.status}`} title={t.warmup ? `${t.status} (a warm-up: generate false)` : undefined}>
        {turnStatusLabel(t.status, t.warmup)}
      </span>
      <span role="gridcell" className="t-num t-ttft" data-testid="turn-ttft">
        {span(t.ttftMs)}
      </span>
      <span role="gridcell" className="t-num t-total">
        {span(t.totalMs)}
      </span>
      <span role="gridcell" className="t-num t-agent">
        {span(t.agentMs)}
      </span>
      <span role="gridcell" className="t-in">
        {t.usage ? `${formatCount(t.usage.inputTokens)}${share !== undefined ? ` · ${Math.round(share * 100)}%` : ''}` : ''}
      </span>
      <span role="gridcell" className="t-out">
        {t.usage ? formatCount(t.usage.outputTokens) : ''}
      </span>
      <span role="gridcell" className="t-tools">
        {t.toolCalls.length || ''}
      </span>
      <span role="gridcell" className="t-text" title={t.outputText ? t.outputText.slice(0, 2000) : text || undefined}>
        <Highlighted text={text} re={highlight} />
      </span>
      <span role="gridcell" className="t-wf" aria-label={t.totalMs !== undefined ? `total ${formatRelative(t.totalMs)}` : 'not ended'}>
        {bar ? (
          // Each segment is at least 1 px wide (app.css): a turn at the scale's end would start at the
          // cell's right edge and be cut off whole, so its bar ends at the edge instead.
          <span className="t-bar" style={{ left: `min(${bar.left * 100}%, 100% - max(${bar.wait * 100}cqw, 1px) - max(${bar.stream * 100}cqw, 1px))` }}>
            <span className="wf-seg-waiting" style={{ width: `${bar.wait * 100}cqw` }} />
            <span className="wf-seg-streaming" style={{ width: `${bar.stream * 100}cqw` }} />
          </span>
        ) : null}
      </span>
    </div>
  );
}
