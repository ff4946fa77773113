/**
 * The capture model: connections and turns derived from capture records, one
 * turn per `response.create`. It is incremental, fed one record at a time in file order by the live dashboard, and
 * `buildCaptureModel` over the same records gives an equal result (exports, CLI, tests).
 *
 * Cost: O(1) amortized per record; each frame payload is parsed at most once (or not at all when
 * the caller passes the payload it already parsed). Outputs are returned by reference and updated
 * in place as records arrive: treat them as read-only, and re-read when `version` changes.
 */

import type { CaptureRecord, FrameRecord } from './capture.ts';
import { applyClose, applyConnError, applyUpstreamOpen, linkReconnect, linkRecycle, openConnection, RECYCLE_MIN_AGE_MS } from './connections.ts';
import type { ConnectionInfo, FrameError, Turn } from './model.ts';
import { ConnLanes } from './turns/lanes.ts';
import { httpEvents } from './turns/httpFrames.ts';
import { asEvent, laneOf, parseFramePayload, str, type WireEvent } from './turns/payload.ts';
import { applyServerEvent, endTurn, newTurn, readFrameError, type OpenTurn } from './turns/turnEvents.ts';

export interface CaptureInfo {
  /** `capture.start` time, or the first record's time when the header is missing. */
  startT?: number;
  /** The connection limit the countdown uses (the relay's --max-age), when the header has it. */
  maxAgeMs?: number;
  upstream?: string;
  /** The latest record time seen: "now" for a reopened capture, open turns end here on the chart. */
  lastT?: number;
  /** `capture.end` seen: nothing more will come. */
  ended: boolean;
  /** Records the relay could not write (`capture.gap`). */
  dropped: number;
}

export interface CaptureModel {
  /**
   * Feeds one record, in file order. `payload` is the frame's `data` already parsed with JSON.parse
   * (pass it when the caller parses anyway, so nothing is parsed twice); omit it to let the model
   * parse. Binary frames, non-JSON text and unknown events are counted and otherwise ignored.
   */
  add(record: CaptureRecord, payload?: unknown): void;
  /** Increments on every change; subscribe to it instead of diffing the outputs. */
  readonly version: number;
  info(): Readonly<CaptureInfo>;
  /** Connections in `conn.open` order (live objects). */
  connections(): readonly ConnectionInfo[];
  connection(conn: string): ConnectionInfo | undefined;
  /** Turns in send order over the whole capture; `turns()[i].index === i + 1`. */
  turns(): readonly Turn[];
  turn(id: string): Turn | undefined;
  /** The turn a frame belongs to: its `response.create`, or a server event of it. */
  turnOfFrame(conn: string, seq: number): Turn | undefined;
  /** Lanes used on a connection in order of first use; `null` is the default lane. */
  lanesOf(conn: string): ReadonlyArray<string | null>;
}

interface ConnState {
  info: ConnectionInfo;
  lanes: ConnLanes;
}

/** `stream_id` syntax (protocol.md §3.3); an `invalid_stream_id` error cannot echo a bad one. */
const VALID_STREAM_ID = /^[A-Za-z0-9_.-]{1,256}$/;

export function createCaptureModel(): CaptureModel {
  const conns = new Map<string, ConnState>();
  const connList: ConnectionInfo[] = [];
  const turns: Turn[] = [];
  const turnsById = new Map<string, Turn>();
  const turnByResponseId = new Map<string, Turn>();
  const info: CaptureInfo = { ended: false, dropped: 0 };
  let version = 0;

  function state(conn: string, t: number): ConnState {
    let s = conns.get(conn);
    if (!s) {
      // A frame of a connection whose conn.open is missing (a truncated capture): keep it anyway.
      s = { info: openConnection({ kind: 'conn.open', t, conn, path: '', headers: {} }), lanes: new ConnLanes() };
      conns.set(conn, s);
      connList.push(s.info);
    }
    return s;
  }

  function cut(s: ConnState, t: number): void {
    for (const open of s.lanes.drainAll()) endTurn(open.turn, 'cut', t);
  }

  function onSend(s: ConnState, rec: FrameRecord, ev: WireEvent): void {
    // Only response.create starts a turn; response.steer and unknown client events do not.
    if (ev.type !== 'response.create') return;
    const laneId = laneOf(ev);
    const lane = s.lanes.lane(laneId);
    if (laneId !== null && !s.info.lanes.includes(laneId)) s.info.lanes.push(laneId);
    const turn = newTurn(ev, {
      conn: rec.conn,
      lane: laneId,
      seq: rec.seq,
      t: rec.t,
      n: ++s.lanes.turnCount,
      index: turns.length + 1,
    });
    // Agent time only when the agent waited for the previous turn; a pipelined send has none.
    if (lane.lastEndT !== undefined && lane.head === lane.queue.length) turn.agentMs = rec.t - lane.lastEndT;
    if (turn.previousResponseId) {
      const prev = turnByResponseId.get(turn.previousResponseId);
      if (prev) turn.previousTurnId = prev.id;
    }
    lane.queue.push({ turn, items: new Map() });
    turns.push(turn);
    turnsById.set(turn.id, turn);
    s.info.turns++;
    s.lanes.frameTurn[rec.seq] = turn;
  }

  function onReceive(s: ConnState, rec: FrameRecord, ev: WireEvent): void {
    const type = str(ev.type);
    if (type === undefined) return;
    const laneId = laneOf(ev);
    if (type === 'error') return onErrorFrame(s, rec, ev, laneId);
    if (type.startsWith('response.steer')) return;
    const open = s.lanes.peek(laneId);
    if (!open) return;
    s.lanes.frameTurn[rec.seq] = open.turn;
    const hadResponseId = open.turn.responseId !== undefined;
    if (applyServerEvent(open, ev, type, rec.t, rec.seq)) s.lanes.shift(laneId, rec.t);
    if (!hadResponseId && open.turn.responseId !== undefined) turnByResponseId.set(open.turn.responseId, open.turn);
  }

  function onErrorFrame(s: ConnState, rec: FrameRecord, ev: WireEvent, laneId: string | null): void {
    const err = readFrameError(ev);
    let open: OpenTurn | undefined = s.lanes.peek(laneId);
    // invalid_stream_id cannot echo the bad id: it answers the open turn on a malformed lane.
    if (!open && err.code === 'invalid_stream_id') open = s.lanes.findOpen((id) => id !== null && !VALID_STREAM_ID.test(id));
    const frameError: FrameError = { ...err, t: rec.t, seq: rec.seq, lane: open ? open.turn.lane : laneId };
    if (err.code === 'websocket_connection_limit_reached') {
      s.info.limitReached = true;
      if (s.info.limitT === undefined) s.info.limitT = rec.t;
    }
    if (err.code === 'previous_response_not_found') s.info.cacheMiss = true;
    if (open) {
      const turn = open.turn;
      frameError.turnId = turn.id;
      s.lanes.frameTurn[rec.seq] = turn;
      turn.frames++;
      turn.error = err;
      endTurn(turn, 'error', rec.t, rec.seq);
      s.lanes.shift(turn.lane, rec.t);
    }
    s.info.frameErrors.push(frameError);
  }

  function onFrame(rec: FrameRecord, payload: unknown): void {
    const s = state(rec.conn, rec.t);
    s.info.frames++;
    s.info.bytes += rec.size;
    const ev = payload === undefined ? parseFramePayload(rec) : rec.binary ? undefined : asEvent(payload);
    if (!ev) return;
    if (rec.http !== undefined) return onHttpFrame(s, rec, ev);
    if (rec.dir === 'send') onSend(s, rec, ev);
    else onReceive(s, rec, ev);
  }

  /** HTTP passthrough exchanges are read as the WebSocket events they stand for. */
  function onHttpFrame(s: ConnState, rec: FrameRecord, ev: WireEvent): void {
    const events = httpEvents(rec, ev);
    for (const e of events) {
      if (rec.dir === 'send') onSend(s, rec, e);
      else onReceive(s, rec, e);
    }
    const turn = s.lanes.frameTurn[rec.seq];
    if (turn && events.length > 1) turn.frames -= events.length - 1;
  }

  function add(rec: CaptureRecord, payload?: unknown): void {
    version++;
    if (info.startT === undefined) info.startT = rec.t;
    if (info.lastT === undefined || rec.t > info.lastT) info.lastT = rec.t;
    switch (rec.kind) {
      case 'capture.start':
        info.startT = rec.t;
        if (rec.maxAgeMs !== undefined) info.maxAgeMs = rec.maxAgeMs;
        info.upstream = rec.upstream;
        return;
      case 'conn.open': {
        const existing = conns.get(rec.conn);
        if (existing) return; // ids are unique in a file; a repeat is ignored rather than trusted
        const s: ConnState = { info: openConnection(rec), lanes: new ConnLanes() };
        conns.set(rec.conn, s);
        connList.push(s.info);
        linkReconnect(connList, s.info);
        return;
      }
      case 'conn.upstream_open':
        applyUpstreamOpen(state(rec.conn, rec.t).info, rec);
        return;
      case 'frame':
        onFrame(rec, payload);
        return;
      case 'conn.close': {
        const s = state(rec.conn, rec.t);
        applyClose(s.info, rec);
        linkRecycle(connList, s.info, Math.min(RECYCLE_MIN_AGE_MS, (info.maxAgeMs ?? Infinity) / 2));
        cut(s, rec.t);
        return;
      }
      case 'conn.error':
        applyConnError(state(rec.conn, rec.t).info, rec);
        return;
      case 'capture.end':
        info.ended = true;
        for (const s of conns.values()) cut(s, rec.t);
        return;
      case 'capture.gap':
        info.dropped += rec.dropped;
        return;
      case 'fault':
        // Faults are read by faultVerdict.ts; the frames they injected are marked and count here as the agent saw them.
        return;
      default: {
        // Unknown kinds are ignored (capture format v1: readers ignore what they do not know).
        const _exhaustive: never = rec;
        void _exhaustive;
      }
    }
  }

  return {
    add,
    get version() {
      return version;
    },
    info: () => info,
    connections: () => connList,
    connection: (conn) => conns.get(conn)?.info,
    turns: () => turns,
    turn: (id) => turnsById.get(id),
    turnOfFrame: (conn, seq) => conns.get(conn)?.lanes.frameTurn[seq],
    lanesOf: (conn) => conns.get(conn)?.lanes.order ?? [],
  };
}

/** The model over a whole capture at once; equal to feeding the same records to `add` one by one. */
export function buildCaptureModel(records: Iterable<CaptureRecord>): CaptureModel {
  const model = createCaptureModel();
  for (const rec of records) model.add(rec);
  return model;
}
