/**
 * Wheel zoom (around the cursor) and drag pan over the plot. The window is `null` while the view
 * fits the whole capture and follows it live; zoomed at the newest end, it keeps following.
 */

import { useCallback, useEffect, useRef, useState } from 'react';
import { clampWindow, isAtEnd, panWindow, zoomWindow, type TimeWindow } from '../../core/timeWindow.ts';

interface Zoom {
  win: TimeWindow;
  /** Showing the newest time: slide with the extent as the capture grows. */
  follow: boolean;
}

export interface ZoomPan {
  /** The window to draw, or undefined when there is nothing yet. */
  window: TimeWindow | undefined;
  zoomed: boolean;
  zoomBy(factor: number, anchor?: number): void;
  panBy(fraction: number): void;
  fit(): void;
  /** True right after a drag, so the click that ends it does not select a bar. */
  wasDrag(): boolean;
}

export function useZoomPan(plotRef: React.RefObject<HTMLElement | null>, extent: TimeWindow | undefined, plotLeft: number, plotWidth: number): ZoomPan {
  const [zoom, setZoom] = useState<Zoom | null>(null);
  const drag = useRef<{ x: number; win: TimeWindow; moved: boolean } | null>(null);
  const dragged = useRef(false);

  let view: TimeWindow | undefined;
  if (extent) {
    if (!zoom) view = extent;
    else if (zoom.follow) {
      const width = zoom.win.end - zoom.win.start;
      view = clampWindow({ start: extent.end - width, end: extent.end }, extent);
    } else view = clampWindow(zoom.win, extent);
  }
  // Handlers read the latest values through a ref, so listeners are attached once.
  const live = useRef({ view, extent, plotLeft, plotWidth });
  live.current = { view, extent, plotLeft, plotWidth };

  const apply = useCallback((win: TimeWindow, ext: TimeWindow) => {
    const full = win.end - win.start >= ext.end - ext.start - 1e-6;
    setZoom(full ? null : { win, follow: isAtEnd(win, ext) });
  }, []);

  const zoomBy = useCallback(
    (factor: number, anchor = 0.5) => {
      const { view: w, extent: ext } = live.current;
      if (w && ext) apply(zoomWindow(w, factor, anchor, ext), ext);
    },
    [apply],
  );

  const panBy = useCallback(
    (fraction: number) => {
      const { view: w, extent: ext } = live.current;
      if (w && ext) apply(panWindow(w, (w.end - w.start) * fraction, ext), ext);
    },
    [apply],
  );

  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const { plotLeft: left, plotWidth: width } = live.current;
      const rect = el.getBoundingClientRect();
      const px = e.clientX - rect.left - left;
      if (px < 0 || px > width) return;
      e.preventDefault();
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        panBy((e.shiftKey ? e.deltaY : e.deltaX) / Math.max(1, width));
      } else {
        zoomBy(e.deltaY > 0 ? 1.25 : 0.8, px / Math.max(1, width));
      }
    };
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0 || !live.current.view) return;
      drag.current = { x: e.clientX, win: live.current.view, moved: false };
      dragged.current = false;
    };
    const onMove = (e: PointerEvent) => {
      const d = drag.current;
      const ext = live.current.extent;
      if (!d || !ext) return;
      const dx = e.clientX - d.x;
      if (!d.moved && Math.abs(dx) < 4) return;
      d.moved = true;
      const msPerPx = (d.win.end - d.win.start) / Math.max(1, live.current.plotWidth);
      apply(panWindow(d.win, -dx * msPerPx, ext), ext);
    };
    const onUp = () => {
      dragged.current = drag.current?.moved ?? false;
      drag.current = null;
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('pointerdown', onDown);
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    return () => {
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('pointerdown', onDown);
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
    };
  }, [plotRef, zoomBy, panBy, apply]);

  return {
    window: view,
    zoomed: zoom !== null,
    zoomBy,
    panBy,
    fit: () => setZoom(null),
    wasDrag: () => dragged.current,
  };
}
