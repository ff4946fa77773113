/**
 * The per-turn latency waterfall as data: tracks (one per connection and lane), bars (one per turn,
 * with its segments) and markers, on one shared time axis. The chart component only draws this.
 * Built from the turn model's output; only what intersects the visible window is returned, and
 * bars narrower than a pixel are thinned out, so thousands of turns stay cheap to draw.
 */

import { describeReconnect } from './connections.ts';
import type { FaultRecord } from './capture.ts';
import type { ConnectionInfo, Turn } from './model.ts';

/** waiting: send → first output delta; streaming: first delta → terminal; agent: terminal → next send on the lane. */
export type SegmentKind = 'waiting' | 'streaming' | 'agent';

export interface WaterfallSegment {
  kind: SegmentKind;
  start: number;
  end: number;
  /** Still growing (the turn or the agent's time is not over yet): drawn up to `now`. */
  open?: boolean;
}

export interface WaterfallTrack {
  /** `${conn}:${lane}` of its first connection, `*` for the default lane (never a valid stream_id). */
  key: string;
  /** The first connection drawn on this track. */
  conn: string;
  /**
   * Every connection drawn on it, in order: a connection that takes over a lane from one that was
   * replaced or closed continues its track, so an agent that recycles its socket every few minutes
   * keeps one row per lane instead of gaining a row per connection.
   */
  conns: string[];
  lane: string | null;
  label: string;
  /** First row of this track; `rows` rows follow (more than one only when turns overlap on a lane). */
  row: number;
  rows: number;
}

export interface WaterfallBar {
  turn: Turn;
  trackKey: string;
  row: number;
  /** From the send to the end of the last segment (agent time included). */
  start: number;
  end: number;
  segments: WaterfallSegment[];
  /** Agent time after this turn, before the next send on the lane (ms). */
  agentAfterMs?: number;
  /**
   * Turns after this one on its row too narrow to draw at this zoom (they would share its pixels):
   * counted here, so its tooltip says they exist and where, instead of their vanishing.
   */
  folded?: number;
}

export type MarkerKind = 'reconnect' | 'limit' | 'cache-miss' | 'error' | 'cut' | 'fault';

export interface WaterfallMarker {
  kind: MarkerKind;
  t: number;
  conn: string;
  /** The row it belongs on; undefined = across every row (a connection with no turns yet). */
  row?: number;
  turnId?: string;
  label: string;
}

export interface Waterfall {
  tracks: WaterfallTrack[];
  rowCount: number;
  bars: WaterfallBar[];
  markers: WaterfallMarker[];
  /** First send (or open) to the last end: the full time range, for the initial zoom. */
  extent?: { start: number; end: number };
  /** Bars in the window left out because they were narrower than `resolutionMs` beside another. */
  thinned: number;
}

export interface WaterfallOptions {
  /** Where open turns end: the latest record time, or the clock while live. */
  now?: number;
  /** Only bars and markers intersecting this time window (epoch ms) are returned. */
  window?: { start: number; end: number };
  /** About one pixel in ms: a bar shorter than this right after another on its row is not drawn. */
  resolutionMs?: number;
  /** Faults the relay injected (capture `fault` records): a marker where each struck. */
  faults?: readonly FaultRecord[];
}

export function trackKey(conn: string, lane: string | null): string {
  return `${conn}:${lane ?? '*'}`;
}

/** Builds the waterfall; O(turns) plus O(markers). See the module comment. */
export function buildWaterfall(turns: readonly Turn[], connections: readonly ConnectionInfo[], opts: WaterfallOptions = {}): Waterfall {
  const { tracks, rowOf, firstRowOf, rowCount } = layout(turns, connections, opts.now);
  const win = opts.window;
  const resolution = opts.resolutionMs ?? 0;
  const bars: WaterfallBar[] = [];
  const lastEndOnRow = new Map<number, number>();
  const lastBarOnRow = new Map<number, WaterfallBar>();
  const nextOnTrack = nextTurnOnTrack(turns);
  let thinned = 0;

  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i];
    const end = turnEnd(turn, opts.now);
    const segments: WaterfallSegment[] = [];
    const isOpen = turn.endT === undefined;
    const firstDelta = turn.firstDeltaT !== undefined && turn.firstDeltaT <= end ? turn.firstDeltaT : undefined;
    segments.push({ kind: 'waiting', start: turn.sendT, end: firstDelta ?? end, ...(isOpen && firstDelta === undefined ? { open: true } : {}) });
    if (firstDelta !== undefined) segments.push({ kind: 'streaming', start: firstDelta, end, ...(isOpen ? { open: true } : {}) });
    let agentAfterMs: number | undefined;
    const next = nextOnTrack[i];
    if (turn.endT !== undefined && turn.status !== 'cut') {
      if (next !== undefined && turns[next].agentMs !== undefined) {
        agentAfterMs = turns[next].agentMs;
        segments.push({ kind: 'agent', start: turn.endT, end: turns[next].sendT });
      } else if (next === undefined && opts.now !== undefined && opts.now > turn.endT && connOpen(connections, turn.conn)) {
        // (connOpen is false for a replaced connection: its lane goes on elsewhere, maybe on this row.)
        // The last turn of a live lane: the agent is working right now.
        segments.push({ kind: 'agent', start: turn.endT, end: opts.now, open: true });
      }
    }
    const barEnd = segments[segments.length - 1].end;
    if (win && (barEnd < win.start || turn.sendT > win.end)) continue;
    const row = rowOf[i];
    const prevEnd = lastEndOnRow.get(row);
    if (resolution > 0 && barEnd - turn.sendT < resolution && prevEnd !== undefined && turn.sendT - prevEnd < resolution) {
      thinned++;
      const host = lastBarOnRow.get(row);
      if (host) host.folded = (host.folded ?? 0) + 1;
      continue;
    }
    lastEndOnRow.set(row, barEnd);
    const bar: WaterfallBar = { turn, trackKey: trackKey(turn.conn, turn.lane), row, start: turn.sendT, end: barEnd, segments };
    if (agentAfterMs !== undefined) bar.agentAfterMs = agentAfterMs;
    lastBarOnRow.set(row, bar);
    bars.push(bar);
  }

  const markers = [...buildMarkers(turns, connections, rowOf, firstRowOf), ...faultMarkers(opts.faults ?? [], turns, rowOf, firstRowOf)]
    .sort((a, b) => a.t - b.t)
    .filter((m) => !win || (m.t >= win.start && m.t <= win.end));
  const waterfall: Waterfall = { tracks, rowCount, bars, markers, thinned };
  const extent = waterfallExtent(turns, connections, opts.now);
  if (extent) waterfall.extent = extent;
  return waterfall;
}

/**
 * The time range every bar of the waterfall lies in (the first send to the last bar end), without
 * building it: a view derives its window from this before asking for the bars in it.
 */
export function waterfallExtent(turns: readonly Turn[], connections: readonly ConnectionInfo[], now?: number): { start: number; end: number } | undefined {
  if (turns.length === 0) return undefined;
  let start = Infinity;
  let end = -Infinity;
  for (const t of turns) {
    if (t.sendT < start) start = t.sendT;
    const e = turnEnd(t, now);
    if (e > end) end = e;
  }
  // A live connection with turns has a bar growing to now: an open turn or the agent's current time.
  if (now !== undefined && now > end && connections.some((c) => c.status === 'open' && c.turns > 0)) end = now;
  return { start, end };
}

function turnEnd(turn: Turn, now: number | undefined): number {
  if (turn.endT !== undefined) return turn.endT;
  return Math.max(now ?? turn.sendT, turn.firstDeltaT ?? turn.sendT, turn.sendT);
}

function connOpen(connections: readonly ConnectionInfo[], conn: string): boolean {
  for (let i = connections.length - 1; i >= 0; i--) {
    if (connections[i].conn === conn) return connections[i].status === 'open' && connections[i].replacedBy === undefined;
  }
  return false;
}

/** For each turn, the index of the next turn on the same connection and lane. */
function nextTurnOnTrack(turns: readonly Turn[]): Array<number | undefined> {
  const next: Array<number | undefined> = new Array(turns.length);
  const lastIndex = new Map<string, number>();
  for (let i = 0; i < turns.length; i++) {
    const key = trackKey(turns[i].conn, turns[i].lane);
    const prev = lastIndex.get(key);
    if (prev !== undefined) next[prev] = i;
    lastIndex.set(key, i);
  }
  return next;
}

/**
 * Tracks grouped by connection (in open order) then lane (in first use), and a row per turn. Turns
 * on one lane normally follow each other; a pipelined send overlaps the previous turn and takes the
 * next free row of the track, so bars never hide each other. A connection's lane continues the track
 * of the same lane on the connection it replaced (a reconnect or recycle), or on one that had closed
 * before its first turn; reconnect markers then show where one connection took over from the other.
 */
function layout(turns: readonly Turn[], connections: readonly ConnectionInfo[], now: number | undefined) {
  const connOrder = new Map<string, number>();
  const connInfo = new Map<string, ConnectionInfo>();
  connections.forEach((c, i) => {
    connOrder.set(c.conn, i);
    connInfo.set(c.conn, c);
  });
  interface Group {
    track: WaterfallTrack;
    slotEnds: number[];
    first: number;
  }
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  // Can `conn` continue a track whose last connection is `prev`, from a first turn sent at `sendT`?
  const continues = (prev: string, conn: string, sendT: number) => {
    if (prev === conn) return false;
    if (connInfo.get(conn)?.replaces === prev) return true;
    const closed = connInfo.get(prev)?.close;
    return closed !== undefined && closed.t <= sendT;
  };
  const slotOf: number[] = new Array(turns.length);
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i];
    const key = trackKey(t.conn, t.lane);
    let entry = byKey.get(key);
    if (!entry) {
      entry = groups.find((g) => g.track.lane === t.lane && continues(g.track.conns[g.track.conns.length - 1], t.conn, t.sendT));
      if (entry) entry.track.conns.push(t.conn);
      else {
        entry = { track: { key, conn: t.conn, conns: [t.conn], lane: t.lane, label: '', row: 0, rows: 1 }, slotEnds: [], first: i };
        groups.push(entry);
      }
      byKey.set(key, entry);
    }
    let slot = entry.slotEnds.findIndex((e) => e <= t.sendT);
    if (slot < 0) slot = entry.slotEnds.length;
    entry.slotEnds[slot] = turnEnd(t, now);
    slotOf[i] = slot;
  }
  const entries = groups.sort((a, b) => (connOrder.get(a.track.conn) ?? Infinity) - (connOrder.get(b.track.conn) ?? Infinity) || a.first - b.first);
  let row = 0;
  const firstRowOf = new Map<string, number>();
  for (const e of entries) {
    const { conns, lane } = e.track;
    e.track.label = `${conns.length === 1 ? conns[0] : `${conns[0]}…${conns[conns.length - 1]}`} · ${lane ?? 'default'}`;
    e.track.row = row;
    e.track.rows = Math.max(1, e.slotEnds.length);
    for (const conn of conns) if (!firstRowOf.has(conn)) firstRowOf.set(conn, row);
    row += e.track.rows;
  }
  const rowOf = turns.map((t, i) => byKey.get(trackKey(t.conn, t.lane))!.track.row + slotOf[i]);
  return { tracks: entries.map((e) => e.track), rowOf, firstRowOf, rowCount: row };
}

/** A marker per fault that struck, on the row of the turn it hit (the last one sent on its connection by then). */
function faultMarkers(faults: readonly FaultRecord[], turns: readonly Turn[], rowOf: number[], firstRowOf: Map<string, number>): WaterfallMarker[] {
  const markers: WaterfallMarker[] = [];
  for (const f of faults) {
    if (f.action !== 'fired') continue;
    let hit = -1;
    for (let i = 0; i < turns.length && turns[i].sendT <= f.t; i++) if (turns[i].conn === f.conn) hit = i;
    const marker: WaterfallMarker = { kind: 'fault', t: f.t, conn: f.conn, row: hit === -1 ? firstRowOf.get(f.conn) : rowOf[hit], label: `injected ${f.fault}: ${f.detail}` };
    if (hit !== -1) marker.turnId = turns[hit].id;
    markers.push(marker);
  }
  return markers;
}

function buildMarkers(turns: readonly Turn[], connections: readonly ConnectionInfo[], rowOf: number[], firstRowOf: Map<string, number>): WaterfallMarker[] {
  const markers: WaterfallMarker[] = [];
  const rowOfTurn = new Map<string, number>();
  turns.forEach((t, i) => rowOfTurn.set(t.id, rowOf[i]));
  for (const c of connections) {
    if (c.replaces !== undefined) {
      const { why } = describeReconnect(c);
      markers.push({ kind: 'reconnect', t: c.openT, conn: c.conn, row: firstRowOf.get(c.conn), label: `${c.conn} replaces ${c.replaces} (${why})` });
    }
    for (const e of c.frameErrors) {
      const kind: MarkerKind = e.code === 'websocket_connection_limit_reached' ? 'limit' : e.code === 'previous_response_not_found' ? 'cache-miss' : 'error';
      const row = e.turnId !== undefined ? rowOfTurn.get(e.turnId) : firstRowOf.get(c.conn);
      const marker: WaterfallMarker = { kind, t: e.t, conn: c.conn, row, label: e.code ?? e.message ?? 'error' };
      if (e.turnId !== undefined) marker.turnId = e.turnId;
      markers.push(marker);
    }
  }
  turns.forEach((t, i) => {
    if (t.endT === undefined) return;
    if (t.status === 'cut') {
      markers.push({ kind: 'cut', t: t.endT, conn: t.conn, row: rowOf[i], turnId: t.id, label: 'connection ended mid-turn' });
    } else if (t.status === 'failed' || t.status === 'incomplete') {
      const label = t.status === 'failed' ? `failed: ${t.error?.code ?? t.error?.message ?? ''}` : `incomplete: ${t.incompleteReason ?? ''}`;
      markers.push({ kind: 'error', t: t.endT, conn: t.conn, row: rowOf[i], turnId: t.id, label });
    }
  });
  return markers.sort((a, b) => a.t - b.t);
}

/**
 * The height of one waterfall row, in px: the rows share the plot's height, so a few tracks fill the
 * band instead of leaving an empty strip under them; never less than `minRowPx` (many rows then
 * scroll). `availablePx`: the plot's height less its axis.
 */
export function waterfallRowHeight(rows: number, availablePx: number, minRowPx: number): number {
  if (!(rows > 0) || !(availablePx > 0)) return minRowPx;
  return Math.max(minRowPx, availablePx / rows);
}
