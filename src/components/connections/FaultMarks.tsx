/** The faults injected into one connection, each with its recovery verdict. */

import type { FaultVerdict } from '../../core/faultVerdict.ts';

export function FaultMarks({ verdicts }: { verdicts: readonly FaultVerdict[] }) {
  if (verdicts.length === 0) return null;
  return (
    <ul className="fault-marks" data-testid="fault-marks">
      {verdicts.map((v, i) => (
        <li key={`${v.t}-${i}`} data-recovered={v.recovered} title={`${v.detail} (${v.source})`}>
          <span className="badge warn">fault: {v.fault}</span> <span className={v.recovered ? 'muted' : 'err'}>{v.recovered ? 'recovered' : 'not recovered'}: {v.summary}</span>
        </li>
      ))}
    </ul>
  );
}
