/**
 * Two captures side by side ("Is WebSocket mode worth it for my agent?"): per turn and in
 * total, time to first token, server time, agent time and connection setup paid, with the
 * difference (B − A) and the ratio (B / A). Turns are aligned by lane and by their order on that
 * lane, so the same agent run over HTTP and over WebSocket, or twice over the same transport,
 * lines up turn for turn; a turn of B well above its partner in A is flagged slower.
 */

import type { CaptureRecord } from './capture.ts';
import type { TurnStatus } from './model.ts';
import { createCaptureModel, type CaptureModel } from './turns.ts';

/** The timings of one turn that a comparison looks at; ms. */
export interface TurnTiming {
  /** 1-based over the capture, in send order. */
  index: number;
  /** `stream_id`, or null for the default lane. */
  lane: string | null;
  /** 1-based order of this turn on its lane, over the whole capture (all connections). */
  laneIndex: number;
  conn: string;
  transport: 'ws' | 'http';
  status: TurnStatus;
  warmup: boolean;
  model?: string;
  /** Epoch ms of the send and of the terminal event (absent while open). */
  sendT: number;
  endT?: number;
  /** Send → first output delta. */
  ttftMs?: number;
  /** Send → terminal event: what the agent waited for, setup included when it was paid in the turn. */
  serverMs?: number;
  /** The agent's own time before this turn (previous end on the lane → this send). */
  agentMs?: number;
  /**
   * Connection setup this turn paid. HTTP: the exchange's upstream setup (TCP + TLS), 0 on a
   * reused connection. WebSocket: the connection's handshake, on its first turn only.
   */
  setupMs: number;
}

export interface MetricPair {
  a?: number;
  b?: number;
  /** b − a, when both are known. */
  diff?: number;
  /** b / a, when both are known and a > 0. */
  ratio?: number;
}

export interface CompareRow {
  lane: string | null;
  laneIndex: number;
  a?: TurnTiming;
  b?: TurnTiming;
  ttft: MetricPair;
  server: MetricPair;
  agent: MetricPair;
  setup: MetricPair;
  /** B's server time or TTFT is above A's by more than the threshold (both relative and absolute). */
  slower: boolean;
  faster: boolean;
}

export interface CaptureTotals {
  turns: number;
  /** Sums over the turns that have the value. */
  ttftMs: number;
  serverMs: number;
  agentMs: number;
  setupMs: number;
  /** Turns that paid a setup (> 0). */
  setups: number;
  /** First send to last terminal event: the run's duration as the agent lived it. */
  wallMs: number;
  medianTtftMs?: number;
}

export interface Comparison {
  transports: { a: string; b: string };
  rows: CompareRow[];
  totals: {
    a: CaptureTotals;
    b: CaptureTotals;
    ttft: MetricPair;
    server: MetricPair;
    agent: MetricPair;
    setup: MetricPair;
    /** Whole runs: first send to last response of each, whatever turns they have. */
    wall: MetricPair;
    medianTtft: MetricPair;
    /** ttft, server, agent, setup and medianTtft are over the turns both runs have: this many. */
    matched: number;
    /** Turns left out of those totals because the other run has no turn at their lane and position. */
    onlyA: number;
    onlyB: number;
  };
  slowerTurns: number;
  fasterTurns: number;
  /** The rule slowerTurns/fasterTurns were counted with (CompareOptions, defaults applied). */
  threshold: number;
  minMs: number;
}

export interface CompareOptions {
  /** Relative change that counts as slower or faster (default 0.1 = 10%). */
  threshold?: number;
  /** …and at least this many ms (default 5), so noise on tiny turns is not flagged. */
  minMs?: number;
}

/** The per-turn timings of a capture, in send order. */
export function turnTimings(records: Iterable<CaptureRecord>): TurnTiming[] {
  const collector = createTimingCollector();
  for (const rec of records) collector.add(rec);
  return collector.timings();
}

/** The same, fed one record at a time (a capture streamed from disk is never held whole). */
export function createTimingCollector(): { add(rec: CaptureRecord): void; timings(): TurnTiming[] } {
  const model = createCaptureModel();
  const setupOf = new Map<string, number>();
  return {
    add(rec) {
      model.add(rec);
      if (rec.kind === 'conn.upstream_open' && rec.setupMs !== undefined) setupOf.set(rec.conn, rec.setupMs);
    },
    timings: () => timingsOf(model, setupOf),
  };
}

function timingsOf(model: CaptureModel, setupOf: Map<string, number>): TurnTiming[] {
  const laneCount = new Map<string, number>();
  const laneEnd = new Map<string, number>();
  return model.turns().map((turn) => {
    const key = turn.lane ?? '';
    const laneIndex = (laneCount.get(key) ?? 0) + 1;
    laneCount.set(key, laneIndex);
    const conn = model.connection(turn.conn);
    const transport = conn?.transport ?? 'ws';
    const setupMs = transport === 'http' ? (setupOf.get(turn.conn) ?? 0) : turn.id.endsWith('#1') ? (conn?.handshakeMs ?? 0) : 0;
    // The model measures agent time within one connection; HTTP turns each have their own, so the
    // previous turn's end on the same lane, whatever its connection, is used instead.
    let agentMs = turn.agentMs;
    const lastEnd = laneEnd.get(key);
    if (agentMs === undefined && lastEnd !== undefined && lastEnd <= turn.sendT) agentMs = turn.sendT - lastEnd;
    if (turn.endT !== undefined) laneEnd.set(key, turn.endT);
    const timing: TurnTiming = { index: turn.index, lane: turn.lane, laneIndex, conn: turn.conn, transport, status: turn.status, warmup: turn.warmup, sendT: turn.sendT, setupMs };
    if (turn.endT !== undefined) timing.endT = turn.endT;
    if (turn.model !== undefined) timing.model = turn.model;
    if (turn.ttftMs !== undefined) timing.ttftMs = turn.ttftMs;
    if (turn.totalMs !== undefined) timing.serverMs = turn.totalMs;
    if (agentMs !== undefined) timing.agentMs = agentMs;
    return timing;
  });
}

export function compareCaptures(a: Iterable<CaptureRecord>, b: Iterable<CaptureRecord>, opts: CompareOptions = {}): Comparison {
  return compareTimings(turnTimings(a), turnTimings(b), opts);
}

export function compareTimings(a: TurnTiming[], b: TurnTiming[], opts: CompareOptions = {}): Comparison {
  const threshold = opts.threshold ?? 0.1;
  const minMs = opts.minMs ?? 5;
  const key = (t: TurnTiming) => `${t.lane ?? ''}\u0000${t.laneIndex}`;
  const bByKey = new Map(b.map((t) => [key(t), t]));
  const rows: CompareRow[] = [];
  const matched = new Set<TurnTiming>();
  const row = (ta: TurnTiming | undefined, tb: TurnTiming | undefined): CompareRow => {
    const server = pair(ta?.serverMs, tb?.serverMs);
    const ttft = pair(ta?.ttftMs, tb?.ttftMs);
    const change = (d: MetricPair) => (d.diff !== undefined && d.a !== undefined && Math.abs(d.diff) >= minMs && Math.abs(d.diff) > d.a * threshold ? Math.sign(d.diff) : 0);
    const slower = change(server) > 0 || change(ttft) > 0;
    return {
      lane: (ta ?? tb)!.lane,
      laneIndex: (ta ?? tb)!.laneIndex,
      ...(ta ? { a: ta } : {}),
      ...(tb ? { b: tb } : {}),
      ttft,
      server,
      agent: pair(ta?.agentMs, tb?.agentMs),
      setup: pair(ta?.setupMs, tb?.setupMs),
      slower,
      faster: !slower && (change(server) < 0 || change(ttft) < 0),
    };
  };
  for (const ta of a) {
    const tb = bByKey.get(key(ta));
    if (tb) matched.add(tb);
    rows.push(row(ta, tb));
  }
  for (const tb of b) if (!matched.has(tb)) rows.push(row(undefined, tb));
  const ta = totals(a);
  const tb = totals(b);
  // The per-metric totals compare like with like: only the turns both runs have. Summing a 204-turn
  // run against an 11-turn one would report a 10x "speed-up" that is only a difference in work.
  const both = rows.filter((r) => r.a && r.b);
  const ma = both.length === a.length ? ta : totals(both.map((r) => r.a!));
  const mb = both.length === b.length ? tb : totals(both.map((r) => r.b!));
  return {
    transports: { a: transportOf(a), b: transportOf(b) },
    rows,
    totals: {
      a: ta,
      b: tb,
      ttft: pair(ma.ttftMs, mb.ttftMs),
      server: pair(ma.serverMs, mb.serverMs),
      agent: pair(ma.agentMs, mb.agentMs),
      setup: pair(ma.setupMs, mb.setupMs),
      wall: pair(ta.wallMs, tb.wallMs),
      medianTtft: pair(ma.medianTtftMs, mb.medianTtftMs),
      matched: both.length,
      onlyA: a.length - both.length,
      onlyB: b.length - both.length,
    },
    slowerTurns: rows.filter((r) => r.slower).length,
    fasterTurns: rows.filter((r) => r.faster).length,
    threshold,
    minMs,
  };
}

export function pair(a: number | undefined, b: number | undefined): MetricPair {
  const out: MetricPair = {};
  if (a !== undefined) out.a = a;
  if (b !== undefined) out.b = b;
  if (a !== undefined && b !== undefined) {
    out.diff = b - a;
    if (a > 0) out.ratio = b / a;
  }
  return out;
}

function totals(turns: TurnTiming[]): CaptureTotals {
  const sum = (f: (t: TurnTiming) => number | undefined) => turns.reduce((s, t) => s + (f(t) ?? 0), 0);
  const ttfts = turns.flatMap((t) => (t.ttftMs === undefined ? [] : [t.ttftMs])).sort((x, y) => x - y);
  let first = Infinity;
  let last = -Infinity;
  for (const t of turns) {
    first = Math.min(first, t.sendT);
    last = Math.max(last, t.endT ?? t.sendT);
  }
  const wallMs = turns.length > 0 ? last - first : 0;
  const out: CaptureTotals = {
    turns: turns.length,
    ttftMs: sum((t) => t.ttftMs),
    serverMs: sum((t) => t.serverMs),
    agentMs: sum((t) => t.agentMs),
    setupMs: sum((t) => t.setupMs),
    setups: turns.filter((t) => t.setupMs > 0).length,
    wallMs,
  };
  if (ttfts.length > 0) out.medianTtftMs = ttfts[Math.floor((ttfts.length - 1) / 2)];
  return out;
}

function transportOf(turns: TurnTiming[]): string {
  const kinds = new Set(turns.map((t) => t.transport));
  return kinds.size === 0 ? 'none' : kinds.size === 1 ? [...kinds][0] : 'mixed';
}
