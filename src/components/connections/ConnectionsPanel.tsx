/** All connections, newest first, each with its live countdown to the limit. */

import { useDashboard } from '../../store/index.ts';
import { selectStaticCapture, selectTurnsPending, useCaptureEnd } from '../../store/turnsSelectors.ts';
import { faultVerdicts } from '../../core/faultVerdict.ts';
import { groupDigits } from '../../core/labels.ts';
import { ConnectionCard } from './ConnectionCard.tsx';
import { FaultControls } from './FaultControls.tsx';

const DEFAULT_MAX_AGE_MS = 60 * 60_000;

export function ConnectionsPanel() {
  const data = useDashboard((s) => s.data);
  useDashboard((s) => s.dataVersion);
  const hello = useDashboard((s) => s.hello);
  const revealConnection = useDashboard((s) => s.revealConnection);
  const info = data.model.info();
  // A capture records the limit it ran with; a live relay announces its own in the hello.
  const maxAgeMs = info.maxAgeMs ?? hello?.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const frozenNow = useDashboard(selectStaticCapture) ? info.lastT : undefined;
  const loading = useCaptureEnd() === 'loading';
  // An indexed capture's connections come with its turn model, at the end of the load.
  const pending = useDashboard(selectTurnsPending);
  const conns = [...data.model.connections()].reverse();
  const showingLive = useDashboard((s) => s.source.kind === 'live' && s.replay === null);
  // Faults go into the relay's open connections: not while a replay or another capture is shown.
  const canInject = hello?.mode === 'live' && frozenNow === undefined && showingLive;
  const verdicts = data.faults.length ? faultVerdicts(data.faults, data.model.turns(), data.model.connections()) : [];
  return (
    <section className="connections" aria-label="Connections" data-testid="connections">
      <h2>
        Connections <span className="muted">{pending ? '' : groupDigits(conns.length)}</span>
      </h2>
      {canInject ? <FaultControls conn="all" /> : null}
      {pending ? (
        <p className="muted" data-testid="connections-loading">
          Loading connections…
        </p>
      ) : conns.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : null}
      <ul>
        {conns.map((c) => (
          <ConnectionCard
            key={c.conn}
            info={c}
            maxAgeMs={maxAgeMs}
            frozenNow={frozenNow}
            loading={loading}
            onReveal={revealConnection}
            faults={verdicts.filter((v) => v.conn === c.conn)}
            canInject={canInject}
          />
        ))}
      </ul>
    </section>
  );
}
