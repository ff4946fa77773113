/**
 * The tool's own JSON timeline export (json.ts) read back as capture records, so the dashboard and
 * `open` take what they export. The export's `events` are the kept records in capture order with
 * two derived fields on frames (`type`, `turn`), which are dropped here: turns are recomputed from
 * the frames, never trusted from the file. The header is rebuilt from `capture` and `exportedBy`.
 * Payloads stay as exported (masked unless the export included secrets).
 */

import { InspectorError } from '../errors.ts';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureRecord } from '../capture.ts';
import { TIMELINE_FORMAT, TIMELINE_VERSION } from './json.ts';

export class TimelineFormatError extends InspectorError {
  constructor(message: string, code = 'NOT_A_TIMELINE') {
    super(message, code);
  }
}

export interface TimelineImport {
  records: CaptureRecord[];
  warnings: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How many leading characters `looksLikeTimeline` may need to decide. */
export const TIMELINE_HEAD_CHARS = 96;

/** True when the text starts like a timeline export (compact, as written, or pretty-printed). */
export function looksLikeTimeline(head: string): boolean {
  return /^\uFEFF?\s*\{\s*"format"\s*:\s*"responses-inspector\.timeline"/.test(head);
}

/** A derived field of an exported frame event, not part of the capture record. */
const DERIVED_FRAME_KEYS = new Set(['type', 'turn']);

/** Converts a parsed timeline export. Throws TimelineFormatError for another format or version. */
export function importTimeline(doc: unknown): TimelineImport {
  if (!isObj(doc) || doc.format !== TIMELINE_FORMAT || !Array.isArray(doc.events)) {
    throw new TimelineFormatError(`not a Responses Inspector timeline export: expected {"format":"${TIMELINE_FORMAT}","events":[...]}`);
  }
  if (doc.version !== TIMELINE_VERSION) {
    throw new TimelineFormatError(
      `timeline export version ${JSON.stringify(doc.version)} is not supported (this reader knows version ${TIMELINE_VERSION}); upgrade responses-inspector to read it`,
    );
  }
  const info = isObj(doc.capture) ? doc.capture : {};
  const tool =
    isObj(doc.exportedBy) && typeof doc.exportedBy.name === 'string' && typeof doc.exportedBy.version === 'string'
      ? { name: doc.exportedBy.name, version: doc.exportedBy.version }
      : { name: 'responses-inspector', version: 'unknown' };
  const warnings: string[] = [];
  const records: CaptureRecord[] = [];
  let skipped = 0;
  for (const ev of doc.events as unknown[]) {
    if (!isObj(ev) || typeof ev.kind !== 'string' || typeof ev.t !== 'number') {
      skipped++;
      continue;
    }
    if (ev.kind === 'frame') {
      const rec: Obj = {};
      for (const k in ev) if (!DERIVED_FRAME_KEYS.has(k)) rec[k] = ev[k];
      records.push(rec as unknown as CaptureRecord);
    } else {
      records.push(ev as unknown as CaptureRecord);
    }
  }
  if (skipped) warnings.push(`${skipped} ${skipped === 1 ? 'event' : 'events'} without kind and t skipped`);
  const firstT = records.length ? records[0].t : 0;
  const startT = typeof info.startT === 'number' ? Math.min(info.startT, firstT || info.startT) : firstT;
  records.unshift({
    kind: 'capture.start',
    t: startT,
    format: CAPTURE_FORMAT,
    version: CAPTURE_VERSION,
    upstream: typeof info.upstream === 'string' ? info.upstream : '',
    tool,
    ...(typeof info.maxAgeMs === 'number' ? { maxAgeMs: info.maxAgeMs } : {}),
  });
  if (info.ended === true) {
    const lastT = Math.max(records[records.length - 1].t, typeof info.lastT === 'number' ? info.lastT : 0);
    let connections = 0;
    let frames = 0;
    let bytes = 0;
    for (const r of records) {
      if (r.kind === 'conn.open') connections++;
      else if (r.kind === 'frame') frames++, (bytes += r.size);
    }
    const dropped = typeof info.dropped === 'number' ? info.dropped : 0;
    records.push({ kind: 'capture.end', t: lastT, counts: { connections, frames, bytes, dropped } });
  }
  if (isObj(doc.filter)) warnings.push('this export was filtered: only the events it kept are shown');
  return { records, warnings };
}
