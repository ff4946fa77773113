/**
 * Builds capture records by hand for tests: a tiny script of opens, sends, receives and closes on
 * a fake clock. Shared by the unit tests of the turn model, the waterfall and anyone else who needs
 * a capture without a relay. Pure (no node:, no DOM), so UI tests can use it too.
 *
 *   const c = new CaptureBuilder();
 *   c.open('c1', { ua: 'agent/1' }).upstreamOpen('c1', 12);
 *   c.send('c1', { type: 'response.create', model: 'gpt-5.5' }, 5);   // 5 ms later
 *   c.receive('c1', { type: 'response.created', response: { id: 'resp_1' } }, 40);
 *   c.records  // → CaptureRecord[]
 */

import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureRecord, type CloseSide } from '../capture.ts';
import { base64Encode, utf8Length } from '../export/bytes.ts';

/** 2026-11-25T06:00:00Z: a fixed epoch so tests never depend on the real clock. */
export const T0 = 1_795_586_400_000;

export class CaptureBuilder {
  readonly records: CaptureRecord[] = [];
  /** The current time; each step advances it by its `dt` (default 1 ms). */
  t: number;
  private readonly seqs = new Map<string, number>();

  constructor(opts: { t0?: number; header?: boolean; maxAgeMs?: number } = {}) {
    this.t = opts.t0 ?? T0;
    if (opts.header !== false) {
      this.records.push({
        kind: 'capture.start',
        t: this.t,
        format: CAPTURE_FORMAT,
        version: CAPTURE_VERSION,
        upstream: 'ws://127.0.0.1:9/v1/responses',
        tool: { name: 'responses-inspector', version: 'test' },
        ...(opts.maxAgeMs !== undefined ? { maxAgeMs: opts.maxAgeMs } : {}),
      });
    }
  }

  /** Advances the clock by `dt` ms without a record. */
  wait(dt: number): this {
    this.t += dt;
    return this;
  }

  open(conn: string, opts: { ua?: string; dt?: number; headers?: Record<string, string> } = {}): this {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.ua !== undefined) headers['user-agent'] = opts.ua;
    this.records.push({ kind: 'conn.open', t: this.tick(opts.dt), conn, path: '/v1/responses', headers });
    return this;
  }

  /** The upstream's 101 arriving `handshakeMs` after the open. */
  upstreamOpen(conn: string, handshakeMs = 10, status = 101): this {
    this.records.push({
      kind: 'conn.upstream_open',
      t: this.tick(handshakeMs),
      conn,
      upstream: 'ws://127.0.0.1:9/v1/responses',
      status,
      handshakeMs,
    });
    return this;
  }

  /** A text frame agent → API; `payload` is an object (JSON-encoded) or raw text. */
  send(conn: string, payload: object | string, dt?: number): this {
    return this.frame(conn, 'send', payload, dt);
  }

  /** A text frame API → agent. */
  receive(conn: string, payload: object | string, dt?: number): this {
    return this.frame(conn, 'receive', payload, dt);
  }

  /** A binary frame; `bytes` are base64-encoded the way the relay stores them. */
  binary(conn: string, dir: 'send' | 'receive', bytes: number[], dt?: number): this {
    const seq = this.nextSeq(conn);
    const data = base64(bytes);
    this.records.push({ kind: 'frame', t: this.tick(dt), conn, seq, dir, binary: true, size: bytes.length, data });
    return this;
  }

  close(conn: string, opts: { code?: number; reason?: string; side?: CloseSide; dt?: number } = {}): this {
    this.records.push({
      kind: 'conn.close',
      t: this.tick(opts.dt),
      conn,
      side: opts.side ?? 'client',
      code: opts.code ?? 1000,
      reason: opts.reason ?? '',
    });
    return this;
  }

  error(conn: string, opts: { status?: number; message?: string; dt?: number } = {}): this {
    this.records.push({ kind: 'conn.error', t: this.tick(opts.dt), conn, status: opts.status, message: opts.message });
    return this;
  }

  end(dt?: number): this {
    this.records.push({
      kind: 'capture.end',
      t: this.tick(dt),
      counts: { connections: this.seqs.size, frames: 0, bytes: 0, dropped: 0 },
    });
    return this;
  }

  /**
   * Replays a protocol.md §10 style fixture (`{"dir":"c2s"|"s2c"|"send"|"receive","frame":{…}}` lines)
   * on one connection, `dt` ms apart.
   */
  fixture(conn: string, jsonl: string, dt = 1): this {
    for (const line of jsonl.split('\n')) {
      if (line.trim() === '') continue;
      const { dir, frame } = JSON.parse(line) as { dir: string; frame: object };
      this.frame(conn, dir === 'c2s' || dir === 'send' ? 'send' : 'receive', frame, dt);
    }
    return this;
  }

  private frame(conn: string, dir: 'send' | 'receive', payload: object | string, dt?: number): this {
    const data = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const seq = this.nextSeq(conn);
    const size = utf8Length(data);
    this.records.push({ kind: 'frame', t: this.tick(dt), conn, seq, dir, binary: false, size, data });
    return this;
  }

  private nextSeq(conn: string): number {
    const seq = (this.seqs.get(conn) ?? 0) + 1;
    this.seqs.set(conn, seq);
    return seq;
  }

  private tick(dt = 1): number {
    this.t += dt;
    return this.t;
  }
}

/** Server events of one simple text turn, for tests that need many turns quickly. */
export function textTurnEvents(responseId: string, text: string, extra: { stream_id?: string; output_tokens?: number } = {}): object[] {
  const lane = extra.stream_id !== undefined ? { stream_id: extra.stream_id } : {};
  const response = { id: responseId, object: 'response', status: 'in_progress', output: [], usage: null };
  return [
    { type: 'response.created', sequence_number: 0, response, ...lane },
    { type: 'response.output_text.delta', sequence_number: 1, item_id: `msg_${responseId}`, delta: text, ...lane },
    {
      type: 'response.completed',
      sequence_number: 2,
      response: {
        ...response,
        status: 'completed',
        usage: { input_tokens: 10, output_tokens: extra.output_tokens ?? 5, total_tokens: 10 + (extra.output_tokens ?? 5) },
      },
      ...lane,
    },
  ];
}

/** Base64 of the given bytes, as the relay stores a binary frame. */
function base64(bytes: number[]): string {
  return base64Encode(Uint8Array.from(bytes));
}
