/**
 * Connection records → ConnectionInfo, and reconnect linking. An SDK reconnect reaches the relay
 * as a brand-new agent connection with no explicit link to the old one (protocol.md §8.2), so the
 * link is a heuristic: same User-Agent, and the old socket either closed just before or got the
 * 60-minute limit error.
 */

import type { ConnClose, ConnError, ConnOpen, ConnUpstreamOpen } from './capture.ts';
import type { ConnectionInfo } from './model.ts';

/** SDK backoff tops out at 8 s (protocol.md §8); a little slack for a slow agent. */
export const RECONNECT_WINDOW_MS = 10_000;
/** After a limit error the agent may finish its turn first; a new socket within this time is its successor. */
export const LIMIT_RECONNECT_WINDOW_MS = 60_000;
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
  // HTTP exchanges (issue 8): the record's handshakeMs is the time to response headers; the
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

function link(old: ConnectionInfo, next: ConnectionInfo, reason: 'limit' | 'closed', gapMs: number): void {
  old.replacedBy = next.conn;
  next.replaces = old.conn;
  next.reconnectReason = reason;
  next.reconnectGapMs = gapMs;
}
