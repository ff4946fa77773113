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

/** Δ column: `+0.4`, `+1203.2`; a negative delta (clock step, reordered view) keeps its sign. */
export function formatDeltaMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  return (ms < 0 ? '' : '+') + ms.toFixed(1);
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
