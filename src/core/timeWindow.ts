/**
 * Zoom and pan of a time window (epoch ms) over a capture's extent, for the waterfall. Pure so the
 * wheel and drag handlers stay one-liners and the maths is tested without a DOM.
 */

export interface TimeWindow {
  start: number;
  end: number;
}

/** The narrowest window: below a millisecond the wire timestamps say nothing more. */
export const MIN_WINDOW_MS = 1;

/**
 * Zooms by `factor` (< 1 zooms in, > 1 out) keeping the time under the cursor fixed: `anchor` is
 * that time's position in the window, 0 (left edge) to 1 (right edge). The result stays inside
 * `extent` (padded by nothing) unless the extent is narrower than the window.
 */
export function zoomWindow(win: TimeWindow, factor: number, anchor: number, extent: TimeWindow): TimeWindow {
  const a = Math.min(1, Math.max(0, anchor));
  const width = win.end - win.start;
  const maxWidth = Math.max(MIN_WINDOW_MS, extent.end - extent.start);
  const nextWidth = Math.min(maxWidth, Math.max(MIN_WINDOW_MS, width * factor));
  const pivot = win.start + width * a;
  return clampWindow({ start: pivot - nextWidth * a, end: pivot - nextWidth * a + nextWidth }, extent);
}

/** Moves the window by `deltaMs` (positive: later), without leaving the extent. */
export function panWindow(win: TimeWindow, deltaMs: number, extent: TimeWindow): TimeWindow {
  return clampWindow({ start: win.start + deltaMs, end: win.end + deltaMs }, extent);
}

/** Shifts a window back inside the extent, keeping its width (or shrinks it to the extent). */
export function clampWindow(win: TimeWindow, extent: TimeWindow): TimeWindow {
  const width = Math.min(win.end - win.start, Math.max(MIN_WINDOW_MS, extent.end - extent.start));
  let start = win.start;
  if (start + width > extent.end) start = extent.end - width;
  if (start < extent.start) start = extent.start;
  return { start, end: start + width };
}

/** True when the window shows the end of the extent: a live view keeps following new turns then. */
export function isAtEnd(win: TimeWindow, extent: TimeWindow, slackMs = 1): boolean {
  return win.end >= extent.end - slackMs;
}
