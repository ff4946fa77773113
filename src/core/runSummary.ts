/**
 * What a run of an agent did, in the few numbers a developer or a CI job checks after it:
 * turns and how they ended, reconnects, connection-limit hits, lost caches, time to first token,
 * tokens. Computed from the turn model (never stored instead of the capture); shared by `run`
 * (after its child exits) and `check FILE`, and by the rules of ./gate.ts.
 */

import type { FaultRecord } from './capture.ts';
import { faultVerdicts, type FaultVerdict } from './faultVerdict.ts';
import type { ConnectionInfo, Turn } from './model.ts';
import { buildSummary, type TokenTotals } from './summary.ts';

export const RUN_SUMMARY_FORMAT = 'responses-inspector.run-summary';

export interface RunSummary {
  format: typeof RUN_SUMMARY_FORMAT;
  version: 1;
  /** Agent connections (WebSocket) and HTTP exchanges the relay saw. */
  connections: number;
  /** Upgrades the upstream refused (401, 429, 5xx…): the agent never got a socket. */
  refused: number;
  turns: number;
  completed: number;
  /** failed, incomplete or ended by an error frame. */
  errors: number;
  /** Ended by the connection's end, before a terminal event. */
  cut: number;
  /** Still waiting for a terminal event when the capture ends. */
  inFlight: number;
  reconnects: number;
  /** Connections that got websocket_connection_limit_reached. */
  limitHits: number;
  /** Limit hits after which no replacement connection completed a turn. */
  limitUnrecovered: number;
  /** previous_response_not_found errors: the connection-local cache was lost. */
  cacheMisses: number;
  ttftP50Ms?: number;
  ttftP95Ms?: number;
  /** Send → terminal event, over ended turns. */
  totalP50Ms?: number;
  totalP95Ms?: number;
  tokens: TokenTotals;
  /** Faults the relay injected (fault records that fired), and those after which the agent did not recover. */
  faultsInjected: number;
  faultsUnrecovered: number;
  faultVerdicts: FaultVerdict[];
}

/** The run summary of a capture's turns and connections (the model's outputs, in order). */
export function summarizeRun(turns: readonly Turn[], connections: readonly ConnectionInfo[], faults: readonly FaultRecord[] = []): RunSummary {
  const verdicts = faultVerdicts(faults, turns, connections);
  const base = buildSummary(turns, connections);
  const byConn = new Map(connections.map((c) => [c.conn, c]));
  let refused = 0;
  let limitHits = 0;
  let limitUnrecovered = 0;
  let cacheMisses = 0;
  for (const c of connections) {
    if (c.status === 'refused') refused++;
    for (const e of c.frameErrors) if (e.code === 'previous_response_not_found') cacheMisses++;
    if (!c.limitReached) continue;
    limitHits++;
    if (!recovered(c, turns, byConn)) limitUnrecovered++;
  }
  const summary: RunSummary = {
    format: RUN_SUMMARY_FORMAT,
    version: 1,
    connections: connections.length,
    refused,
    turns: base.turns,
    completed: base.completed,
    errors: base.errors,
    cut: base.cut,
    inFlight: base.inFlight,
    reconnects: base.reconnects,
    limitHits,
    limitUnrecovered,
    cacheMisses,
    tokens: base.tokens,
    faultsInjected: verdicts.length,
    faultsUnrecovered: verdicts.filter((v) => !v.recovered).length,
    faultVerdicts: verdicts,
  };
  if (base.ttftP50Ms !== undefined) summary.ttftP50Ms = base.ttftP50Ms;
  if (base.ttftP95Ms !== undefined) summary.ttftP95Ms = base.ttftP95Ms;
  if (base.totalP50Ms !== undefined) summary.totalP50Ms = base.totalP50Ms;
  if (base.totalP95Ms !== undefined) summary.totalP95Ms = base.totalP95Ms;
  return summary;
}

/**
 * A limit hit is recovered when a connection that replaced it (directly or down the chain of
 * reconnects) completed a turn after the limit error: the agent got its work done on a new socket.
 */
function recovered(hit: ConnectionInfo, turns: readonly Turn[], byConn: Map<string, ConnectionInfo>): boolean {
  const after = hit.limitT ?? hit.openT;
  const chain = new Set<string>();
  for (let next = hit.replacedBy; next !== undefined && !chain.has(next); next = byConn.get(next)?.replacedBy) chain.add(next);
  return turns.some((t) => chain.has(t.conn) && t.status === 'completed' && t.sendT >= after);
}

const ms = (v: number | undefined) => (v === undefined ? '–' : `${Math.round(v)} ms`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The human summary: a few lines for a terminal or a CI log. */
export function formatRunSummary(s: RunSummary, capture: string | null): string[] {
  const ends = [`${s.completed} completed`, plural(s.errors, 'error'), `${s.cut} cut`, `${s.inFlight} in flight`];
  const conns = `${plural(s.connections, 'connection')}${s.refused ? ` (${s.refused} refused)` : ''}`;
  const t = s.tokens;
  const faults = s.faultVerdicts.map((v) => `  ${v.recovered ? 'recovered' : 'NOT RECOVERED'}: ${v.fault} on ${v.conn} (${v.source}): ${v.summary}`);
  return [
    `turns: ${s.turns} (${ends.join(', ')}) on ${conns}`,
    ...(s.faultsInjected ? [`faults injected: ${s.faultsInjected} (${s.faultsUnrecovered} unrecovered)`, ...faults] : []),
    `reconnects: ${s.reconnects} · limit hits: ${s.limitHits}${s.limitHits ? ` (${s.limitUnrecovered} unrecovered)` : ''} · cache misses: ${s.cacheMisses}`,
    `TTFT: p50 ${ms(s.ttftP50Ms)} · p95 ${ms(s.ttftP95Ms)}`,
    `tokens: ${t.input} in (${t.cached} cached) · ${t.output} out (${t.reasoning} reasoning) · ${t.total} total`,
    `capture: ${capture ?? '(none)'}`,
  ];
}

/**
 * The line a run that saw no traffic ends with: the child's SDK did not read the variables `run`
 * set (a base URL in code, or an SDK that ignores them), so the fix is a setting per SDK. A child
 * that failed (a missing key, a crash) may simply have stopped before its first request: say that
 * first, or the hint would blame the base URL for an unrelated error.
 */
export function nothingSeenLine(childStatus = 0): string {
  const why =
    childStatus === 0
      ? 'the relay saw no traffic: the SDK ignored OPENAI_BASE_URL / OPENAI_WEBSOCKET_BASE_URL (a base URL set in code?)'
      : `the relay saw no traffic and the command exited with status ${childStatus}: if it failed before its first request, see its output above; otherwise the SDK ignored OPENAI_BASE_URL / OPENAI_WEBSOCKET_BASE_URL`;
  return (
    `${why}. With --port N, set: openai-node baseURL "http://127.0.0.1:N/v1"; ` +
    'openai-python base_url="http://127.0.0.1:N/v1" (before 2.27 also websocket_base_url="ws://127.0.0.1:N/v1"); ' +
    '@openai/agents websocketBaseURL "ws://127.0.0.1:N/v1"; openai-agents OpenAIProvider(websocket_base_url="ws://127.0.0.1:N/v1")'
  );
}
