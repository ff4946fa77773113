import { describe, expect, it } from 'vitest';
import { compareTimings, type TurnTiming } from './compare.ts';
import { formatComparisonTable, formatPair } from './compareTable.ts';

const turn = (index: number, serverMs: number, setupMs: number, transport: 'ws' | 'http'): TurnTiming => ({
  index,
  lane: null,
  laneIndex: index,
  conn: `c${index}`,
  transport,
  status: 'completed',
  warmup: false,
  sendT: index * 1000,
  endT: index * 1000 + serverMs,
  ttftMs: serverMs / 2,
  serverMs,
  setupMs,
});

describe('formatComparisonTable', () => {
  it('prints one line per turn with A → B, difference and ratio, flags, and the totals', () => {
    const cmp = compareTimings([turn(1, 400, 100, 'http'), turn(2, 400, 100, 'http')], [turn(1, 300, 100, 'ws'), turn(2, 500, 0, 'ws')]);
    const lines = formatComparisonTable(cmp, { a: 'http.ndjson', b: 'ws.ndjson' });
    expect(lines[0]).toBe('A: http.ndjson (http, 2 turns)');
    const rows = lines.filter((l) => /^\d\/\d/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('400.0 → 300.0');
    expect(rows[0]).toMatch(/faster$/);
    expect(rows[1]).toMatch(/SLOWER$/);
    expect(lines.find((l) => l.startsWith('total'))).toContain('200.0 → 100.0');
    expect(lines.find((l) => l.startsWith('setups paid'))).toBe('setups paid         2 in A, 1 in B');
    expect(lines.some((l) => l.includes('left out'))).toBe(false);
  });

  it('says when turns only one run has are left out of the totals', () => {
    const cmp = compareTimings([turn(1, 400, 0, 'ws')], [turn(1, 300, 0, 'ws'), turn(2, 300, 0, 'ws'), turn(3, 300, 0, 'ws')]);
    const lines = formatComparisonTable(cmp, { a: 'a', b: 'b' });
    expect(lines.find((l) => l.startsWith('total'))).toContain('400.0 → 300.0');
    expect(lines).toContain('(totals over the 1 turn both runs have; 0 only in A and 2 only in B are left out)');
  });

  it('states the threshold the slower/faster counts were made with', () => {
    const a = [turn(1, 400, 0, 'ws'), turn(2, 400, 0, 'ws')];
    const b = [turn(1, 430, 0, 'ws'), turn(2, 480, 0, 'ws')];
    const footer = (lines: string[]) => lines.find((l) => l.startsWith('turns '));
    // +7.5% and +20%: 5% counts both, 25% neither; the footer says which rule was used.
    expect(footer(formatComparisonTable(compareTimings(a, b, { threshold: 0.05 }), { a: 'a', b: 'b' }))).toBe(
      'turns               2 slower in B, 0 faster in B (over 5% and 5 ms, on TTFT or server time)',
    );
    expect(footer(formatComparisonTable(compareTimings(a, b, { threshold: 0.25, minMs: 50 }), { a: 'a', b: 'b' }))).toBe(
      'turns               0 slower in B, 0 faster in B (over 25% and 50 ms, on TTFT or server time)',
    );
    expect(footer(formatComparisonTable(compareTimings(a, b), { a: 'a', b: 'b' }))).toContain('(over 10% and 5 ms,');
    expect(footer(formatComparisonTable(compareTimings(a, b, { threshold: 0.025 }), { a: 'a', b: 'b' }))).toContain('(over 2.5% and 5 ms,');
  });

  it('formats a pair with a signed difference and a ratio', () => {
    expect(formatPair({ a: 10, b: 5, diff: -5, ratio: 0.5 })).toBe('    10.0 → 5.0          -5.0  0.50×');
    expect(formatPair({ b: 5 })).toContain('- → 5.0');
  });
});
