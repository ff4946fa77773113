import { describe, expect, it } from 'vitest';
import type { Turn } from './model.ts';
import { barGeometry, nextSort, sortTurns } from './turnTable.ts';

const turn = (index: number, extra: Partial<Turn>): Turn =>
  ({
    id: `c1#${index}`,
    index,
    conn: 'c1',
    lane: null,
    sendSeq: index,
    sendT: 1000 * index,
    warmup: false,
    status: 'completed',
    outputText: '',
    toolCalls: [],
    frames: 1,
    ...extra,
  }) as Turn;

describe('sortTurns', () => {
  const turns = [turn(1, { ttftMs: 300, conn: 'c10' }), turn(2, { ttftMs: undefined, conn: 'c2' }), turn(3, { ttftMs: 100, conn: 'c2' }), turn(4, { ttftMs: 300, conn: 'c1' })];
  it('sorts on a column either way, unknown values last, ties in send order', () => {
    expect(sortTurns(turns, { key: 'ttft', dir: 'desc' }).map((t) => t.index)).toEqual([1, 4, 3, 2]);
    expect(sortTurns(turns, { key: 'ttft', dir: 'asc' }).map((t) => t.index)).toEqual([3, 1, 4, 2]);
    expect(sortTurns(turns, { key: 'conn', dir: 'asc' }).map((t) => t.conn)).toEqual(['c1', 'c2', 'c2', 'c10']);
    expect(sortTurns(turns, { key: 'index', dir: 'desc' }).map((t) => t.index)).toEqual([4, 3, 2, 1]);
  });
  it('flips the direction on the same column, slowest first on a new time column', () => {
    expect(nextSort({ key: 'index', dir: 'asc' }, 'index')).toEqual({ key: 'index', dir: 'desc' });
    expect(nextSort({ key: 'index', dir: 'asc' }, 'total')).toEqual({ key: 'total', dir: 'desc' });
    expect(nextSort({ key: 'total', dir: 'desc' }, 'model')).toEqual({ key: 'model', dir: 'asc' });
  });
});

describe('barGeometry', () => {
  it('places waiting and streaming on the shared scale', () => {
    const t = turn(1, { sendT: 1000, firstDeltaT: 1500, endT: 2000 });
    expect(barGeometry(t, 0, 4000, undefined)).toEqual({ left: 0.25, wait: 0.125, stream: 0.125 });
    // An open turn runs to now.
    const open = turn(2, { sendT: 2000, endT: undefined, firstDeltaT: undefined, status: 'in_progress' });
    expect(barGeometry(open, 0, 4000, 3000)).toEqual({ left: 0.5, wait: 0.25, stream: 0 });
    expect(barGeometry(t, 5, 5, undefined)).toBeUndefined();
  });
});
