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
 * The waterfall's count, `182 of 204 turns · zoom in for 22 more`: what is drawn, and what to do
 * about the turns too narrow to draw (the tooltip says why they are not).
 */
export function waterfallCaption(shown: number, total: number, thinned: number): CaptionText {
  const text = `${groupDigits(shown)} of ${countOf(total, 'turn')}${thinned ? ` · zoom in for ${groupDigits(thinned)} more` : ''}`;
  const title = thinned
    ? `${countOf(thinned, 'turn')} ${thinned === 1 ? 'is' : 'are'} not drawn: under a pixel wide at this zoom. Zoom in (+ or the mouse wheel) to see ${thinned === 1 ? 'it' : 'them'}.`
    : undefined;
  return { text, title };
}

/**
 * A turn's status as the dashboard says it: the summary's words ("in flight"), not the API's
 * `in_progress`, so one state has one name everywhere it shows.
 */
export function turnStatusLabel(status: TurnStatus, warmup = false): string {
  if (warmup && status === 'completed') return 'warm-up';
  return status === 'in_progress' ? 'in flight' : status;
}
