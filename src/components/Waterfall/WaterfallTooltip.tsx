/**
 * The numbers of the hovered turn or marker, as text (captured content is never HTML). Drawn over
 * the page, not inside the waterfall's pane: the pane is short and clips what it holds, and a turn's
 * numbers are taller than a lane near its bottom.
 */

import { type ReactNode, useLayoutEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { formatCount, formatSpan } from '../../core/spanFormat.ts';
import type { WaterfallBar, WaterfallMarker } from '../../core/waterfall.ts';

export interface HoverState {
  bar: WaterfallBar | null;
  marker: WaterfallMarker | null;
  /** The pointer, in the viewport's coordinates. */
  x: number;
  y: number;
}

/** Gap between the pointer and the tooltip, and between the tooltip and the window's edges. */
const GAP_X = 14;
const GAP_Y = 10;
const EDGE = 4;

/** Below and right of the pointer; above or left of it where that would leave the window. */
function TooltipBox({ x, y, children }: { x: number; y: number; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  // Placed before paint, once its size is known: no frame shows it cut off.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    const left = x + GAP_X + width <= innerWidth - EDGE ? x + GAP_X : Math.max(EDGE, x - GAP_X - width);
    const top = y + GAP_Y + height <= innerHeight - EDGE ? y + GAP_Y : Math.max(EDGE, y - GAP_Y - height);
    el.style.left = `${left}px`;
    el.style.top = `${top}px`;
  });
  return createPortal(
    <div ref={ref} className="wf-tooltip" style={{ left: x + GAP_X, top: y + GAP_Y }} data-testid="wf-tooltip" role="tooltip">
      {children}
    </div>,
    document.body,
  );
}

export function WaterfallTooltip({ hover }: { hover: HoverState }) {
  if (hover.marker) {
    return (
      <TooltipBox x={hover.x} y={hover.y}>
        <strong>{hover.marker.kind}</strong> <span className="muted">{hover.marker.conn}</span>
        <div>{hover.marker.label}</div>
      </TooltipBox>
    );
  }
  const bar = hover.bar;
  if (!bar) return null;
  const t = bar.turn;
  const streamMs = t.firstDeltaT !== undefined && t.endT !== undefined ? t.endT - t.firstDeltaT : undefined;
  return (
    <TooltipBox x={hover.x} y={hover.y}>
      <div>
        <strong>Turn #{t.index}</strong> <span className={`status status-${t.status}`}>{t.status}</span>
        {t.warmup ? <span className="muted"> warm-up</span> : null}
      </div>
      <div className="muted">
        {t.conn} · {t.lane ?? 'default lane'}
        {t.model ? ` · ${t.model}` : ''}
      </div>
      <dl className="wf-facts">
        <dt>to created</dt>
        <dd data-testid="tt-created">{formatSpan(t.createdMs)}</dd>
        <dt>to first token</dt>
        <dd data-testid="tt-ttft">{formatSpan(t.ttftMs)}</dd>
        <dt>streaming</dt>
        <dd>{formatSpan(streamMs)}</dd>
        <dt>total</dt>
        <dd data-testid="tt-total">{formatSpan(t.totalMs)}</dd>
        <dt>agent before</dt>
        <dd>{formatSpan(t.agentMs)}</dd>
        <dt>agent after</dt>
        <dd>{formatSpan(bar.agentAfterMs)}</dd>
        {bar.folded ? (
          <>
            <dt>also here</dt>
            <dd data-testid="tt-folded">
              {formatCount(bar.folded)} more {bar.folded === 1 ? 'turn' : 'turns'}, too narrow to draw at this zoom: zoom in to see {bar.folded === 1 ? 'it' : 'them'}
            </dd>
          </>
        ) : null}
        {t.usage ? (
          <>
            <dt>tokens</dt>
            <dd>
              {formatCount(t.usage.inputTokens)} in ({formatCount(t.usage.cachedTokens)} cached) · {formatCount(t.usage.outputTokens)} out
              {t.tokensPerSecond ? ` · ${formatCount(t.tokensPerSecond)} tok/s` : ''}
            </dd>
          </>
        ) : null}
        {t.error ? (
          <>
            <dt>error</dt>
            <dd className="err">{[t.error.status, t.error.code, t.error.message].filter(Boolean).join(' · ')}</dd>
          </>
        ) : null}
        {t.previousResponseId !== undefined ? (
          <>
            <dt>previous</dt>
            <dd>{t.previousResponseId ?? 'none (full context)'}</dd>
          </>
        ) : null}
      </dl>
    </TooltipBox>
  );
}
