import WebSocket from 'ws';
import type { Direction } from '../../src/core/capture.ts';
import { formatFault, type FaultRule, type FaultSpec } from '../../src/core/faultPlan.ts';
import { now } from '../clock.ts';
import { connectionLimitReached, previousResponseNotFound } from '../mock/errors.ts';
import type { CaptureLog } from '../tee/captureLog.ts';
import type { FrameGate, Pair } from '../transport/pairSockets.ts';

/** A fault and where it came from (a plan rule as written, `dashboard`, `max-age`). */
export interface SourcedFault {
  spec: FaultSpec;
  source: string;
}

export interface ConnectionFaultsContext {
  conn: string;
  log: CaptureLog;
  agent: WebSocket;
  /** The connection's frame counter (shared with the frames the relay forwards). */
  nextSeq(): number;
  /** Plan rules whose "where" takes in this connection. */
  rules: readonly FaultRule[];
  /** Counts a response.create over the whole run; returns its number from 1. */
  countCreate(): number;
}

/** What the faults of one response do to the server frames that answer it. */
interface ResponseFaults {
  ttft?: SourcedFault & { spec: { kind: 'ttft' } };
  delay?: SourcedFault & { spec: { kind: 'delay' } };
  stall?: SourcedFault & { spec: { kind: 'stall' } };
  strike?: SourcedFault;
  sawDelta: boolean;
  delayRecorded: boolean;
}

interface Held {
  forward: (late: boolean) => void;
  releaseAt: number;
  after?: () => void;
}

const TERMINAL = new Set(['response.completed', 'response.failed', 'response.incomplete', 'error']);
const TYPE = /"type"\s*:\s*"([^"]+)"/;

/** The event type of a text frame, read from its first bytes without parsing the whole frame. */
function frameType(data: Buffer): string | undefined {
  return TYPE.exec(data.toString('utf8', 0, Math.min(data.length, 256)))?.[1];
}

/**
 * The faults of one agent connection. It is the connection's frame gate: frames pass untouched
 * unless a fault concerns them. Error frames it sends the agent are the endpoint's own (the mock's
 * builders), recorded as frames marked `injected`; a request it keeps from the upstream is recorded
 * `forwarded: false`; a `fault` record says what was armed and what struck.
 */
export class ConnectionFaults implements FrameGate {
  private pair: Pair | undefined;
  private armed: SourcedFault[] = [];
  /** Latency faults that apply to every response from now on (a plan's `at T` latency rule). */
  private standing: SourcedFault[] = [];
  private response: ResponseFaults | null = null;
  private queue: Held[] = [];
  private lastRelease = 0;
  private stalled = false;
  private drainScheduled = false;
  private timers = new Set<NodeJS.Timeout>();
  private ended = false;
  /** Rules that count requests: only they need every request looked at. */
  private readonly countsCreates: boolean;

  constructor(private readonly ctx: ConnectionFaultsContext) {
    this.countsCreates = ctx.rules.some((r) => r.trigger.kind === 'every-create');
    for (const rule of ctx.rules) {
      if (rule.trigger.kind !== 'at' || rule.fault.kind === 'upgrade') continue;
      const fault = { spec: rule.fault, source: rule.text };
      this.later(rule.trigger.ms, () => this.inject(fault, true));
    }
  }

  get busy(): boolean {
    return this.countsCreates || this.armed.length > 0 || this.standing.length > 0 || this.response !== null || this.queue.length > 0 || this.stalled;
  }

  bind(pair: Pair): void {
    this.pair = pair;
  }

  /** Both sockets closed: nothing more is sent or scheduled. */
  end(): void {
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queue = [];
  }

  /**
   * A fault now (the dashboard, or a plan's `at T`). Drop and close strike at once; limit and
   * cache-loss wait for the next response.create, as the endpoint answers one; latency faults apply
   * to the next response, or to every later one when `standing`.
   */
  inject(fault: SourcedFault, standing = false): void {
    if (this.ended) return;
    const { spec } = fault;
    if (spec.kind === 'drop' || spec.kind === 'close') return this.strike(fault, 'at once');
    if (standing && (spec.kind === 'ttft' || spec.kind === 'delay' || spec.kind === 'stall')) {
      this.standing.push(fault);
      return this.record(fault, 'armed', 'applies to every response from now on');
    }
    this.armed.push(fault);
    const waits =
      spec.kind === 'cache-loss' ? 'the next response.create that carries a previous_response_id' : spec.kind === 'limit' ? 'the next response.create' : 'the next response';
    this.record(fault, 'armed', `waits for ${waits}`);
  }

  frame(dir: Direction, data: Buffer, binary: boolean, forward: (late: boolean) => void): void {
    if (dir === 'send') this.onSend(data, binary, forward);
    else this.onReceive(data, binary, forward);
  }

  private onSend(data: Buffer, binary: boolean, forward: (late: boolean) => void): void {
    const event = !binary && data.includes('response.create') ? parseEvent(data) : undefined;
    if (event?.type !== 'response.create') return forward(false);
    const n = this.ctx.countCreate();
    for (const rule of this.ctx.rules) {
      if (rule.trigger.kind === 'every-create' && n % rule.trigger.n === 0 && rule.fault.kind !== 'upgrade') this.armed.push({ spec: rule.fault, source: rule.text });
    }
    const streamId = typeof event.stream_id === 'string' ? event.stream_id : undefined;
    const previous = typeof event.previous_response_id === 'string' ? event.previous_response_id : undefined;
    const response: ResponseFaults = { sawDelta: false, delayRecorded: false };
    const keep: SourcedFault[] = [];
    for (const fault of [...this.standing, ...this.armed.splice(0)]) {
      const { spec } = fault;
      if (spec.kind === 'limit') {
        this.withhold(data);
        this.sendError(connectionLimitReached(streamId));
        this.record(fault, 'fired', 'answered response.create with websocket_connection_limit_reached, then closed with 1000');
        this.pair?.shutdown(1000, '');
        return;
      }
      if (spec.kind === 'cache-loss') {
        if (previous === undefined) {
          keep.push(fault);
          continue;
        }
        this.withhold(data);
        this.sendError(previousResponseNotFound(previous, streamId));
        this.record(fault, 'fired', `answered response.create (previous_response_id ${previous}) with previous_response_not_found; the upstream never saw it`);
        this.armed.push(...keep);
        return;
      }
      if (spec.kind === 'ttft') response.ttft = fault as ResponseFaults['ttft'];
      else if (spec.kind === 'delay') response.delay = fault as ResponseFaults['delay'];
      else if (spec.kind === 'stall') response.stall = fault as ResponseFaults['stall'];
      else if (spec.kind === 'drop' || spec.kind === 'close') response.strike = fault;
    }
    this.armed.push(...keep);
    if (response.ttft || response.delay || response.stall || response.strike) this.response = response;
    forward(false);
  }

  private onReceive(data: Buffer, binary: boolean, forward: (late: boolean) => void): void {
    const response = this.response;
    if (!response && this.queue.length === 0 && !this.stalled) return forward(false);
    const type = binary ? undefined : frameType(data);
    let releaseAt = Math.max(this.lastRelease, performanceNow());
    let after: (() => void) | undefined;
    if (response) {
      if (response.delay) {
        const { ms, jitterMs } = response.delay.spec;
        releaseAt = Math.max(releaseAt, performanceNow() + ms + (Math.random() * 2 - 1) * jitterMs);
        if (!response.delayRecorded) {
          response.delayRecorded = true;
          this.record(response.delay, 'fired', `server frames of this response held ${ms} ms${jitterMs ? ` ± ${jitterMs} ms` : ''} each, in order`);
        }
      }
      if (!response.sawDelta && type?.endsWith('.delta')) {
        response.sawDelta = true;
        if (response.ttft) {
          releaseAt = Math.max(releaseAt, performanceNow() + response.ttft.spec.addMs);
          this.record(response.ttft, 'fired', `first output delta held ${response.ttft.spec.addMs} ms`);
        }
        const { strike, stall } = response;
        if (strike) after = () => this.strike(strike, 'after the first output delta');
        else if (stall) {
          after = () => {
            this.stalled = true;
            const { ms } = stall.spec;
            this.record(
              stall,
              'fired',
              ms === undefined
                ? 'no server frame passes after the first output delta, until the connection ends'
                : `no server frame passes for ${ms} ms after the first output delta`,
            );
            if (ms !== undefined) this.later(ms, () => this.unstall());
          };
        }
      }
      if (type !== undefined && TERMINAL.has(type)) this.response = null;
    }
    this.lastRelease = releaseAt;
    this.queue.push({ forward, releaseAt, after });
    this.drain();
  }

  /** Sends the held frames whose time has come, in order; a stall holds them all. */
  private drain(): void {
    while (!this.stalled && !this.ended && this.queue.length > 0) {
      const head = this.queue[0];
      const wait = head.releaseAt - performanceNow();
      if (wait > 0.5) {
        if (!this.drainScheduled) {
          this.drainScheduled = true;
          this.later(wait, () => {
            this.drainScheduled = false;
            this.drain();
          });
        }
        return;
      }
      this.queue.shift();
      head.forward(true);
      head.after?.();
    }
  }

  private unstall(): void {
    this.stalled = false;
    this.lastRelease = performanceNow();
    for (const held of this.queue) held.releaseAt = this.lastRelease;
    this.drain();
  }

  private strike(fault: SourcedFault, when: string): void {
    if (this.ended || !this.pair) return;
    const { spec } = fault;
    if (spec.kind === 'drop') {
      this.record(fault, 'fired', `dropped the agent's socket ${when}: no close frame (1006)`);
      this.pair.shutdown(1006, '');
    } else if (spec.kind === 'close') {
      this.record(fault, 'fired', `closed the agent's socket with ${spec.code} ${when}`);
      this.pair.shutdown(spec.code, spec.reason);
    }
  }

  private sendError(frame: Record<string, unknown>): void {
    const text = JSON.stringify(frame);
    if (this.ctx.agent.readyState === WebSocket.OPEN) this.ctx.agent.send(text, { binary: false, compress: false });
    this.recordFrame('receive', text, { injected: true });
  }

  private withhold(data: Buffer): void {
    this.recordFrame('send', data.toString('utf8'), { forwarded: false });
  }

  private recordFrame(dir: Direction, text: string, mark: { injected: true } | { forwarded: false }): void {
    this.ctx.log.record({ kind: 'frame', t: now(), conn: this.ctx.conn, seq: this.ctx.nextSeq(), dir, binary: false, size: Buffer.byteLength(text), data: text, ...mark });
  }

  private record(fault: SourcedFault, action: 'armed' | 'fired', detail: string): void {
    this.ctx.log.record({ kind: 'fault', t: now(), conn: this.ctx.conn, fault: formatFault(fault.spec), action, source: fault.source, detail });
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}

function performanceNow(): number {
  return performance.now();
}

function parseEvent(data: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
