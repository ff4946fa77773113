/**
 * The turns, one row per `response.create`, as a browser's network panel lists requests: sortable
 * columns and a waterfall column on one time scale shared by all rows. Selecting a turn selects its
 * `response.create` in the frames below and opens its detail (Conversation, Frames, Timing, Usage).
 */

import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { formatRelative } from '../../core/format.ts';
import type { Turn } from '../../core/model.ts';
import { formatCount } from '../../core/spanFormat.ts';
import { barGeometry, DEFAULT_SORT, isTurnSort, nextSort, sortTurns, type TurnSort, type TurnSortKey } from '../../core/turnTable.ts';
import { cachedShare, firstWords } from '../../core/turnView.ts';
import { readPref, writePref } from '../../lib/prefs.ts';
import { useDashboard } from '../../store/index.ts';
import { selectSelectedTurnIndex, selectTurn, useModelNow, useWaterfallExtent } from '../../store/turnsSelectors.ts';
import { Highlighted, useHighlighter } from '../common/Highlighted.tsx';
import { ROW_HEIGHT } from '../timeline/columns.ts';

const COLUMNS: { key: TurnSortKey | null; label: string; cls: string; title: string }[] = [
  { key: 'index', label: '#', cls: 't-index', title: 'Turn number, in send order over the capture' },
  { key: 'lane', label: 'lane', cls: 't-lane', title: 'stream_id (empty: the default lane)' },
  { key: 'conn', label: 'conn', cls: 't-conn', title: 'Connection' },
  { key: 'model', label: 'model', cls: 't-model', title: 'The model that served the turn (from the response; the request’s when it names none)' },
  { key: 'status', label: 'status', cls: 't-status', title: 'Status' },
  { key: 'ttft', label: 'TTFT', cls: 't-num', title: 'Time to first token: from the send to the first output delta on the wire' },
  { key: 'total', label: 'total', cls: 't-num', title: 'From the send to the terminal event' },
  { key: 'agent', label: 'agent', cls: 't-num', title: 'The agent’s own time before this turn: previous terminal event on the lane to this send' },
  { key: 'input', label: 'in (cached)', cls: 't-in', title: 'Input tokens, with the cached share' },
  { key: 'output', label: 'out', cls: 't-out', title: 'Output tokens' },
  { key: 'tools', label: 'tools', cls: 't-tools', title: 'Tool calls the response made' },
  { key: null, label: 'output', cls: 't-text', title: 'The first words of the output' },
  { key: null, label: 'waterfall', cls: 't-wf', title: 'Each turn on one time scale: waiting for the server, then streaming' },
];

const span = (ms: number | undefined) => (ms === undefined ? '' : formatRelative(ms));

export function TurnsTable() {
  const model = useDashboard((s) => s.data.model);
  const version = useDashboard((s) => s.dataVersion);
  const selected = useDashboard(selectSelectedTurnIndex);
  const now = useModelNow(1000);
  const highlight = useHighlighter();
  const noLanes = useDashboard((s) => s.data.timeline.lanes.length === 0);
  const extent = useWaterfallExtent(now);
  const [sort, setSort] = useState<TurnSort>(() => readPref('turnSort', isTurnSort, DEFAULT_SORT));
  const turns = useMemo(() => sortTurns(model.turns(), sort), [model, version, sort]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: turns.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const onSort = (key: TurnSortKey) => {
    const next = nextSort(sort, key);
    writePref('turnSort', next);
    setSort(next);
  };

  return (
    <div className={`turns${noLanes ? ' no-lanes' : ''}`} role="grid" aria-label="Turns" aria-rowcount={turns.length + 1} data-testid="turns">
      <div role="row" className="t-line t-head">
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
          </span>
        ))}
      </div>
      <div className="t-scroll" ref={scrollRef}>
        {turns.length === 0 ? <div className="muted t-empty">No turns yet: a row appears for each response.create.</div> : null}
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
      <span role="gridcell" className="t-index">{t.index}</span>
      <span role="gridcell" className="t-lane" title={t.lane ?? undefined}>{t.lane ?? ''}</span>
      <span role="gridcell" className="t-conn">{t.conn}</span>
      <span role="gridcell" className="t-model" title={t.model && t.model !== served ? `${served} (requested ${t.model})` : served}>{served}</span>
      <span role="gridcell" className={`t-status status status-${t.status}`} title={t.warmup ? `${t.status} (a warm-up: generate false)` : undefined}>
        {t.warmup && t.status === 'completed' ? 'warm-up' : t.status}
      </span>
      <span role="gridcell" className="t-num" data-testid="turn-ttft">{span(t.ttftMs)}</span>
      <span role="gridcell" className="t-num">{span(t.totalMs)}</span>
      <span role="gridcell" className="t-num">{span(t.agentMs)}</span>
      <span role="gridcell" className="t-in">
        {t.usage ? `${formatCount(t.usage.inputTokens)}${share !== undefined ? ` · ${Math.round(share * 100)}%` : ''}` : ''}
      </span>
      <span role="gridcell" className="t-out">{t.usage ? formatCount(t.usage.outputTokens) : ''}</span>
      <span role="gridcell" className="t-tools">{t.toolCalls.length || ''}</span>
      <span role="gridcell" className="t-text" title={t.outputText ? t.outputText.slice(0, 2000) : text || undefined}>
        <Highlighted text={text} re={highlight} />
      </span>
      <span role="gridcell" className="t-wf" aria-label={t.totalMs !== undefined ? `total ${formatRelative(t.totalMs)}` : 'not ended'}>
        {bar ? (
          <span className="t-bar" style={{ left: `${bar.left * 100}%` }}>
            <span className="wf-seg-waiting" style={{ width: `${bar.wait * 100}cqw` }} />
            <span className="wf-seg-streaming" style={{ width: `${bar.stream * 100}cqw` }} />
          </span>
        ) : null}
      </span>
    </div>
  );
}
