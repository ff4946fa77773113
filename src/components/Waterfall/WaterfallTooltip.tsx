/** The numbers of the hovered turn or marker, as text (captured content is never HTML). */

import { formatCount, formatSpan } from '../../core/spanFormat.ts';
import type { WaterfallBar, WaterfallMarker } from '../../core/waterfall.ts';

export interface HoverState {
  bar: WaterfallBar | null;
  marker: WaterfallMarker | null;
  x: number;
  y: number;
}

export function WaterfallTooltip({ hover }: { hover: HoverState }) {
  const style = { left: hover.x + 14, top: hover.y + 10 };
  if (hover.marker) {
    return (
      <div className="wf-tooltip" style={style} data-testid="wf-tooltip" role="tooltip">
        <strong>{hover.marker.kind}</strong> <span className="muted">{hover.marker.conn}</span>
        <div>{hover.marker.label}</div>
      </div>
    );
  }
  const bar = hover.bar;
  if (!bar) return null;
  const t = bar.turn;
  const streamMs = t.firstDeltaT !== undefined && t.endT !== undefined ? t.endT - t.firstDeltaT : undefined;
  return (
    <div className="wf-tooltip" style={style} data-testid="wf-tooltip" role="tooltip">
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
              {t.usage.inputTokens} in ({t.usage.cachedTokens} cached) · {t.usage.outputTokens} out
              {t.tokensPerSecond ? ` · ${t.tokensPerSecond.toFixed(0)} tok/s` : ''}
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
    </div>
  );
}
