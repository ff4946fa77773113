/**
 * "Next error" and its kin: the row of the next (or previous) event of a kind after the selected
 * row, in capture order, wrapping around. Kinds: an error (any error frame or failed turn's
 * terminal), a reconnect (the conn.open of a connection that replaced another), the connection
 * limit, a cache miss (previous_response_not_found). Pure, over the timeline's rows.
 */

import type { TimelineRow } from './timeline.ts';

export type JumpKind = 'error' | 'reconnect' | 'limit' | 'cache-miss';

export const JUMP_KEYS: Readonly<Record<string, JumpKind>> = { e: 'error', r: 'reconnect', l: 'limit', c: 'cache-miss' };

/** Does the row show an event of this kind? `replaces`: the connection a conn replaced, if any. */
export function rowIs(row: TimelineRow, kind: JumpKind, replaces: (conn: string) => string | undefined): boolean {
  switch (kind) {
    case 'error':
      return row.mark === 'error' || row.mark === 'limit' || row.mark === 'cache-miss' || row.mark === 'refused';
    case 'limit':
      return row.mark === 'limit';
    case 'cache-miss':
      return row.mark === 'cache-miss';
    case 'reconnect':
      return row.kind === 'conn.open' && row.conn !== null && replaces(row.conn) !== undefined;
  }
}

/** The index of the next row of `kind` after `from` (dir 1) or before it (dir -1), wrapping; undefined when none. */
export function findJump(rows: readonly TimelineRow[], from: number | undefined, kind: JumpKind, dir: 1 | -1, replaces: (conn: string) => string | undefined): number | undefined {
  const n = rows.length;
  if (n === 0) return undefined;
  const start = from ?? (dir === 1 ? -1 : n);
  for (let k = 1; k <= n; k++) {
    const i = (((start + dir * k) % n) + n) % n;
    if (rowIs(rows[i], kind, replaces)) return i;
  }
  return undefined;
}

/** Counts per kind, for the clickable figures. */
export function countJumps(rows: readonly TimelineRow[], replaces: (conn: string) => string | undefined): Record<JumpKind, number> {
  const out: Record<JumpKind, number> = { error: 0, reconnect: 0, limit: 0, 'cache-miss': 0 };
  for (const r of rows) for (const k of Object.keys(out) as JumpKind[]) if (rowIs(r, k, replaces)) out[k]++;
  return out;
}
