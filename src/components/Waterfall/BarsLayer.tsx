/**
 * The bars and markers, drawn inside the recharts chart with its axis scales (recharts 3 renders
 * custom children and exposes the scales through hooks). Only what `buildWaterfall` returned for
 * the window is here, so the number of SVG nodes follows what is on screen, not the capture size.
 */

import { memo } from 'react';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import type { TimeWindow } from '../../core/timeWindow.ts';
import type { WaterfallBar, WaterfallMarker } from '../../core/waterfall.ts';

export interface BarsLayerProps {
  bars: readonly WaterfallBar[];
  markers: readonly WaterfallMarker[];
  window: TimeWindow;
  selectedIndex: number | null;
  onHover(bar: WaterfallBar | null, marker: WaterfallMarker | null, e?: React.MouseEvent): void;
  onSelect(bar: WaterfallBar): void;
}

const BAR_PAD = 0.18;
const MAX_BAR_PX = 36;

/** A marker drawn as a full-height line (a reconnect, or one without a track); the others are triangles on their track. */
const isLine = (m: WaterfallMarker) => m.row === undefined || m.kind === 'reconnect';

export const BarsLayer = memo(function BarsLayer({ bars, markers, window, selectedIndex, onHover, onSelect }: BarsLayerProps) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const plot = usePlotArea();
  if (!xScale || !yScale || !plot) return null;
  // Clip to the window first: a scale may refuse values outside its domain.
  const x = (t: number) => xScale(Math.min(window.end, Math.max(window.start, t))) ?? plot.x;
  const y = (row: number) => yScale(row) ?? plot.y;
  return (
    <g className="wf-layer">
      {bars.map((bar) => {
        // Tall tracks (a few lanes sharing the band) keep bars of a readable thickness, centred.
        const full = Math.max(2, y(bar.row + 1 - BAR_PAD) - y(bar.row + BAR_PAD));
        const height = Math.min(full, MAX_BAR_PX);
        const top = y(bar.row + 0.5) - height / 2;
        const t = bar.turn;
        const selected = selectedIndex === t.index;
        return (
          <g
            key={t.id}
            className={`wf-bar wf-status-${t.status}${selected ? ' wf-selected' : ''}${t.warmup ? ' wf-warmup' : ''}`}
            data-testid="wf-bar"
            data-turn-id={t.id}
            data-turn-index={t.index}
            data-conn={t.conn}
            data-lane={t.lane ?? ''}
            data-status={t.status}
            data-created-ms={t.createdMs ?? ''}
            data-ttft-ms={t.ttftMs ?? ''}
            data-total-ms={t.totalMs ?? ''}
            data-agent-ms={t.agentMs ?? ''}
            data-agent-after-ms={bar.agentAfterMs ?? ''}
            onMouseEnter={(e) => onHover(bar, null, e)}
            onMouseMove={(e) => onHover(bar, null, e)}
            onMouseLeave={() => onHover(null, null)}
            onClick={() => onSelect(bar)}
          >
            {bar.segments.map((s) => {
              const x0 = x(s.start);
              return (
                <rect
                  key={s.kind}
                  className={`wf-seg wf-seg-${s.kind}${s.open ? ' wf-open' : ''}`}
                  x={x0}
                  y={s.kind === 'agent' ? top + height * 0.3 : top}
                  width={Math.max(1, x(s.end) - x0)}
                  height={s.kind === 'agent' ? height * 0.4 : height}
                />
              );
            })}
          </g>
        );
      })}
      {/* Lines first: a reconnect line's hover strip would otherwise cover a triangle at the same time. */}
      {[...markers.filter(isLine), ...markers.filter((m) => !isLine(m))].map((m, i) => {
        const mx = x(m.t);
        const common = {
          className: `wf-marker wf-marker-${m.kind}`,
          'data-testid': 'wf-marker',
          'data-kind': m.kind,
          onMouseEnter: (e: React.MouseEvent) => onHover(null, m, e),
          onMouseLeave: () => onHover(null, null),
        };
        if (isLine(m)) {
          return (
            <g key={`${m.kind}-${m.t}-${i}`} {...common}>
              <line x1={mx} x2={mx} y1={plot.y} y2={plot.y + plot.height} />
              <rect x={mx - 4} y={plot.y} width={8} height={plot.height} className="wf-hit" />
            </g>
          );
        }
        const cy = y((m.row ?? 0) + 0.5);
        return (
          <g key={`${m.kind}-${m.t}-${i}`} {...common}>
            <path d={`M${mx},${cy - 6} L${mx + 5},${cy + 4} L${mx - 5},${cy + 4} Z`} />
          </g>
        );
      })}
    </g>
  );
});
