/**
 * A synthetic agent session, written as a capture: `turns` tool-calling turns on one lane, each a
 * response.create, created, a few text deltas and completed with usage, separated by the agent's
 * own time; one turn (`failAt`) fails with a server error. With `limitAfterMs` the connection gets
 * websocket_connection_limit_reached once that much time has passed, closes, and the agent
 * reconnects (c2, c3…) and pays a previous_response_not_found before resending the full context,
 * as an hour-long session does.
 */

import fs from 'node:fs';
import { captureStart } from './sampleCapture.ts';

export interface SessionOptions {
  turns: number;
  /** The agent's time between a terminal event and its next send, ms. */
  agentMs: number;
  failAt?: number;
  limitAfterMs?: number;
  start?: number;
}

export function writeSessionCapture(file: string, o: SessionOptions): void {
  let t = o.start ?? Date.now() - o.turns * (o.agentMs + 1500) - 60_000;
  const upstream = 'wss://api.openai.com/v1/responses';
  const out: object[] = [captureStart(t, { maxAgeMs: o.limitAfterMs ?? 3_600_000 })];
  let conn = 'c0';
  let seq = 0;
  let openedAt = t;
  let prev: string | null = null;
  const open = () => {
    conn = `c${Number(conn.slice(1)) + 1}`;
    seq = 0;
    openedAt = t;
    out.push({ kind: 'conn.open', t: (t += 1), conn, path: '/v1/responses', headers: { 'user-agent': 'OpenAI/Python 2.32.0' } });
    out.push({ kind: 'conn.upstream_open', t: (t += 92.5), conn, upstream, status: 101, handshakeMs: 92.5 });
  };
  const frame = (dir: 'send' | 'receive', ev: object, gap: number) => {
    const data = JSON.stringify(ev);
    out.push({ kind: 'frame', t: (t += gap), conn, seq: ++seq, dir, binary: false, size: Buffer.byteLength(data), data });
  };
  const create = (i: number) => ({
    type: 'response.create',
    model: 'gpt-5.5',
    store: false,
    previous_response_id: prev,
    input: [{ type: 'function_call_output', call_id: `call_${i - 1}`, output: `{"lines":${i * 7},"path":"src/module${i}.ts"}` }],
  });
  open();
  for (let i = 1; i <= o.turns; i++) {
    if (o.limitAfterMs !== undefined && t - openedAt >= o.limitAfterMs) {
      frame('send', create(i), o.agentMs);
      frame(
        'receive',
        {
          type: 'error',
          status: 400,
          error: {
            type: 'invalid_request_error',
            code: 'websocket_connection_limit_reached',
            message: 'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.',
          },
        },
        18,
      );
      out.push({ kind: 'conn.close', t: (t += 4), conn, side: 'upstream', code: 1000, reason: '' });
      open();
      frame('send', create(i), 40);
      frame(
        'receive',
        { type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: `Previous response with id '${prev}' not found.` } },
        21,
      );
      prev = null;
    }
    const id = `resp_${String(i).padStart(4, '0')}a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8`;
    const response = { id, object: 'response', status: 'in_progress', model: 'gpt-5.5-2026-01-15', output: [], usage: null };
    frame('send', create(i), i === 1 ? 200 : o.agentMs + (i % 7) * 130);
    frame('receive', { type: 'response.created', sequence_number: 0, response }, 35 + (i % 5) * 9);
    if (i === o.failAt) {
      frame(
        'receive',
        {
          type: 'response.failed',
          sequence_number: 1,
          response: { ...response, status: 'failed', error: { code: 'server_error', message: 'The server had an error while processing your request.' } },
        },
        400,
      );
      prev = id;
      continue;
    }
    for (let d = 0; d < 4; d++)
      frame(
        'receive',
        {
          type: 'response.output_text.delta',
          sequence_number: d + 1,
          item_id: `msg_${i}`,
          output_index: 0,
          content_index: 0,
          delta: `Step ${i}: reading module ${i}, part ${d}. `,
        },
        d === 0 ? 180 + (i % 3) * 40 : 25,
      );
    frame(
      'receive',
      {
        type: 'response.completed',
        sequence_number: 6,
        response: {
          ...response,
          status: 'completed',
          usage: {
            input_tokens: 1200 + i * 40,
            input_tokens_details: { cached_tokens: 1000 + i * 35 },
            output_tokens: 60 + (i % 9),
            output_tokens_details: { reasoning_tokens: 20 },
            total_tokens: 1300 + i * 41,
          },
        },
      },
      30,
    );
    prev = id;
  }
  out.push({ kind: 'conn.close', t: (t += 50), conn, side: 'client', code: 1000, reason: 'agent stopped' });
  fs.writeFileSync(file, out.map((r) => JSON.stringify(r)).join('\n') + '\n');
}
