/**
 * Where the run's time went, live: turns, wall time split into server and agent time,
 * time to first token, handshakes paid per connection, tokens.
 */

import { formatCount, formatSpan } from '../../core/spanFormat.ts';
import { percentiles } from '../../core/latency.ts';
import { faultVerdicts, verdictState } from '../../core/faultVerdict.ts';
import type { JumpKind } from '../../core/jumps.ts';
import { describeOutcome } from '../../core/summary.ts';
import { useDashboard } from '../../store/index.ts';
import { useCaptureEnd, useCaptureSummary, useModelNow } from '../../store/turnsSelectors.ts';
import './Summary.css';

export function Summary() {
  const now = useModelNow(1000);
  const s = useCaptureSummary(now);
  const captureEnd = useCaptureEnd();
  const data = useDashboard((st) => st.data);
  // Few faults per run: recomputed with the summary (every second while live), never stored.
  const verdicts = data.faults.length ? faultVerdicts(data.faults, data.model.turns(), data.model.connections()) : [];
  const live = captureEnd === 'live';
  const states = verdicts.map((v) => verdictState(v, live, now ?? v.t));
  const unrecovered = states.filter((st) => st === 'unrecovered').length;
  const pending = states.filter((st) => st === 'pending').length;
  const [hsP50] = percentiles(
    s.handshakes.map((h) => h.handshakeMs),
    [50],
  );
  const hsMax = s.handshakes.reduce<(typeof s.handshakes)[number] | undefined>((a, h) => (a && a.handshakeMs >= h.handshakeMs ? a : h), undefined);
  const handshakeList = s.handshakes.map((h) => `${h.conn} ${formatSpan(h.handshakeMs)}`).join('\n');
  const serverPct = s.wallMs > 0 ? (s.serverMs / s.wallMs) * 100 : 0;
  const agentPct = s.wallMs > 0 ? (s.agentMs / s.wallMs) * 100 : 0;
  const conns = useDashboard((st) => st.data.model).connections();
  const limits = conns.filter((c) => c.limitReached).length;
  const cacheMisses = conns.filter((c) => c.cacheMiss).length;
  const errorRows = s.errors + conns.filter((c) => c.status === 'refused').length;
  // A capture that no longer grows has no turn in flight, only turns it has no end for.
  const outcome = describeOutcome(s, captureEnd);
  return (
    <div className="summary" data-testid="summary" role="region" aria-label="Summary">
      <header className="summary-head">
        <strong>Summary</strong>
      </header>
      <dl className="summary-facts">
        <dt>turns</dt>
        <dd>
          <span data-testid="summary-turns" data-value={s.turns}>
            {formatCount(s.turns)}
          </span>
          <span className="muted"> {outcome}</span>
        </dd>
        <dt>wall time</dt>
        <dd data-testid="summary-wall" data-value={s.wallMs} className="nowrap">
          {formatSpan(s.wallMs)}
        </dd>
        <dt>server</dt>
        <dd data-testid="summary-server" data-value={s.serverMs} className="nowrap">
          {formatSpan(s.serverMs)} <span className="muted">{serverPct.toFixed(0)}%</span>
        </dd>
        <dt>agent</dt>
        <dd data-testid="summary-agent" data-value={s.agentMs} className="nowrap">
          {formatSpan(s.agentMs)} <span className="muted">{agentPct.toFixed(0)}%</span>
        </dd>
        <dd className="summary-split" aria-hidden="true">
          <span className="wf-seg-streaming" style={{ width: `${serverPct}%` }} />
          <span className="wf-seg-agent" style={{ width: `${agentPct}%` }} />
        </dd>
        <dt>first token</dt>
        <dd>
          <span className="nowrap">
            p50{' '}
            <span data-testid="summary-ttft-p50" data-value={s.ttftP50Ms ?? ''}>
              {formatSpan(s.ttftP50Ms)}
            </span>
          </span>
          {' · '}
          <span className="nowrap">
            p95{' '}
            <span data-testid="summary-ttft-p95" data-value={s.ttftP95Ms ?? ''}>
              {formatSpan(s.ttftP95Ms)}
            </span>
          </span>
        </dd>
        <dt>turn total</dt>
        <dd>
          <span className="nowrap">p50 {formatSpan(s.totalP50Ms)}</span> ·{' '}
          <span className="nowrap">
            p95 <span data-testid="summary-total-p95">{formatSpan(s.totalP95Ms)}</span>
          </span>
        </dd>
        <dt>connections</dt>
        <dd>{s.connections}</dd>
        <dt>go to</dt>
        <dd className="summary-jumps" data-testid="summary-jumps">
          <JumpButton kind="error" count={errorRows} label="error" keyName="e" />
          <JumpButton kind="reconnect" count={s.reconnects} label="reconnect" keyName="r" />
          <JumpButton kind="limit" count={limits} label="limit" keyName="l" />
          <JumpButton kind="cache-miss" count={cacheMisses} label="cache miss" plural="cache misses" keyName="c" />
        </dd>
        {verdicts.length ? (
          <>
            <dt>faults</dt>
            <dd data-testid="summary-faults" title={verdicts.map((v) => `${v.recovered ? 'recovered' : 'NOT RECOVERED'}: ${v.fault} on ${v.conn}: ${v.summary}`).join('\n')}>
              {formatCount(verdicts.length)} injected
              {unrecovered ? <span className="err"> · {formatCount(unrecovered)} not recovered</span> : null}
              {pending ? <span className="muted"> · {formatCount(pending)} awaiting recovery</span> : null}
              {unrecovered + pending === 0 ? <span className="muted"> · all recovered</span> : null}
            </dd>
          </>
        ) : null}
        <dt>handshakes</dt>
        {/* Two lines whatever the number of connections (a list per connection pushed the tokens
            row out of the panel); each connection's own handshake is in the tooltip. */}
        <dd data-testid="summary-handshake-total" data-value={s.handshakeTotalMs} title={handshakeList}>
          <span className="nowrap">{formatSpan(s.handshakeTotalMs)}</span> <span className="muted">total</span>
          {s.handshakes.length > 1 ? (
            <div data-testid="summary-handshake-spread">
              <span className="nowrap">p50 {formatSpan(hsP50)}</span> · <span className="nowrap">max {formatSpan(hsMax?.handshakeMs)}</span>{' '}
              <span className="muted">{hsMax?.conn}</span>
            </div>
          ) : s.handshakes.length === 1 ? (
            <div className="muted">{s.handshakes[0].conn}</div>
          ) : null}
        </dd>
        <dt>tokens</dt>
        <dd data-testid="summary-tokens" data-value={s.tokens.total}>
          <span className="nowrap">{formatCount(s.tokens.input)} in</span> <span className="muted nowrap">({formatCount(s.tokens.cached)} cached)</span>
          {' · '}
          <span className="nowrap">{formatCount(s.tokens.output)} out</span>
          {s.tokens.reasoning ? <span className="muted nowrap"> ({formatCount(s.tokens.reasoning)} reasoning)</span> : null}
          {s.outputTokensPerSecond ? (
            <>
              {' '}
              · <span className="muted nowrap">{formatCount(s.outputTokensPerSecond)} tok/s</span>
            </>
          ) : null}
        </dd>
      </dl>
    </div>
  );
}

/** A figure that is also a way there: the next row of its kind (its key does the same; Shift+click: previous). */
function JumpButton({ kind, count, label, plural = `${label}s`, keyName }: { kind: JumpKind; count: number; label: string; plural?: string; keyName: string }) {
  const jumpTo = useDashboard((st) => st.jumpTo);
  return (
    <button
      type="button"
      className="link jump"
      data-testid={`jump-${kind}`}
      disabled={count === 0}
      title={`Next ${label} (${keyName}; Shift+${keyName} or Shift+click: previous)`}
      onClick={(e) => jumpTo(kind, e.shiftKey ? -1 : 1)}
    >
      {formatCount(count)} {count === 1 ? label : plural}
    </button>
  );
}
