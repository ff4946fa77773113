/**
 * The turns table's columns and sort: one row per `response.create`, sortable on any column, like
 * the request list of a browser's network panel. Pure.
 */

import type { Turn } from './model.ts';

export type TurnSortKey = 'index' | 'lane' | 'conn' | 'model' | 'status' | 'ttft' | 'total' | 'agent' | 'input' | 'output' | 'tools';
export type SortDir = 'asc' | 'desc';

export interface TurnSort {
  key: TurnSortKey;
  dir: SortDir;
}

export const DEFAULT_SORT: TurnSort = { key: 'index', dir: 'asc' };

const KEYS: readonly TurnSortKey[] = ['index', 'lane', 'conn', 'model', 'status', 'ttft', 'total', 'agent', 'input', 'output', 'tools'];

export function isTurnSort(v: unknown): v is TurnSort {
  const s = v as TurnSort;
  return !!s && typeof s === 'object' && KEYS.includes(s.key) && (s.dir === 'asc' || s.dir === 'desc');
}

/** The value a column sorts by; undefined (not known yet) sorts last whichever the direction. */
export function sortValue(t: Turn, key: TurnSortKey): number | string | undefined {
  switch (key) {
    case 'index':
      return t.index;
    case 'lane':
      return t.lane ?? undefined;
    case 'conn':
      return t.conn;
    case 'model':
      return t.servedModel ?? t.model;
    case 'status':
      return t.status;
    case 'ttft':
      return t.ttftMs;
    case 'total':
      return t.totalMs;
    case 'agent':
      return t.agentMs;
    case 'input':
      return t.usage?.inputTokens;
    case 'output':
      return t.usage?.outputTokens;
    case 'tools':
      return t.toolCalls.length;
  }
}

/** A sorted copy; ties keep send order. Connection ids sort by their number (c2 before c10). */
export function sortTurns(turns: readonly Turn[], sort: TurnSort): Turn[] {
  if (sort.key === 'index') return sort.dir === 'asc' ? turns.slice() : turns.slice().reverse();
  const sign = sort.dir === 'asc' ? 1 : -1;
  const collator = new Intl.Collator('en', { numeric: true });
  return turns.slice().sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va === undefined || vb === undefined) return va === vb ? a.index - b.index : va === undefined ? 1 : -1;
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
    return c !== 0 ? sign * c : a.index - b.index;
  });
}

/** Clicking a header: the same column flips its direction, another starts ascending (times: slowest first). */
export function nextSort(current: TurnSort, key: TurnSortKey): TurnSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  const timeLike = key === 'ttft' || key === 'total' || key === 'agent' || key === 'input' || key === 'output' || key === 'tools';
  return { key, dir: timeLike ? 'desc' : 'asc' };
}

/** Where a turn's bar sits on the shared scale [start, end], as fractions: waiting, then streaming. */
export function barGeometry(t: Turn, start: number, end: number, now: number | undefined): { left: number; wait: number; stream: number } | undefined {
  const span = end - start;
  if (!(span > 0)) return undefined;
  const stop = t.endT ?? now ?? end;
  const first = t.firstDeltaT !== undefined && t.firstDeltaT <= stop ? t.firstDeltaT : stop;
  const f = (x: number) => Math.max(0, Math.min(1, (x - start) / span));
  return { left: f(t.sendT), wait: f(first) - f(t.sendT), stream: f(stop) - f(first) };
}
