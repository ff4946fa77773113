/** The faults injected into one connection, each with its recovery verdict. */

import { verdictState, type FaultVerdict } from '../../core/faultVerdict.ts';
import { useDashboard } from '../../store/index.ts';
import { selectStaticCapture, useModelNow } from '../../store/turnsSelectors.ts';

export function FaultMarks({ verdicts }: { verdicts: readonly FaultVerdict[] }) {
  if (verdicts.length === 0) return null;
  return <FaultList verdicts={verdicts} />;
}

const LABEL = { recovered: 'recovered', pending: 'awaiting recovery', unrecovered: 'not recovered' } as const;

function FaultList({ verdicts }: { verdicts: readonly FaultVerdict[] }) {
  const now = useModelNow(1000);
  const live = !useDashboard(selectStaticCapture);
  return (
    <ul className="fault-marks" data-testid="fault-marks">
      {verdicts.map((v, i) => {
        const state = verdictState(v, live, now ?? v.t);
        return (
          <li key={`${v.t}-${i}`} data-recovered={v.recovered} data-state={state} title={`${v.detail} (${v.source})`}>
            <span className="badge warn">fault: {v.fault}</span>{' '}
            <span className={state === 'unrecovered' ? 'err' : 'muted'}>
              {LABEL[state]}
              {state === 'pending' ? '…' : `: ${v.summary}`}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
