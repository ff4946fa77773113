/** Inject a fault into one connection (its card) or every open one (the panel's header). */

import { useState } from 'react';
import { injectFault } from '../../lib/injectFault.ts';

/** The faults offered, in plan syntax (README "Testing your agent's recovery"). */
const FAULTS = ['limit', 'cache-loss', 'drop', 'close 1011', 'ttft+2s', 'delay 200ms jitter 100ms', 'stall', 'upgrade 503'];

interface Props {
  /** A connection id, or 'all'. */
  conn: string;
}

export function FaultControls({ conn }: Props) {
  const [fault, setFault] = useState(FAULTS[0]);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const offered = conn === 'all' ? FAULTS : FAULTS.filter((f) => !f.startsWith('upgrade'));
  const inject = async () => {
    setBusy(true);
    try {
      setNote({ text: await injectFault(conn, fault), error: false });
    } catch (err) {
      setNote({ text: (err as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };
  const label = conn === 'all' ? 'every open connection' : conn;
  return (
    <div className="fault-controls" data-testid={conn === 'all' ? 'fault-controls-all' : 'fault-controls'}>
      <select aria-label={`Fault to inject into ${label}`} value={fault} onChange={(e) => setFault(e.target.value)}>
        {offered.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
      <button type="button" disabled={busy} onClick={() => void inject()} title={`Inject this fault into ${label} (the relay records it in the capture)`}>
        {conn === 'all' ? 'Inject into all' : 'Inject'}
      </button>
      {note ? (
        <span className={note.error ? 'err' : 'muted'} role="status">
          {note.text}
        </span>
      ) : null}
    </div>
  );
}
