import { readFileSync } from 'node:fs';
import { parseCaptureLine, type CaptureRecord } from '../../src/core/capture.ts';

/**
 * Figures about a demo capture, read the way a user would check it: what the agent sent and what
 * came back on each connection. Used by the end-to-end test and handy for eyeballing a run.
 */
export interface CaptureStats {
  connections: string[];
  creates: number;
  /** response.create frames that carry a function_call_output: turns that follow a tool call. */
  toolCallTurns: number;
  streamIds: string[];
  /** Connections that received websocket_connection_limit_reached. */
  limitErrorsOn: string[];
  previousNotFound: number;
  /** response.create frames sent on connections opened after the first limit error. */
  createsAfterLimit: number;
  warmups: number;
  steers: number;
  closes: { conn: string; side: string; code: number }[];
  spanMs: number;
}

export function captureStats(file: string): CaptureStats {
  const lines = readFileSync(file, 'utf8').split('\n');
  // A capture being written may end in a partial line: only that one may be skipped.
  const records = lines.flatMap((l, i) => {
    if (l.trim() === '') return [];
    try {
      const r = parseCaptureLine(l, i + 1);
      return r === null ? [] : [r];
    } catch (err) {
      if (i === lines.length - 1) return [];
      throw err;
    }
  }) as CaptureRecord[];
  const stats: CaptureStats = {
    connections: [],
    creates: 0,
    toolCallTurns: 0,
    streamIds: [],
    limitErrorsOn: [],
    previousNotFound: 0,
    createsAfterLimit: 0,
    warmups: 0,
    steers: 0,
    closes: [],
    spanMs: 0,
  };
  const lanes = new Set<string>();
  let firstLimitAt = Infinity;
  const openedAt = new Map<string, number>();
  for (const r of records) {
    if (r.kind === 'conn.open') {
      stats.connections.push(r.conn);
      openedAt.set(r.conn, r.t);
    }
    if (r.kind === 'conn.close') stats.closes.push({ conn: r.conn, side: r.side, code: r.code });
    if (r.kind !== 'frame' || r.binary) continue;
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(r.data) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (r.dir === 'send' && frame.type === 'response.steer') stats.steers++;
    if (r.dir === 'send' && frame.type === 'response.create') {
      stats.creates++;
      if (frame.generate === false) stats.warmups++;
      if (typeof frame.stream_id === 'string') lanes.add(frame.stream_id);
      if (Array.isArray(frame.input) && frame.input.some((i: { type?: unknown }) => i?.type === 'function_call_output')) stats.toolCallTurns++;
      if ((openedAt.get(r.conn) ?? 0) > firstLimitAt) stats.createsAfterLimit++;
    }
    const code = r.dir === 'receive' && frame.type === 'error' ? (frame.error as { code?: string } | undefined)?.code : undefined;
    if (code === 'websocket_connection_limit_reached') {
      stats.limitErrorsOn.push(r.conn);
      firstLimitAt = Math.min(firstLimitAt, r.t);
    }
    if (code === 'previous_response_not_found') stats.previousNotFound++;
  }
  stats.streamIds = [...lanes].sort();
  stats.spanMs = records.length > 1 ? records[records.length - 1].t - records[0].t : 0;
  return stats;
}
