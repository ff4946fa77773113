import type { CaptureRecord, CloseSide } from '../../src/core/capture.ts';
import { createCaptureModel } from '../../src/core/turns.ts';

/** One recorded server frame, as it went to the agent. */
export interface ReplayFrame {
  t: number;
  data: string;
  binary: boolean;
}

/** One recorded `response.create` and the server frames that answered it. */
export interface ReplayTurn {
  /** 1-based among this connection's turns on this lane. */
  n: number;
  lane: string | null;
  sendT: number;
  request: Record<string, unknown>;
  frames: ReplayFrame[];
}

export interface ReplayConnection {
  conn: string;
  openT: number;
  /** A refused upgrade (HTTP status the agent got), replayed as the same refusal. */
  refusedStatus?: number;
  /** Server frames sent before the agent's first request (rare: an unsolicited error). */
  preamble: ReplayFrame[];
  lanes: Map<string | null, ReplayTurn[]>;
  turns: number;
  close?: { side: CloseSide; code: number; reason: string; t: number };
}

/**
 * Turns a capture into what the replay endpoint plays back: per recorded connection, per lane
 * (stream_id), the recorded requests in order with the server frames of each. Frames are assigned
 * to turns by the turn model (lanes FIFO); a server frame of no turn (an error on an idle lane, a
 * steer acknowledgement) stays with the turn sent last before it, so it is played at the same
 * point. Only what the agent would have received is kept.
 */
export function buildReplayScript(records: Iterable<CaptureRecord>): ReplayConnection[] {
  const model = createCaptureModel();
  const conns = new Map<string, ReplayConnection>();
  const byTurnId = new Map<string, ReplayTurn>();
  const lastTurn = new Map<string, ReplayTurn>();
  const connOf = (conn: string, t: number) => {
    let c = conns.get(conn);
    if (!c) conns.set(conn, (c = { conn, openT: t, preamble: [], lanes: new Map(), turns: 0 }));
    return c;
  };
  // HTTP passthrough exchanges are not part of a WebSocket replay.
  const http = new Set<string>();
  for (const rec of records) {
    model.add(rec);
    if ('conn' in rec && http.has(rec.conn)) continue;
    switch (rec.kind) {
      case 'conn.open':
        if (rec.transport === 'http') http.add(rec.conn);
        else connOf(rec.conn, rec.t);
        break;
      case 'conn.error':
        if (rec.status !== undefined && conns.has(rec.conn) && conns.get(rec.conn)!.turns === 0) conns.get(rec.conn)!.refusedStatus = rec.status;
        break;
      case 'conn.close':
        if (conns.has(rec.conn)) conns.get(rec.conn)!.close = { side: rec.side, code: rec.code, reason: rec.reason, t: rec.t };
        break;
      case 'frame': {
        const c = connOf(rec.conn, rec.t);
        const turn = model.turnOfFrame(rec.conn, rec.seq);
        if (rec.dir === 'send') {
          if (!turn || turn.sendSeq !== rec.seq) break; // not a response.create
          const request = JSON.parse(rec.data) as Record<string, unknown>;
          let lane = c.lanes.get(turn.lane);
          if (!lane) c.lanes.set(turn.lane, (lane = []));
          const rt: ReplayTurn = { n: lane.length + 1, lane: turn.lane, sendT: rec.t, request, frames: [] };
          lane.push(rt);
          c.turns++;
          byTurnId.set(turn.id, rt);
          lastTurn.set(rec.conn, rt);
          break;
        }
        const frame: ReplayFrame = { t: rec.t, data: rec.data, binary: rec.binary };
        const owner = (turn && byTurnId.get(turn.id)) ?? lastTurn.get(rec.conn);
        if (owner) owner.frames.push(frame);
        else c.preamble.push(frame);
        break;
      }
    }
  }
  // A connection that the upstream refused has no frames; one the agent never used is still a
  // connection in the recording (the agent will open it again), so both are kept.
  return [...conns.values()];
}
