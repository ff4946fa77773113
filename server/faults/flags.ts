import fs from 'node:fs';
import { FaultPlanError, parseFaultPlan, type FaultRule } from '../../src/core/faultPlan.ts';
import { UsageError } from '../cliErrors.ts';
import type { OptionSpecs } from '../cliOptions.ts';

/** The fault flags of `start`, `run` and `demo`. */
export const FAULT_OPTIONS = {
  faults: {
    type: 'string',
    value: 'PLAN',
    help: 'inject faults on a schedule; PLAN is the plan text or @FILE, e.g.\n"at 30s on every connection: limit; every 5th response.create: cache-loss"\n(README "Testing your agent\'s recovery" has the format)',
  },
  'enforce-max-age': {
    type: 'boolean',
    help: "at --max-age, answer the next response.create with the endpoint's websocket_connection_limit_reached error and close (not only count down)",
  },
} as const satisfies OptionSpecs;

/** `--faults` (text or @file) and `--enforce-max-age`, read into relay options; bad input is a UsageError naming it. */
export function readFaultFlags(extra: Record<string, string | boolean | undefined>): { faults?: FaultRule[]; enforceMaxAge?: boolean } {
  const out: { faults?: FaultRule[]; enforceMaxAge?: boolean } = {};
  if (extra['enforce-max-age'] === true) out.enforceMaxAge = true;
  const given = extra.faults;
  if (typeof given !== 'string') return out;
  let text = given;
  if (given.startsWith('@')) {
    try {
      text = fs.readFileSync(given.slice(1), 'utf8');
    } catch (err) {
      throw new UsageError(`--faults ${given}: cannot read the plan file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  try {
    out.faults = parseFaultPlan(text);
  } catch (err) {
    if (err instanceof FaultPlanError) throw new UsageError(`--faults: ${err.message}`);
    throw err;
  }
  return out;
}
