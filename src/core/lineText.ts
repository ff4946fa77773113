/**
 * The text a timeline line shows, built once per row or record and cached. A fast scroll brings ~20
 * new lines a frame, and a line scrolled back into view must cost no JSON parse or string building
 * again. Keys are the row and record objects, which are never mutated once built except a live
 * row's summary, which is replaced by a new string (the entry remembers the string it was built from).
 */

import { clipText, escapeBidi } from './displayText.ts';
import { DELTA_TEXT_MAX, type Timeline, type TimelineRow } from './timeline.ts';

/** A line shows one line: a member's whole payload (megabytes, maybe) is never laid out there. */
export const SUMMARY_CHARS = 500;
/** Every summary carries its text (the start of it) as a tooltip: any width of the column can cut it. */
const TITLE_CHARS = 2000;

export interface LineSummary {
  /** The summary the entry was built from. */
  readonly of: string;
  /** Clipped to SUMMARY_CHARS, bidi controls made visible. */
  readonly shown: string;
  readonly title: string | undefined;
}

const summaries = new WeakMap<object, LineSummary>();

export function lineSummary(key: object, summary: string): LineSummary {
  const hit = summaries.get(key);
  if (hit && hit.of === summary) return hit;
  const entry: LineSummary = {
    of: summary,
    shown: escapeBidi(clipText(summary, SUMMARY_CHARS).shown),
    title: summary === '' ? undefined : escapeBidi(summary.slice(0, TITLE_CHARS)),
  };
  summaries.set(key, entry);
  return entry;
}

const deltas = new WeakMap<object, string>();

/** A folded member's text: its payload's `delta`, or the raw payload when it has none or is not JSON. */
export function deltaText(rec: { readonly data: string }): string {
  let text = deltas.get(rec);
  if (text === undefined) {
    try {
      text = String((JSON.parse(rec.data) as { delta?: unknown }).delta ?? rec.data);
    } catch {
      text = rec.data;
    }
    deltas.set(rec, text);
  }
  return text;
}

/** Members asked for at most while assembling a folded row whose records the timeline does not hold. */
const ASSEMBLE_ASK_MAX = 256;

/**
 * A folded row's text: what the timeline kept while folding, or else (an indexed capture, whose
 * rows come without it) its members' deltas read from the timeline, up to the same length.
 * Undefined while a member it needs is not held: reading asks for it, so it comes on a later call.
 */
export function foldedText(tl: Timeline, row: TimelineRow): string | undefined {
  if (row.deltaText !== undefined) return row.deltaText;
  let text = '';
  let missing = 0;
  for (let k = 0; k < row.members.length && text.length < DELTA_TEXT_MAX && missing < ASSEMBLE_ASK_MAX; k++) {
    const rec = tl.record(row.members[k]);
    if (rec === undefined) missing++;
    else if (missing === 0 && rec.kind === 'frame') text += deltaText(rec);
  }
  return missing > 0 ? undefined : text;
}
