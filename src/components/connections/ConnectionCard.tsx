/** One connection: status, age, countdown, handshake, close, and the connection it replaced. */

import { connectionAge, connectionState } from '../../core/connectionAge.ts';
import { describeReconnect } from '../../core/connections.ts';
import { formatClock } from '../../core/duration.ts';
import { formatBytes, formatMs } from '../../core/format.ts';
import { countOf } from '../../core/labels.ts';
import { formatSpan } from '../../core/spanFormat.ts';
import type { ConnectionInfo } from '../../core/model.ts';
import { useNow } from '../../lib/useNow.ts';
import type { FaultVerdict } from '../../core/faultVerdict.ts';
import { Countdown } from './Countdown.tsx';
import { FaultControls } from './FaultControls.tsx';
import { FaultMarks } from './FaultMarks.tsx';

interface Props {
  info: ConnectionInfo;
  maxAgeMs: number;
  /** Epoch ms standing for "now" when the capture is not live (a reopened file): its last record. */
  frozenNow: number | undefined;
  /** The static capture is still being read. */
  loading: boolean;
  onReveal(conn: string): void;
  /** Verdicts of the faults injected into this connection. */
  faults?: readonly FaultVerdict[];
  /** The relay is live: its open connections take injected faults. */
  canInject?: boolean;
}

export function ConnectionCard({ info, maxAgeMs, frozenNow, loading, onReveal, faults = [], canInject = false }: Props) {
  const staticCapture = frozenNow !== undefined;
  const state = connectionState(info, staticCapture, loading);
  const live = state.countdownAt === 'now';
  const tick = useNow(250, live);
  const age = connectionAge(info, frozenNow ?? tick, staticCapture);
  const ageMs = age.kind === 'age' ? age.ms : 0;
  const isWs = info.transport === 'ws';
  const reconnect = describeReconnect(info);
  return (
    <li className={`conn-card status-${state.state}`} data-testid="connection-card" data-conn={info.conn} data-status={state.state}>
      <div className="conn-head">
        <button type="button" className="link" onClick={() => onReveal(info.conn)} title="Show its conn.open row">
          {info.conn}
        </button>
        <span
          className={`status-badge ${state.state}`}
          data-testid="connection-status"
          title={state.state === 'unclosed' ? 'The capture ends with this connection still open: it holds no close for it' : undefined}
        >
          {state.label}
        </span>
        {age.kind === 'age' ? (
          <span
            className="muted"
            data-testid="connection-age"
            title={
              state.countdownAt === 'capture end'
                ? "Age at the capture's last record"
                : state.countdownAt === 'last record read'
                  ? 'Age at the last record read so far'
                  : "Age since the upstream's 101"
            }
          >
            age {formatClock(age.ms)}
          </span>
        ) : (
          // Never opened: no age to count, no limit to count down to.
          <span className="muted" data-testid="connection-age" title="The upstream refused the upgrade: the connection never opened">
            {age.afterMs !== undefined ? `after ${formatSpan(age.afterMs)}` : 'never opened'}
          </span>
        )}
        {isWs ? null : (
          <span
            className="badge transport"
            data-testid="connection-transport"
            title="An HTTP exchange through the relay's passthrough (POST /v1/responses): one request, one response"
          >
            HTTP
          </span>
        )}
        {info.limitReached ? <span className="badge error">limit</span> : null}
        {info.cacheMiss ? <span className="badge error">cache miss</span> : null}
        {faults.length ? (
          <span className="badge warn" data-testid="connection-faults">
            {countOf(faults.length, 'fault')}
          </span>
        ) : null}
      </div>
      {/* A closed connection has no time left to count: its age and badges say how it ended. */}
      {isWs && age.kind === 'age' && info.upstreamOpenT !== undefined && state.countdownAt !== 'close' ? (
        <Countdown maxAgeMs={maxAgeMs} ageMs={ageMs} at={state.countdownAt} />
      ) : null}
      <dl className="facts">
        <dt>handshake</dt>
        <dd>{info.handshakeMs !== undefined ? `${formatMs(info.handshakeMs)} ms` : '—'}</dd>
        <dt>traffic</dt>
        <dd>
          {countOf(info.turns, 'turn')} · {countOf(info.frames, 'frame')} · {formatBytes(info.bytes)}
          {info.lanes.length ? ` · lanes ${info.lanes.join(', ')}` : ''}
        </dd>
        {state.state === 'unclosed' ? (
          <>
            <dt>closed</dt>
            <dd data-testid="connection-close">none: the capture ends before any close</dd>
          </>
        ) : null}
        {info.close ? (
          <>
            <dt>closed</dt>
            <dd data-testid="connection-close">
              {info.close.code}
              {info.close.reason ? ` "${info.close.reason}"` : ''} by {info.close.side}
            </dd>
          </>
        ) : null}
        {info.error ? (
          <>
            <dt>error</dt>
            <dd className="err">{[info.error.status !== undefined ? `HTTP ${info.error.status}` : '', info.error.message].filter(Boolean).join(' ')}</dd>
          </>
        ) : null}
        {info.replaces ? (
          <>
            <dt>reconnect of</dt>
            <dd data-testid="connection-replaces">
              <button type="button" className="link" onClick={() => onReveal(info.replaces!)}>
                {info.replaces}
              </button>
              {` ${reconnect.why}${reconnect.when ? `, ${reconnect.when}` : ''}`}
            </dd>
          </>
        ) : null}
        {info.replacedBy ? (
          <>
            <dt>replaced by</dt>
            <dd>
              <button type="button" className="link" onClick={() => onReveal(info.replacedBy!)}>
                {info.replacedBy}
              </button>
            </dd>
          </>
        ) : null}
      </dl>
      <FaultMarks verdicts={faults} />
      {canInject && isWs && info.status === 'open' ? <FaultControls conn={info.conn} /> : null}
    </li>
  );
}
