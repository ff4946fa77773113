/**
 * Where the run's time went, live (issue 5): turns, wall time split into server and agent time,
 * time to first token, handshakes paid per connection, tokens.
 */

import { formatCount, formatSpan } from '../../core/spanFormat.ts';
import { useCaptureSummary, useModelNow } from '../../store/turnsSelectors.ts';
import './Summary.css';

export function Summary() {
  const now = useModelNow(1000);
  const s = useCaptureSummary(now);
  const serverPct = s.wallMs > 0 ? (s.serverMs / s.wallMs) * 100 : 0;
  const agentPct = s.wallMs > 0 ? (s.agentMs / s.wallMs) * 100 : 0;
  const outcome = [
    `${s.completed} completed`,
    s.errors ? `${s.errors} errors` : '',
    s.cut ? `${s.cut} cut` : '',
    s.inFlight ? `${s.inFlight} in flight` : '',
    s.warmups ? `${s.warmups} warm-up` : '',
  ].filter(Boolean);
  return (
    <div className="summary" data-testid="summary" aria-label="Summary">
      <header className="summary-head">
        <strong>Summary</strong>
      </header>
      <dl className="summary-facts">
        <dt>turns</dt>
        <dd>
          <span data-testid="summary-turns" data-value={s.turns}>{s.turns}</span>
          <span className="muted"> {outcome.join(' · ')}</span>
        </dd>
        <dt>wall time</dt>
        <dd data-testid="summary-wall" data-value={s.wallMs} className="nowrap">{formatSpan(s.wallMs)}</dd>
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
            p50 <span data-testid="summary-ttft-p50" data-value={s.ttftP50Ms ?? ''}>{formatSpan(s.ttftP50Ms)}</span>
          </span>
          {' · '}
          <span className="nowrap">
            p95 <span data-testid="summary-ttft-p95" data-value={s.ttftP95Ms ?? ''}>{formatSpan(s.ttftP95Ms)}</span>
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
        <dd>
          {s.connections}
          {s.reconnects ? <span className="muted"> · {s.reconnects} reconnect{s.reconnects > 1 ? 's' : ''}</span> : null}
        </dd>
        <dt>handshakes</dt>
        <dd data-testid="summary-handshake-total" data-value={s.handshakeTotalMs}>
          <span className="nowrap">{formatSpan(s.handshakeTotalMs)}</span> <span className="muted">total</span>
          <ul className="summary-handshakes">
            {s.handshakes.map((h) => (
              <li key={h.conn} data-testid="summary-handshake" data-conn={h.conn} data-value={h.handshakeMs}>
                {h.conn} <span className="muted nowrap">{formatSpan(h.handshakeMs)}</span>
              </li>
            ))}
          </ul>
        </dd>
        <dt>tokens</dt>
        <dd data-testid="summary-tokens" data-value={s.tokens.total}>
          <span className="nowrap">{formatCount(s.tokens.input)} in</span> <span className="muted nowrap">({formatCount(s.tokens.cached)} cached)</span>
          {' · '}
          <span className="nowrap">{formatCount(s.tokens.output)} out</span>
          {s.tokens.reasoning ? <span className="muted nowrap"> ({formatCount(s.tokens.reasoning)} reasoning)</span> : null}
          {s.outputTokensPerSecond ? <> · <span className="muted nowrap">{s.outputTokensPerSecond.toFixed(0)} tok/s</span></> : null}
        </dd>
      </dl>
    </div>
  );
}
