/**
 * HTTP passthrough frames (capture extension `frame.http`) read as the WebSocket events
 * they correspond to, so one turn model serves both transports. An HTTP request body is a
 * `response.create` without the `type`; an SSE event's data is the same event a WebSocket frame
 * carries; a whole JSON body (stream: false, or an HTTP error) is the terminal event, or an error.
 */

import type { FrameRecord } from '../capture.ts';
import { obj, str, type WireEvent } from './payload.ts';

const TERMINAL_OF_STATUS: Record<string, string> = {
  completed: 'response.completed',
  failed: 'response.failed',
  incomplete: 'response.incomplete',
  cancelled: 'response.failed',
};

/**
 * The events one HTTP frame stands for. A whole JSON response (stream: false) also yields its
 * output as `response.output_item.done` events and its text as one `response.output_text.delta`,
 * so the turn gets its tool calls and text; its first output reaches the agent with the body, so
 * that is its time to first token.
 */
export function httpEvents(rec: FrameRecord, ev: WireEvent): WireEvent[] {
  switch (rec.http) {
    case 'request':
      return [{ ...ev, type: 'response.create' }];
    case 'response': {
      const failed = (rec.status ?? 200) >= 400 || (obj(ev.error) !== undefined && ev.object !== 'response');
      if (failed) return [{ type: 'error', ...(rec.status === undefined ? {} : { status: rec.status }), error: obj(ev.error) ?? ev }];
      const out: WireEvent[] = [];
      const items = Array.isArray(ev.output) ? ev.output : [];
      items.forEach((item: unknown, i) => {
        out.push({ type: 'response.output_item.done', output_index: i, item });
        const content = obj(item)?.content;
        for (const part of Array.isArray(content) ? content : []) {
          const text = str(obj(part)?.text);
          if (obj(part)?.type === 'output_text' && text) out.push({ type: 'response.output_text.delta', output_index: i, delta: text });
        }
      });
      out.push({ type: TERMINAL_OF_STATUS[str(ev.status) ?? 'completed'] ?? 'response.completed', response: ev });
      return out;
    }
    default:
      return [ev];
  }
}

/**
 * The payload the timeline should describe for an HTTP frame: a request as the `response.create`
 * it is, a whole JSON response as its terminal (or error) event; SSE events as they are.
 */
export function httpDisplayPayload(rec: FrameRecord, payload: unknown): unknown {
  if (rec.binary || rec.http === undefined || rec.http === 'sse') return payload;
  let value = payload;
  if (value === undefined) {
    try {
      value = JSON.parse(rec.data);
    } catch {
      return undefined;
    }
  }
  const ev = obj(value);
  return ev ? httpEvents(rec, ev).at(-1) : value;
}
