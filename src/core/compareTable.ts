/**
 * A comparison (compare.ts) as a plain-text table for the terminal: one line per aligned turn and
 * the totals, each metric as `A → B  Δ  ×`. Pure, so the CLI only prints it.
 */

import type { CompareRow, Comparison, MetricPair } from './compare.ts';
import { countOf } from './labels.ts';

const METRICS = [
  ['TTFT', 'ttft'],
  ['server', 'server'],
  ['setup', 'setup'],
  ['agent', 'agent'],
] as const;

const ms = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(1));

/** `412.3 → 298.1  -114.2 0.72×`, in a fixed width so the columns line up. */
export function formatPair(p: MetricPair): string {
  const diff = p.diff === undefined ? '' : (p.diff > 0 ? '+' : '') + p.diff.toFixed(1);
  const ratio = p.ratio === undefined ? '' : `${p.ratio.toFixed(2)}×`;
  return `${ms(p.a).padStart(8)} → ${ms(p.b).padEnd(8)} ${diff.padStart(8)} ${ratio.padStart(6)}`;
}

function rowLine(r: CompareRow): string {
  const turn = `${r.a ? r.a.index : '-'}/${r.b ? r.b.index : '-'}`.padEnd(8);
  const lane = (r.lane ?? '·').slice(0, 12).padEnd(12);
  const flag = r.slower ? 'SLOWER' : r.faster ? 'faster' : r.a && r.b ? '' : r.a ? 'only in A' : 'only in B';
  return `${turn} ${lane} ${METRICS.map(([, k]) => formatPair(r[k])).join(' | ')}  ${flag}`;
}

/** 0.1 → `10%`, 0.025 → `2.5%`: the threshold as the user typed it. */
function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(4))}%`;
}

export interface TableLabels {
  a: string;
  b: string;
}

export function formatComparisonTable(cmp: Comparison, labels: TableLabels): string[] {
  const { totals } = cmp;
  const head = `${'turn A/B'.padEnd(8)} ${'lane'.padEnd(12)} ${METRICS.map(([name]) => `${name} ms: A → B  Δ  ×`.padEnd(34)).join(' | ')}`;
  const lines = [
    `A: ${labels.a} (${cmp.transports.a}, ${totals.a.turns} turns)`,
    `B: ${labels.b} (${cmp.transports.b}, ${totals.b.turns} turns)`,
    '',
    head,
    '-'.repeat(head.length),
    ...cmp.rows.map(rowLine),
    '-'.repeat(head.length),
    `${'total'.padEnd(21)} ${METRICS.map(([, k]) => formatPair(totals[k])).join(' | ')}`,
    ...(totals.onlyA + totals.onlyB > 0
      ? [`(totals over the ${countOf(totals.matched, 'turn')} both runs have; ${totals.onlyA} only in A and ${totals.onlyB} only in B are left out)`]
      : []),
    '',
    `median TTFT ms      ${formatPair(totals.medianTtft)}`,
    `wall time ms        ${formatPair(totals.wall)}   (first send to last response)`,
    `setups paid         ${totals.a.setups} in A, ${totals.b.setups} in B`,
    `turns               ${cmp.slowerTurns} slower in B, ${cmp.fasterTurns} faster in B (over ${formatPercent(cmp.threshold)} and ${cmp.minMs} ms, on TTFT or server time)`,
  ];
  return lines;
}
