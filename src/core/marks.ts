/**
 * Badges on timeline rows for what explains a reconnect: the reconnect itself (a
 * conn.open that replaced an earlier connection), the connection-limit error, and
 * previous_response_not_found after a reconnect (the new socket has an empty cache).
 */

import { describeReconnect } from './connections.ts';
import type { ConnectionInfo } from './model.ts';
import type { TimelineRow } from './timeline.ts';

export type BadgeTone = 'info' | 'warn' | 'error';

export interface RowBadge {
  label: string;
  tone: BadgeTone;
  title: string;
}

export function rowBadge(row: TimelineRow, conn: ConnectionInfo | undefined): RowBadge | null {
  if (row.kind === 'conn.open' && conn?.replaces) {
    const { why, when } = describeReconnect(conn);
    return { label: `reconnect ← ${conn.replaces}`, tone: 'warn', title: `Replaces ${conn.replaces} (${why}${when ? `, ${when}` : ''})` };
  }
  const injected = row.faulted === 'injected' ? ' (injected)' : '';
  if (row.faulted === 'withheld') return { label: 'withheld by fault', tone: 'warn', title: 'A fault kept this frame from the upstream' };
  switch (row.mark) {
    case 'fault':
      return { label: 'fault', tone: 'warn', title: 'The relay injected a fault here' };
    case 'limit':
      return {
        label: `limit${injected}`,
        tone: 'error',
        title: injected
          ? 'websocket_connection_limit_reached, sent by the relay (a fault): the upstream never sent it'
          : 'websocket_connection_limit_reached: the connection hit the 60-minute limit',
      };
    case 'cache-miss':
      return conn?.replaces
        ? {
            label: 'cache miss after reconnect',
            tone: 'error',
            title: `previous_response_not_found on ${row.conn}, which replaced ${conn.replaces}: the new socket has an empty cache`,
          }
        : {
            label: `cache miss${injected}`,
            tone: 'error',
            title: injected ? 'previous_response_not_found, sent by the relay (a cache-loss fault)' : 'previous_response_not_found',
          };
    case 'error':
      return { label: row.errorCode ?? 'error', tone: 'error', title: 'An error ended this turn' };
    case 'close':
      return { label: 'abnormal close', tone: 'warn', title: 'Closed with a code other than 1000' };
    case 'refused':
      return { label: 'refused', tone: 'error', title: 'The upstream refused or failed the upgrade' };
    case 'gap':
      return { label: 'not recorded', tone: 'error', title: 'The relay could not record some records' };
    default:
      return null;
  }
}
