/**
 * Connection records → ConnectionInfo, and reconnect linking. An SDK reconnect reaches the relay
 * as a brand-new agent connection with no explicit link to the old one (protocol.md §8.2), so the
 * link is a heuristic: same User-Agent, and the old socket either closed just before or got the
 * 60-minute limit error. A client that recycles early (55 or 59 min, protocol.md §6) may open the new
 * socket first and close the old one just after; that link is made when the old one closes.
 */

import type { ConnClose, ConnError, ConnOpen, ConnUpstreamOpen } from './capture.ts';
import type { ConnectionInfo } from './model.ts';

/** SDK backoff tops out at 8 s (protocol.md §8); a little slack for a slow agent. */
export const RECONNECT_WINDOW_MS = 10_000;
/** After a limit error the agent may finish its turn first; a new socket within this time is its successor. */
export const LIMIT_RECONNECT_WINDOW_MS = 60_000;
/**
 * An early recycle: the old socket had been open at least this long (or half the capture's age
 * limit, when that is shorter) when its successor opened: two sockets an agent opens together at
 * start are not a recycle.
 */
export const RECYCLE_MIN_AGE_MS = 60_000;
/** How many recent connections the heuristic looks at (keeps conn.open O(1) on huge captures). */
const RECONNECT_LOOKBACK = 64;

export function openConnection(rec: ConnOpen): ConnectionInfo {
  return {
    conn: rec.conn,
    openT: rec.t,
    path: rec.path,
    headers: rec.headers ?? {},
    transport: rec.transport ?? 'ws',
    status: 'connecting',
    limitReached: false,
    cacheMiss: false,
    turns: 0,
    frames: 0,
    bytes: 0,
    lanes: [],
    frameErrors: [],
  };
}

export function applyUpstreamOpen(info: ConnectionInfo, rec: ConnUpstreamOpen): void {
  // HTTP exchanges: the record's handshakeMs is the time to response headers; the
  // connection's handshake, as WebSocket ones are counted, is the setup it paid (0 when reused).
  info.handshakeMs = info.transport === 'http' && rec.setupMs !== undefined ? rec.setupMs : rec.handshakeMs;
  if (rec.status === 101 || info.transport === 'http') {
    info.upstreamOpenT = rec.t;
    if (info.status === 'connecting') info.status = 'open';
  }
}

export function applyClose(info: ConnectionInfo, rec: ConnClose): void {
  info.close = { side: rec.side, code: rec.code, reason: rec.reason, t: rec.t };
  if (info.status !== 'refused') info.status = 'closed';
}

/** A refused upgrade (an HTTP status before any 101) marks the connection refused. */
export function applyConnError(info: ConnectionInfo, rec: ConnError): void {
  const error: NonNullable<ConnectionInfo['error']> = { t: rec.t };
  if (rec.status !== undefined) error.status = rec.status;
  if (rec.message !== undefined) error.message = rec.message;
  info.error = error;
  if (info.upstreamOpenT === undefined && info.status === 'connecting') info.status = 'refused';
}

/**
 * Links a just-opened connection to the one it most likely replaces, setting `replaces`,
 * `replacedBy`, `reconnectReason` and `reconnectGapMs`. `all` is every connection in open order,
 * the new one last. Only the past is consulted, so the live and the batch model agree.
 */
export function linkReconnect(all: readonly ConnectionInfo[], next: ConnectionInfo): void {
  if (next.transport !== 'ws') return;
  const ua = next.headers['user-agent'];
  const stop = Math.max(0, all.length - 1 - RECONNECT_LOOKBACK);
  for (let i = all.length - 1; i >= stop; i--) {
    const old = all[i];
    if (old === next || old.replacedBy !== undefined || old.transport !== 'ws' || old.status === 'refused') continue;
    if (old.headers['user-agent'] !== ua) continue;
    if (old.limitReached && old.limitT !== undefined) {
      const gap = next.openT - old.limitT;
      if (gap >= 0 && gap <= LIMIT_RECONNECT_WINDOW_MS) return link(old, next, 'limit', gap);
    }
    if (old.close) {
      const gap = next.openT - old.close.t;
      if (gap >= 0 && gap <= RECONNECT_WINDOW_MS) return link(old, next, 'closed', gap);
    }
  }
}

/**
 * On the agent's close of `closed`: links it to a socket of the same User-Agent that opened at most
 * RECONNECT_WINDOW_MS before this close and has no predecessor (make-before-break recycling). The
 * gap is then negative: how long the two overlapped.
 */
export function linkRecycle(all: readonly ConnectionInfo[], closed: ConnectionInfo, minAgeMs = RECYCLE_MIN_AGE_MS): void {
  if (closed.transport !== 'ws' || closed.replacedBy !== undefined || closed.close?.side !== 'client') return;
  const closeT = closed.close.t;
  const ua = closed.headers['user-agent'];
  const stop = Math.max(0, all.length - 1 - RECONNECT_LOOKBACK);
  for (let i = all.length - 1; i >= stop; i--) {
    const next = all[i];
    if (next === closed) return; // only sockets opened after it
    if (next.replaces !== undefined || next.transport !== 'ws' || next.status === 'refused') continue;
    if (next.headers['user-agent'] !== ua || next.openT - closed.openT < minAgeMs) continue;
    const overlap = closeT - next.openT;
    if (overlap >= 0 && overlap <= RECONNECT_WINDOW_MS) return link(closed, next, 'recycled', -overlap);
  }
}

/** Why a connection replaced another, and when, in words for the timeline, waterfall and cards. */
export function describeReconnect(c: ConnectionInfo): { why: string; when: string } {
  const why = c.reconnectReason === 'limit' ? 'after the limit error' : c.reconnectReason === 'recycled' ? 'recycled before the limit' : 'after a close';
  const gap = c.reconnectGapMs;
  const when = gap === undefined ? '' : gap < 0 ? `opened ${(-gap).toFixed(1)} ms before the old one closed` : `${gap.toFixed(1)} ms later`;
  return { why, when };
}

function link(old: ConnectionInfo, next: ConnectionInfo, reason: NonNullable<ConnectionInfo['reconnectReason']>, gapMs: number): void {
  old.replacedBy = next.conn;
  next.replaces = old.conn;
  next.reconnectReason = reason;
  next.reconnectGapMs = gapMs;
}
