/**
 * The numbers that answer "where does my agent's time go?" (Summary): turns, wall time
 * split into server time and agent time, time to first token, handshakes paid, tokens.
 */

import { percentiles, unionLength } from './latency.ts';
import type { ConnectionInfo, Turn } from './model.ts';

export interface TokenTotals {
  input: number;
  output: number;
  cached: number;
  reasoning: number;
  total: number;
}

export interface CaptureSummary {
  turns: number;
  /** `generate: false` warm-ups among `turns`. */
  warmups: number;
  completed: number;
  /** failed, incomplete or ended by an error frame. */
  errors: number;
  /** Ended by the connection's end. */
  cut: number;
  /** Still waiting for their terminal event. */
  inFlight: number;
  /** First send to the last terminal event (or `now` while a turn is open). */
  wallMs: number;
  /** Time at least one turn was in flight (send → terminal), overlaps of concurrent lanes counted once. */
  serverMs: number;
  /** The rest of the wall time: the agent thinking, running tools, reconnecting. */
  agentMs: number;
  ttftP50Ms?: number;
  ttftP95Ms?: number;
  /** Send → terminal, p50 and p95, over ended turns. */
  totalP50Ms?: number;
  totalP95Ms?: number;
  connections: number;
  reconnects: number;
  /** The upgrade handshake each connection paid, in open order. */
  handshakes: Array<{ conn: string; handshakeMs: number }>;
  handshakeTotalMs: number;
  tokens: TokenTotals;
  /** Output tokens over the time spent streaming them (first delta → terminal), all turns together. */
  outputTokensPerSecond?: number;
}

/**
 * Summarizes turns and connections. `now` is where open turns end (the latest record time, or the
 * clock while live); without it open turns count up to their last known time (send).
 */
export function buildSummary(turns: readonly Turn[], connections: readonly ConnectionInfo[], now?: number): CaptureSummary {
  const tokens: TokenTotals = { input: 0, output: 0, cached: 0, reasoning: 0, total: 0 };
  const intervals: Array<[number, number]> = [];
  const ttfts: number[] = [];
  const totals: number[] = [];
  let warmups = 0;
  let completed = 0;
  let errors = 0;
  let cut = 0;
  let inFlight = 0;
  let first = Infinity;
  let last = -Infinity;
  let streamMs = 0;
  let streamTokens = 0;

  for (const t of turns) {
    if (t.warmup) warmups++;
    if (t.status === 'completed') completed++;
    else if (t.status === 'failed' || t.status === 'incomplete' || t.status === 'error') errors++;
    else if (t.status === 'cut') cut++;
    else inFlight++;
    const end = t.endT ?? Math.max(now ?? t.sendT, t.sendT);
    intervals.push([t.sendT, end]);
    if (t.sendT < first) first = t.sendT;
    if (end > last) last = end;
    if (t.ttftMs !== undefined && !t.warmup) ttfts.push(t.ttftMs);
    if (t.totalMs !== undefined) totals.push(t.totalMs);
    const u = t.usage;
    if (u) {
      tokens.input += u.inputTokens;
      tokens.output += u.outputTokens;
      tokens.cached += u.cachedTokens;
      tokens.reasoning += u.reasoningTokens;
      tokens.total += u.totalTokens;
      if (t.tokensPerSecond !== undefined && t.endT !== undefined && t.firstDeltaT !== undefined) {
        streamMs += t.endT - t.firstDeltaT;
        streamTokens += u.outputTokens;
      }
    }
  }

  const wallMs = turns.length > 0 ? last - first : 0;
  const serverMs = unionLength(intervals);
  const [ttftP50Ms, ttftP95Ms] = percentiles(ttfts, [50, 95]);
  const [totalP50Ms, totalP95Ms] = percentiles(totals, [50, 95]);
  const handshakes: CaptureSummary['handshakes'] = [];
  let handshakeTotalMs = 0;
  let reconnects = 0;
  for (const c of connections) {
    if (c.replaces !== undefined) reconnects++;
    if (c.handshakeMs !== undefined) {
      handshakes.push({ conn: c.conn, handshakeMs: c.handshakeMs });
      handshakeTotalMs += c.handshakeMs;
    }
  }

  const summary: CaptureSummary = {
    turns: turns.length,
    warmups,
    completed,
    errors,
    cut,
    inFlight,
    wallMs,
    serverMs,
    agentMs: Math.max(0, wallMs - serverMs),
    connections: connections.length,
    reconnects,
    handshakes,
    handshakeTotalMs,
    tokens,
  };
  if (ttftP50Ms !== undefined) summary.ttftP50Ms = ttftP50Ms;
  if (ttftP95Ms !== undefined) summary.ttftP95Ms = ttftP95Ms;
  if (totalP50Ms !== undefined) summary.totalP50Ms = totalP50Ms;
  if (totalP95Ms !== undefined) summary.totalP95Ms = totalP95Ms;
  if (streamMs > 0) summary.outputTokensPerSecond = streamTokens / (streamMs / 1000);
  return summary;
}

/** Whether a capture can still grow: live, still being read (a file loading), or ended. */
export type CaptureEnd = 'live' | 'loading' | 'ended';

/**
 * The turns' outcomes after their count, as one parenthesised phrase: `(48 completed · 2 in flight)`.
 * Turns without an end are "in flight" live, "not ended yet" while the file is still being read
 * (its end is not known), and "unfinished at capture end" once it has all been read.
 */
export function describeOutcome(s: Pick<CaptureSummary, 'turns' | 'completed' | 'errors' | 'cut' | 'inFlight' | 'warmups'>, end: CaptureEnd): string {
  if (s.turns === 0) return '';
  const open = end === 'live' ? 'in flight' : end === 'loading' ? 'not ended yet' : 'unfinished at capture end';
  const parts = [
    s.completed === s.turns ? 'all completed' : s.completed ? `${s.completed} completed` : '',
    s.errors ? `${s.errors} ${s.errors === 1 ? 'error' : 'errors'}` : '',
    s.cut ? `${s.cut} cut` : '',
    s.inFlight ? `${s.inFlight} ${open}` : '',
    s.warmups ? `${s.warmups} warm-up` : '',
  ].filter(Boolean);
  return `(${parts.join(' · ')})`;
}
