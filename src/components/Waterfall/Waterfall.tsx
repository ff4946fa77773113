/**
 * The per-turn latency waterfall: one bar per turn on a shared time axis, lanes as tracks,
 * segments for waiting on the server, streaming and the agent's own time; reconnect and error
 * markers; hover for the numbers, click to select the turn in the timeline; wheel to zoom, drag to pan.
 */

import { useCallback, useMemo, useRef, useState } from 'react';
import { ComposedChart, CartesianGrid, XAxis, YAxis } from 'recharts';
import { waterfallCaption, waterfallCaptionRoom } from '../../core/labels.ts';
import { formatOffset, roundTicks } from '../../core/spanFormat.ts';
import { waterfallRowHeight, type WaterfallBar, type WaterfallMarker } from '../../core/waterfall.ts';
import { useDashboard } from '../../store/index.ts';
import { selectSelectedTurnIndex, selectStaticCapture, selectTurn, useModelNow, useWaterfall, useWaterfallExtent } from '../../store/turnsSelectors.ts';
import { BarsLayer } from './BarsLayer.tsx';
import { useElementSize } from './useElementSize.ts';
import { useZoomPan } from './useZoomPan.ts';
import { WaterfallTooltip, type HoverState } from './WaterfallTooltip.tsx';
import './Waterfall.css';

const ROW_H = 18;
/** The track labels' column: narrower in a narrow panel, where the plot needs the room more. */
const labelWidth = (width: number) => Math.round(Math.min(130, Math.max(96, width * 0.2)));
/** The right margin holds half of the last axis label ("+16.6 s", "+3m 10s"), centred on the plot's end. */
const MARGIN = { top: 4, right: 32, bottom: 0, left: 0 };
const AXIS_H = 22;

export function Waterfall() {
  const now = useModelNow();
  const origin = useDashboard((s) => s.data.model.info().startT ?? 0);
  const extent = useWaterfallExtent(now);
  const selectedIndex = useDashboard(selectSelectedTurnIndex);
  const totalTurns = useDashboard((s) => s.data.model.turns().length);
  const replaying = useDashboard((s) => s.replay !== null);
  const staticCapture = useDashboard(selectStaticCapture);
  const [boxRef, width, boxHeight] = useElementSize<HTMLDivElement>();
  const labelW = labelWidth(width);
  const plotWidth = Math.max(50, width - labelW - MARGIN.right);
  const zp = useZoomPan(boxRef, extent, labelW, plotWidth);
  const win = zp.window;
  const resolutionMs = win ? (win.end - win.start) / plotWidth : undefined;
  const wf = useWaterfall({ now, window: win, resolutionMs });
  const [hover, setHover] = useState<HoverState | null>(null);
  const wasDrag = useRef(zp.wasDrag);
  wasDrag.current = zp.wasDrag;

  const onHover = useCallback((bar: WaterfallBar | null, marker: WaterfallMarker | null, e?: React.MouseEvent) => {
    if ((!bar && !marker) || !e) return setHover(null);
    setHover({ bar, marker, x: e.clientX, y: e.clientY });
  }, []);
  const onSelect = useCallback((bar: WaterfallBar) => {
    if (!wasDrag.current()) selectTurn(bar.turn);
  }, []);

  const rows = Math.max(1, wf.rowCount);
  // The tracks share the band's height (at least ROW_H each): no empty strip under a few lanes.
  const rowH = waterfallRowHeight(rows, boxHeight - MARGIN.top - AXIS_H, ROW_H);
  const height = Math.floor(rows * rowH + MARGIN.top + AXIS_H);
  // The chart as one element, made again only when what it draws changes: the panel re-renders on
  // every data publish (a loading capture's rows, a live capture's records), and a new element would
  // redraw recharts' axes and every bar with new handlers each time (~100 ms at 2,000 bars).
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the window's numbers; useZoomPan makes a new object each render while zoomed.
  const chart = useMemo(() => {
    if (!win || width === 0) return null;
    const trackTicks = wf.tracks.map((t) => t.row + t.rows / 2);
    const labelAt = new Map(wf.tracks.map((t) => [t.row + t.rows / 2, t.label]));
    return (
      <ComposedChart width={width} height={height} margin={MARGIN} data={[]}>
        <CartesianGrid horizontal={false} strokeDasharray="2 4" />
        <XAxis
          type="number"
          dataKey="t"
          domain={[win.start, win.end]}
          allowDataOverflow
          orientation="top"
          height={AXIS_H}
          ticks={roundTicks(origin, win.start, win.end, Math.max(2, Math.floor(plotWidth / 110)))}
          interval={0}
          tickFormatter={(t: number) => formatOffset(t, origin, win.end - win.start)}
          tick={{ fontSize: 10, fill: 'currentColor' }}
        />
        <YAxis
          type="number"
          domain={[0, rows]}
          reversed
          allowDataOverflow
          width={labelW}
          ticks={trackTicks}
          interval={0}
          tickFormatter={(v: number) => labelAt.get(v) ?? ''}
          tick={{ fontSize: 10, fill: 'currentColor' }}
        />
        <BarsLayer bars={wf.bars} markers={wf.markers} window={win} selectedIndex={selectedIndex} onHover={onHover} onSelect={onSelect} />
      </ComposedChart>
    );
  }, [width, height, rows, labelW, plotWidth, origin, win?.start, win?.end, wf, selectedIndex, onHover, onSelect]);
  const caption = waterfallCaption(wf.bars.length, totalTurns, wf.thinned);

  return (
    <div className="waterfall" data-testid="waterfall" role="region" aria-label="Latency waterfall">
      <header className="wf-head">
        <strong>Waterfall</strong>
        {/* Short names, each explained in its tooltip; the items wrap as units in a narrow panel. */}
        <span className="wf-legend">
          <span title="Waiting for the server: from the send to the first output delta">
            <i className="wf-swatch wf-seg-waiting" /> waiting
          </span>
          <span title="Streaming: from the first output delta to the terminal event">
            <i className="wf-swatch wf-seg-streaming" /> streaming
          </span>
          <span title="The agent's own time between a terminal event and its next send">
            <i className="wf-swatch wf-seg-agent" /> agent
          </span>
          <span title="An error event or a failed turn" data-testid="legend-error">
            <i className="wf-tri wf-marker-error" /> error
          </span>
          <span title="The connection's age limit: websocket_connection_limit_reached" data-testid="legend-limit">
            <i className="wf-tri wf-marker-limit" /> limit
          </span>
          <span title="Cache miss: previous_response_not_found on a new connection (its cache was empty)" data-testid="legend-cache-miss">
            <i className="wf-tri wf-marker-cache-miss" /> cache miss
          </span>
          <span title="A fault injected by the inspector">
            <i className="wf-tri wf-marker-fault" /> fault
          </span>
          <span title="Reconnect: a new connection replacing one that ended, a dashed line across the tracks">
            <i className="wf-swatch wf-line wf-marker-reconnect" /> reconnect
          </span>
        </span>
        {/* Count and zoom buttons stay together at the right; a narrow panel wraps them under the legend. */}
        <span className="wf-tools" data-testid="wf-tools">
          <span className="muted wf-count" data-testid="wf-count" title={caption.title} style={{ minWidth: `${waterfallCaptionRoom(totalTurns)}ch` }}>
            {caption.text}
          </span>
          <button type="button" onClick={() => zp.panBy(-0.25)} aria-label="Pan left" title="Pan left (or drag the chart)" disabled={!zp.zoomed}>
            ←
          </button>
          <button type="button" onClick={() => zp.zoomBy(0.5)} aria-label="Zoom in" title="Zoom in (or the mouse wheel over the chart)" data-testid="wf-zoom-in">
            +
          </button>
          <button type="button" onClick={() => zp.zoomBy(2)} aria-label="Zoom out" title="Zoom out (or the mouse wheel over the chart)" disabled={!zp.zoomed}>
            −
          </button>
          <button type="button" onClick={() => zp.panBy(0.25)} aria-label="Pan right" title="Pan right (or drag the chart)" disabled={!zp.zoomed}>
            →
          </button>
          <button type="button" onClick={zp.fit} title="Show the whole capture" disabled={!zp.zoomed} data-testid="wf-fit">
            Fit
          </button>
        </span>
      </header>
      <div className="wf-plot" ref={boxRef} onMouseLeave={() => setHover(null)}>
        {!chart ? (
          <div className="muted wf-empty" data-testid="wf-empty">
            {replaying
              ? 'Replay at its start: bars appear as the replay reaches each response.create.'
              : staticCapture
                ? 'This capture has no turns (no response.create).'
                : 'No turns yet: bars appear as the agent sends response.create.'}
          </div>
        ) : (
          chart
        )}
        {hover ? <WaterfallTooltip hover={hover} /> : null}
      </div>
    </div>
  );
}
