/**
 * Two captures side by side: per turn and in total, time to first token, server time,
 * connection setup paid and agent time, A → B with the difference and the ratio, slower turns
 * flagged. The comparison is computed by src/core/compare.ts on the server (GET /api/compare);
 * this view only draws it.
 */

import { useEffect, useState } from 'react';
import type { CompareRow, Comparison, MetricPair } from '../../core/compare.ts';
import './Compare.css';
import { escapeBidi } from '../../core/displayText.ts';
import { formatCount } from '../../core/spanFormat.ts';

interface ComparePayload {
  labels: { a: string; b: string };
  files: { a: string; b: string };
  comparison: Comparison;
  /** Capture names the dashboard can open (`/?open=NAME`); A is absent when it is not in the captures folder. */
  open?: { a?: string; b: string };
}

/** Opens one side in the ordinary dashboard of this server (a new tab, so the comparison stays). */
function OpenLink({ name, children }: { name: string | undefined; children: string }) {
  if (!name) return null;
  return (
    <a href={`/?open=${encodeURIComponent(name)}`} target="_blank" rel="noopener" data-testid="compare-open-link">
      {children}
    </a>
  );
}

const METRICS = [
  ['ttft', 'TTFT'],
  ['server', 'server'],
  ['setup', 'setup'],
  ['agent', 'agent'],
] as const;

const ms = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(1));

function Pair({ p, testId }: { p: MetricPair; testId?: string }) {
  const cls = p.diff === undefined || Math.abs(p.diff) < 0.05 ? '' : p.diff > 0 ? 'worse' : 'better';
  return (
    <td className="cmp-pair" data-testid={testId} data-a={p.a} data-b={p.b}>
      <span>{ms(p.a)}</span> → <span>{ms(p.b)}</span>
      {p.diff !== undefined ? (
        <span className={`cmp-diff ${cls}`}>
          {' '}
          {p.diff > 0 ? '+' : ''}
          {p.diff.toFixed(1)}
          {/* A ratio against or to nothing (a setup not paid) says less than the difference does. */}
          {p.ratio !== undefined && p.ratio > 0 ? ` · ${p.ratio.toFixed(2)}×` : ''}
        </span>
      ) : null}
    </td>
  );
}

/** Two bars per turn, TTFT A over TTFT B, on one scale. */
function Bars({ row, max }: { row: CompareRow; max: number }) {
  const w = (v: number | undefined) => `${max > 0 && v !== undefined ? (v / max) * 100 : 0}%`;
  return (
    <td className="cmp-bars" aria-hidden="true">
      <div className="cmp-bar a" style={{ width: w(row.server.a) }}>
        <div className="cmp-bar-setup" style={{ width: row.server.a ? `${((row.setup.a ?? 0) / row.server.a) * 100}%` : 0 }} />
      </div>
      <div className="cmp-bar b" style={{ width: w(row.server.b) }}>
        <div className="cmp-bar-setup" style={{ width: row.server.b ? `${((row.setup.b ?? 0) / row.server.b) * 100}%` : 0 }} />
      </div>
    </td>
  );
}

export function CompareView() {
  const [payload, setPayload] = useState<ComparePayload | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch('/api/compare', { credentials: 'same-origin' })
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(`GET /api/compare: ${res.status}`))))
      .then((p: ComparePayload) => setPayload(p))
      .catch((err: Error) => setError(err.message));
  }, []);
  if (error) return <div className="compare err">No comparison to show: {error}</div>;
  if (!payload) return <div className="compare muted">Loading the comparison…</div>;
  const { comparison: c, labels } = payload;
  const max = Math.max(1, ...c.rows.flatMap((r) => [r.server.a ?? 0, r.server.b ?? 0]));
  const wall = c.totals.wall;
  const saved = wall.diff !== undefined && wall.a ? -wall.diff / wall.a : undefined;
  return (
    <div className="compare" data-testid="compare-view">
      <header className="compare-head">
        <h1>Comparison</h1>
        <p>
          <span className="cmp-key a" /> <strong>A</strong> {escapeBidi(labels.a)}{' '}
          <span className="muted">
            ({c.transports.a}, {formatCount(c.totals.a.turns)} turns)
          </span>{' '}
          <OpenLink name={payload.open?.a}>open in the dashboard ↗</OpenLink>
          <br />
          <span className="cmp-key b" /> <strong>B</strong> {escapeBidi(labels.b)}{' '}
          <span className="muted">
            ({c.transports.b}, {formatCount(c.totals.b.turns)} turns)
          </span>{' '}
          <OpenLink name={payload.open?.b}>open in the dashboard ↗</OpenLink>
        </p>
        <p className="compare-verdict" data-testid="compare-verdict">
          Wall time {ms(wall.a)} → {ms(wall.b)} ms
          {saved !== undefined ? ` (${saved >= 0 ? `B ${(saved * 100).toFixed(0)}% faster` : `B ${(-saved * 100).toFixed(0)}% slower`})` : ''}. Connection setup paid:{' '}
          {c.totals.a.setups}× in A ({ms(c.totals.a.setupMs)} ms), {c.totals.b.setups}× in B ({ms(c.totals.b.setupMs)} ms). {formatCount(c.slowerTurns)} turns slower in B,{' '}
          {formatCount(c.fasterTurns)} faster.
        </p>
      </header>
      <table className="compare-table">
        <thead>
          <tr>
            <th>turn A/B</th>
            <th>lane</th>
            {METRICS.map(([, name]) => (
              <th key={name}>{name} ms A → B</th>
            ))}
            <th>
              server time <span className="cmp-key setup" /> setup part
            </th>
            <th>in B</th>
          </tr>
        </thead>
        <tbody>
          {c.rows.map((r, i) => (
            <tr key={i} data-testid="compare-row" className={r.slower ? 'slower' : r.faster ? 'faster' : ''}>
              <td>
                {r.a?.index ?? '–'}/{r.b?.index ?? '–'}
              </td>
              <td className={r.lane === null ? 'muted' : undefined}>{r.lane ?? 'default'}</td>
              {METRICS.map(([key]) => (
                <Pair key={key} p={r[key]} testId={`compare-${key}`} />
              ))}
              <Bars row={r} max={max} />
              <td>{r.slower ? 'slower' : r.faster ? 'faster' : !r.a ? 'only in B' : !r.b ? 'only in A' : ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="compare-total">
            <td
              colSpan={2}
              title={
                c.totals.onlyA + c.totals.onlyB > 0
                  ? `Over the ${formatCount(c.totals.matched)} turns both runs have; ${formatCount(c.totals.onlyA)} only in A and ${formatCount(c.totals.onlyB)} only in B are left out`
                  : undefined
              }
            >
              {c.totals.onlyA + c.totals.onlyB > 0 ? `total (${formatCount(c.totals.matched)} turns in both)` : 'total'}
            </td>
            {METRICS.map(([key]) => (
              <Pair key={key} p={c.totals[key]} testId={`compare-total-${key}`} />
            ))}
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
