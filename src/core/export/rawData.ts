import type { FrameRecord } from '../capture.ts';

/**
 * A frame's `data` as a JSON string literal, for an exporter to paste into its output.
 *
 * Escaping a payload costs about as much as parsing it, and the capture line already holds it
 * escaped: the relay writes `data` last (`…,"data":"<escaped>"}`). Inside a JSON string every `"`
 * is escaped, so the exact text `"data":"` can only be a key; when `data` is the record's last key
 * (JSON.parse keeps key order) and the line ends in `"}`, its last occurrence starts that final
 * value. When the line has this shape and masking changes nothing, the escaped text is copied from
 * the line; otherwise (another writer's layout, a masked secret) the value is escaped anew.
 * Binary frames (base64) are never masked.
 */
export function dataJson(rec: FrameRecord, line: string | undefined, mask: (s: string) => string): string {
  const value = rec.binary ? rec.data : mask(rec.data);
  if (line !== undefined && value === rec.data && line.endsWith('"}') && lastKey(rec) === 'data') {
    const i = line.lastIndexOf('"data":"');
    if (i !== -1) return line.slice(i + 7, -1);
  }
  return JSON.stringify(value);
}

function lastKey(rec: object): string | undefined {
  let last: string | undefined;
  for (const k in rec) last = k;
  return last;
}

/**
 * The same for a frame read from its line's bytes (frameLine.ts), given its `data` literal exactly
 * as the line holds it: what JSON.stringify(data) writes, so it is used whenever masking changes
 * nothing.
 */
export function dataJsonOfLiteral(rec: FrameRecord, literal: string, mask: (s: string) => string): string {
  const value = rec.binary ? rec.data : mask(rec.data);
  return value === rec.data ? literal : JSON.stringify(value);
}
