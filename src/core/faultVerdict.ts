/**
 * The recovery verdict of each injected fault: did the agent get its work done after it, and at
 * what cost. Computed from the capture's `fault` records and the turn model, never stored.
 *
 * - reconnected: a fault that ends the connection (limit, drop, close, refused upgrade) is
 *   followed by a new connection that opened; `reconnectMs` from the fault to its open.
 * - contextResent: a turn after the fault went out with no previous_response_id (the full
 *   context), as a store:false client must after a cache loss or on a new socket.
 * - turnFinished: the interrupted turn's work finished: a turn sent after the fault completed
 *   (on the same lane when the interrupted turn had one).
 * - extraMs: from the interrupted request to the retry that finished (for ttft, the added time).
 * - extraInputTokens: uncached input tokens of that retry beyond those of the last turn that
 *   completed before the fault (a full resend costs what the connection cache had saved).
 */

import type { FaultRecord } from './capture.ts';
import { ENDS_CONNECTION, parseFaultSpec, type FaultKind } from './faultPlan.ts';
import type { ConnectionInfo, Turn } from './model.ts';

export interface FaultVerdict {
  conn: string;
  fault: string;
  source: string;
  t: number;
  detail: string;
  recovered: boolean;
  /** Why not, or how, in one line. */
  summary: string;
  reconnected?: boolean;
  reconnectMs?: number;
  /** The connection that replaced the struck one. */
  newConn?: string;
  contextResent?: boolean;
  /** The turn in flight when the fault struck (`c1#3`). */
  interruptedTurn?: string;
  turnFinished: boolean;
  /** The completed turn that finished the interrupted work. */
  finishedBy?: string;
  extraMs?: number;
  extraInputTokens?: number;
}

function kindOf(fault: string): FaultKind | undefined {
  try {
    return parseFaultSpec(fault).kind;
  } catch {
    return undefined;
  }
}

const uncached = (t: Turn | undefined) => (t?.usage ? t.usage.inputTokens - t.usage.cachedTokens : undefined);

/**
 * How long a live view gives the agent to recover before calling a fault unrecovered: a reconnect
 * and a resent turn take seconds, and a verdict that flashes "not recovered" first misleads.
 */
export const RECOVERY_GRACE_MS = 30_000;

export type VerdictState = 'recovered' | 'pending' | 'unrecovered';

/** A verdict as a live dashboard shows it: still in its grace time, it is awaited, not failed. */
export function verdictState(v: Pick<FaultVerdict, 'recovered' | 't'>, live: boolean, now: number): VerdictState {
  if (v.recovered) return 'recovered';
  return live && now - v.t < RECOVERY_GRACE_MS ? 'pending' : 'unrecovered';
}

export function faultVerdicts(faults: readonly FaultRecord[], turns: readonly Turn[], connections: readonly ConnectionInfo[]): FaultVerdict[] {
  return faults.filter((f) => f.action === 'fired').map((f) => verdict(f, turns, connections));
}

function verdict(f: FaultRecord, turns: readonly Turn[], connections: readonly ConnectionInfo[]): FaultVerdict {
  const kind = kindOf(f.fault);
  const endsConnection = kind !== undefined && ENDS_CONNECTION.has(kind);
  // The turn the fault hit: the last one on the connection sent by then and not completed before it.
  const onConn = turns.filter((t) => t.conn === f.conn && t.sendT <= f.t);
  const last = onConn.at(-1);
  const interrupted = last && !(last.status === 'completed' && last.endT !== undefined && last.endT <= f.t) ? last : undefined;
  const lane = interrupted?.lane ?? null;
  const after = turns.filter((t) => t.sendT > f.t && t !== interrupted && (!endsConnection || t.conn !== f.conn));
  const finished =
    kind === 'ttft' || kind === 'delay'
      ? interrupted?.status === 'completed'
        ? interrupted
        : after.find((t) => t.status === 'completed')
      : after.find((t) => t.status === 'completed' && (interrupted === undefined || t.lane === lane));
  const before = turns.filter((t) => t.status === 'completed' && t.endT !== undefined && t.endT <= f.t && t.lane === lane).at(-1);

  const v: FaultVerdict = { conn: f.conn, fault: f.fault, source: f.source, t: f.t, detail: f.detail, recovered: false, summary: '', turnFinished: finished !== undefined };
  if (interrupted) v.interruptedTurn = interrupted.id;
  if (finished) v.finishedBy = finished.id;

  if (endsConnection) {
    const struck = connections.find((c) => c.conn === f.conn);
    const next =
      (struck?.replacedBy !== undefined ? connections.find((c) => c.conn === struck.replacedBy) : undefined) ??
      connections.find((c) => c.conn !== f.conn && c.transport === 'ws' && c.status !== 'refused' && c.openT >= f.t);
    v.reconnected = next !== undefined;
    if (next) {
      v.newConn = next.conn;
      v.reconnectMs = Math.max(0, next.openT - f.t);
    }
  }
  if (endsConnection || kind === 'cache-loss') {
    v.contextResent = after.some((t) => (t.previousResponseId ?? null) === null && (finished === undefined || t.sendT <= finished.sendT));
  }
  if (kind === 'ttft') {
    const spec = parseFaultSpec(f.fault);
    if (spec.kind === 'ttft') v.extraMs = spec.addMs;
  } else if (finished && finished !== interrupted) {
    v.extraMs = Math.max(0, finished.sendT - (interrupted?.sendT ?? f.t));
  }
  const retryCost = uncached(finished);
  const baseline = uncached(before);
  if (finished && finished !== interrupted && retryCost !== undefined) v.extraInputTokens = Math.max(0, retryCost - (baseline ?? 0));

  const problems: string[] = [];
  if (v.reconnected === false) problems.push('no new connection opened');
  if (kind === 'cache-loss' && !v.contextResent) problems.push('the context was never resent (no request without previous_response_id)');
  if (!v.turnFinished) problems.push(interrupted ? `the interrupted turn ${interrupted.id} was never finished` : 'no turn completed after it');
  v.recovered = problems.length === 0;
  v.summary = v.recovered ? recoveredSummary(v) : problems.join('; ');
  return v;
}

function recoveredSummary(v: FaultVerdict): string {
  const parts: string[] = [];
  if (v.reconnected) parts.push(`reconnected as ${v.newConn} after ${Math.round(v.reconnectMs!)} ms`);
  if (v.contextResent) parts.push('context resent');
  parts.push(`finished by ${v.finishedBy}`);
  if (v.extraMs !== undefined) parts.push(`+${Math.round(v.extraMs)} ms`);
  if (v.extraInputTokens !== undefined) parts.push(`+${v.extraInputTokens} input tokens`);
  return parts.join(' · ');
}
