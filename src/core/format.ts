/**
 * Number formatting for the dense timeline: fixed widths so columns line up, 0.1 ms precision
 * because the relay stamps frames with microsecond resolution and deltas between streamed events
 * are often well under a millisecond.
 */

/** `1234.56` → `1234.6`; the unit (ms) is in the column header, not in every cell. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  return ms.toFixed(1);
}

/** How the timeline's time column reads: since the capture's start, or the wall clock. */
export type TimeMode = 'relative' | 'wall';

/**
 * Time since the start with its unit, never cut and at most 10 characters, the precision the scale
 * allows: `812.4 ms`, `12.345 s`, `12:34.567` (m:ss.mmm), `1:02:03.4` (h:mm:ss.s). An hour-long
 * session never shows 7-digit milliseconds.
 */
export function formatRelative(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a < 999.95) return `${sign}${a.toFixed(1)} ms`;
  if (a < 59_999.5) return `${sign}${(a / 1000).toFixed(3)} s`;
  if (a < 3_599_999.5) {
    const whole = Math.round(a);
    const m = Math.floor(whole / 60_000);
    return `${sign}${m}:${pad((whole - m * 60_000) / 1000, 6, 3)}`;
  }
  const tenths = Math.round(a / 100);
  const h = Math.floor(tenths / 36_000);
  const m = Math.floor((tenths % 36_000) / 600);
  return `${sign}${h}:${String(m).padStart(2, '0')}:${pad((tenths % 600) / 10, 4, 1)}`;
}

/**
 * The Δ column: the gap since the previous row, signed, with its unit, never cut (at most 10
 * characters): `+0.4 ms`, `+812.4 ms`, `+12.35 s`, `+2:10.3` (m:ss.s), `+1:02:03` (h:mm:ss).
 */
export function formatDelta(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  const sign = ms < 0 ? '-' : '+';
  const a = Math.abs(ms);
  if (a < 999.95) return `${sign}${a.toFixed(1)} ms`;
  if (a < 59_995) return `${sign}${(a / 1000).toFixed(2)} s`;
  if (a < 3_599_950) {
    const tenths = Math.round(a / 100);
    return `${sign}${Math.floor(tenths / 600)}:${pad((tenths % 600) / 10, 4, 1)}`;
  }
  const secs = Math.round(a / 1000);
  return `${sign}${Math.floor(secs / 3600)}:${String(Math.floor((secs % 3600) / 60)).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')}`;
}

/** Wall-clock time of an epoch-ms stamp in the viewer's time zone: `HH:MM:SS.mmm`. */
export function formatWallClock(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '';
  const d = new Date(Math.floor(epochMs));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/**
 * A date and time of day in the viewer's time zone, the same numbers as the wall clock without the
 * milliseconds: `2026-12-07 02:26:03`. `withDate: false` gives the time only, for a column of times
 * beside a dated one. Never the browser's locale format, so every list reads the same.
 */
export function formatDateTime(epochMs: number, withDate = true): string {
  if (!Number.isFinite(epochMs)) return '';
  const d = new Date(Math.floor(epochMs));
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  return withDate ? `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${time}` : time;
}

/** A timeline row's time in the chosen mode. */
export function formatRowTime(t: number, startT: number, mode: TimeMode): string {
  return mode === 'wall' ? formatWallClock(t) : formatRelative(t - startT);
}

/** Seconds with `digits` decimals, zero-padded to `width` characters (`7.250` → `07.250`). */
function pad(seconds: number, width: number, digits: number): string {
  return seconds.toFixed(digits).padStart(width, '0');
}

/** Bytes in a compact form: `312 B`, `4.2 KiB`, `1.5 MiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Shortens a single-line string to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Makes any text one line: newlines and tabs become visible markers so a summary never wraps. */
export function oneLine(text: string): string {
  // Most summaries hold neither: two searches cost less than two regex passes (a million rows' summaries).
  if (text.indexOf('\n') === -1 && text.indexOf('\t') === -1) return text;
  return text.replace(/\r?\n/g, '⏎').replace(/\t/g, '⇥');
}

/**
 * clip(oneLine(text), max) without reading all of a long text: oneLine turns at most two characters
 * into one, so the first 2·max + 2 characters decide the result. A 1 MB answer then costs its
 * summary 482 characters of work instead of a pass over the megabyte.
 */
export function oneLineClip(text: string, max: number): string {
  const head = text.length > 2 * max + 2 ? text.slice(0, 2 * max + 2) : text;
  return clip(oneLine(head), max);
}
