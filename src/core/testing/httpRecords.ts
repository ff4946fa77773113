/**
 * Capture records of HTTP passthrough exchanges for tests, in the shape the relay writes:
 * conn.open (transport 'http'), the request frame, conn.upstream_open with setupMs, one SSE frame
 * per event, conn.close. Pure, like records.ts beside it.
 */

import type { CaptureRecord } from '../capture.ts';
import type { CaptureBuilder } from './records.ts';

export interface HttpExchangeSpec {
  conn: string;
  /** Send time (epoch ms); the events follow at the given offsets from it. */
  t: number;
  body: object;
  /** Connection setup this exchange paid (0 = reused). */
  setupMs: number;
  /** [offset ms from send, event] in order; the last one should be terminal. */
  events: [number, { type: string } & Record<string, unknown>][];
  agentSocket?: string;
}

export function httpExchange(spec: HttpExchangeSpec): CaptureRecord[] {
  const { conn, t } = spec;
  const data = JSON.stringify(spec.body);
  const out: CaptureRecord[] = [
    { kind: 'conn.open', t: t - 0.5, conn, path: '/v1/responses', headers: {}, transport: 'http', method: 'POST', agentSocket: spec.agentSocket ?? 'a1' },
    { kind: 'frame', t, conn, seq: 1, dir: 'send', binary: false, size: data.length, data, http: 'request' },
  ];
  const first = spec.events[0]?.[0] ?? spec.setupMs;
  out.push({
    kind: 'conn.upstream_open',
    t: t + first,
    conn,
    upstream: 'https://api.example/v1/responses',
    status: 200,
    handshakeMs: first,
    setupMs: spec.setupMs,
    reused: spec.setupMs === 0,
  });
  spec.events.forEach(([dt, ev], i) => {
    const text = JSON.stringify(ev);
    out.push({ kind: 'frame', t: t + dt, conn, seq: i + 2, dir: 'receive', binary: false, size: text.length, data: text, http: 'sse', event: ev.type });
  });
  const lastT = t + (spec.events.at(-1)?.[0] ?? 0);
  out.push({ kind: 'conn.close', t: lastT + 0.1, conn, side: 'upstream', code: 1000, reason: '' });
  return out;
}

/** The events of one simple streamed text turn: created at `createdMs`, first delta at `ttftMs`, completed at `endMs`. */
export function streamedTurn(id: string, at: { createdMs: number; ttftMs: number; endMs: number }): [number, { type: string } & Record<string, unknown>][] {
  const response = { id, object: 'response', status: 'in_progress', model: 'gpt-5.5', output: [], usage: null };
  return [
    [at.createdMs, { type: 'response.created', response }],
    [at.ttftMs, { type: 'response.output_text.delta', item_id: `msg_${id}`, delta: 'hi' }],
    [
      at.endMs,
      {
        type: 'response.completed',
        response: { ...response, status: 'completed', usage: { input_tokens: 100, output_tokens: 20, total_tokens: 120, input_tokens_details: { cached_tokens: 64 } } },
      },
    ],
  ];
}

/** The WebSocket twin: on `conn` of `c`, per id a response.create 10 ms after the last frame, then that turn streamed. */
export function wsStreamedTurns(c: CaptureBuilder, conn: string, ids: string[], at = { createdMs: 20, ttftMs: 100, endMs: 200 }): CaptureBuilder {
  for (const id of ids) {
    c.send(conn, { type: 'response.create', model: 'gpt-5.5' }, 10);
    let prev = 0;
    for (const [t, ev] of streamedTurn(id, at)) {
      c.receive(conn, ev, t - prev);
      prev = t;
    }
  }
  return c;
}
