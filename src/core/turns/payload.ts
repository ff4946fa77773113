/**
 * Reading frame payloads for the turn model. A capture holds whatever crossed the wire: binary
 * frames, text that is not JSON, JSON that is not an object, events of types nobody has seen yet.
 * The model reads only what it understands and ignores the rest, never throws.
 */

import type { FrameRecord } from '../capture.ts';

/** A parsed event: any JSON object. Fields are read defensively with the helpers below. */
export type WireEvent = Record<string, unknown>;

/**
 * The frame's payload as a JSON object, or undefined for binary frames, non-JSON text and JSON
 * that is not an object. Callers that already parsed the payload pass it to the model instead
 * (`CaptureModel.add(record, payload)`), so a frame is never parsed twice.
 */
export function parseFramePayload(rec: FrameRecord): WireEvent | undefined {
  if (rec.binary) return undefined;
  const text = rec.data;
  // Cheap pre-check: every event is an object, so anything else is skipped without a throw.
  if (typeof text !== 'string' || text.length < 2 || text.charCodeAt(0) !== 123 /* { */) return undefined;
  try {
    return asEvent(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Narrows an already parsed value to an event object. */
export function asEvent(value: unknown): WireEvent | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as WireEvent) : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function obj(v: unknown): WireEvent | undefined {
  return asEvent(v);
}

/** `stream_id` of an event; absent, empty or not a string means the default lane (null). */
export function laneOf(ev: WireEvent): string | null {
  const id = ev.stream_id;
  return typeof id === 'string' && id !== '' ? id : null;
}
