/**
 * Small display labels for the dashboard: counts with their noun in the right number, a middle
 * ellipsis that keeps the end of a name (lanes of one agent often share a prefix: review-docs,
 * review-tests, review-deps), and the waterfall's "N of M turns" caption with the turns too narrow to draw.
 */
import type { TurnStatus } from './model.ts';

/**
 * `1204` → `1,204`, as `toLocaleString('en-US')` writes a whole number. Not that call: its first use
 * in a page loads the browser's locale data (80-240 ms measured in Chromium), and the header's counts
 * are drawn in the page's first render, before the feed worker can start.
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** `1 turn`, `2 turns`, `0 turns`. `plural` defaults to `${singular}s`. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${groupDigits(n)} ${n === 1 ? singular : plural}`;
}

/**
 * Shortens `text` to at most `max` characters by cutting its middle, so both the start and the end
 * stay readable: `review-tests-backend` at 12 → `review…ckend`. The end gets the larger half when the
 * kept characters are odd, since names that share a prefix differ at the end.
 */
export function middleEllipsis(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  const keep = max - 1;
  const head = Math.floor(keep / 2);
  const tail = keep - head;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

export interface CaptionText {
  text: string;
  /** Tooltip; undefined when the text needs no explanation. */
  title: string | undefined;
}

/**
 * The waterfall's count: the turns in its window (`20,837 of 41,666 turns` once zoomed, `204 turns`
 * when all are), and how many of them are merged into a neighbour's bar for being under a pixel wide
 * (`· 22 merged`; the tooltip says how to see them apart). Short, so the panel's header keeps its height.
 */
export function waterfallCaption(shown: number, total: number, thinned: number): CaptionText {
  const inWindow = shown + thinned;
  const count = inWindow < total ? `${groupDigits(inWindow)} of ${countOf(total, 'turn')}` : countOf(total, 'turn');
  const text = `${count}${thinned ? ` · ${groupDigits(thinned)} merged` : ''}`;
  const where = inWindow < total ? `${groupDigits(inWindow)} of the ${countOf(total, 'turn')} are in this window (zoom out or Fit for the others). ` : '';
  const merged = thinned
    ? `${countOf(thinned, 'turn')} ${thinned === 1 ? 'is' : 'are'} under a pixel wide at this zoom, drawn merged into the bar before on ${thinned === 1 ? 'its' : 'their'} track (hover a bar for how many). Zoom in (+ or the mouse wheel) to see ${thinned === 1 ? 'it' : 'them'} apart.`
    : '';
  return { text, title: where || merged ? `${where}${merged}`.trim() : undefined };
}

/**
 * Characters the count may need for a capture of `total` turns: its longest caption. The panel keeps
 * that room for it, so a zoom that shortens or lengthens the count never rewraps the header (the
 * chart would move by a line).
 */
export function waterfallCaptionRoom(total: number): number {
  return `${groupDigits(total)} of ${countOf(total, 'turn')} · ${groupDigits(total)} merged`.length;
}

/**
 * The header's turn count while the turns are still coming: `12,000 of 41,666 turns…` when the index
 * says how many there are, `12,000 turns so far…` while the CLI is still reading the capture.
 */
export function pendingTurns(listed: number, total: number | undefined): string {
  if (total !== undefined) return listed > 0 ? `${groupDigits(listed)} of ${countOf(total, 'turn')}…` : `Loading ${countOf(total, 'turn')}…`;
  return listed > 0 ? `${countOf(listed, 'turn')} so far…` : 'Loading turns…';
}

/**
 * A turn's status as the dashboard says it: the summary's words ("in flight"), not the API's
 * `in_progress`, so one state has one name everywhere it shows.
 */
export function turnStatusLabel(status: TurnStatus, warmup = false): string {
  if (warmup && status === 'completed') return 'warm-up';
  return status === 'in_progress' ? 'in flight' : status;
}
