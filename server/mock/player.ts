import { setTimeout as sleep } from 'node:timers/promises';
import type { WebSocket } from 'ws';
import { MALFORMED_FRAME, type Fault } from './faults.ts';
import type { MockTiming } from './options.ts';
import type { Random } from './random.ts';
import type { Pause, Script } from './script.ts';

/**
 * Plays one response's script on the socket with realistic timing. Numbers events from 0 for this
 * response (protocol.md §4.3), tags named-lane events with their stream_id, and applies a fault at
 * the script's fault point. `inject` sends an extra event (a steer reply) numbered in sequence.
 */
export class Playback {
  private seq = 0;
  private readonly abort = new AbortController();

  constructor(
    private readonly ws: WebSocket,
    private readonly script: Script,
    private readonly opts: { streamId?: string; timing: MockTiming; rng: Random; fault?: Fault },
  ) {}

  /** Resolves true when response.completed went out, false when the socket or a fault ended it. */
  async run(): Promise<boolean> {
    const { steps, faultAt } = this.script;
    for (let i = 0; i < steps.length; i++) {
      if (i === faultAt && this.opts.fault && this.strike(this.opts.fault)) return false;
      const wait = this.delay(steps[i].pause, i === 0);
      if (wait > 0) {
        try {
          await sleep(wait, undefined, { signal: this.abort.signal });
        } catch {
          return false;
        }
      }
      if (!this.open()) return false;
      const frame = steps[i].frame;
      if (frame.type === 'response.completed') (frame.response as Record<string, unknown>).completed_at = Math.floor(Date.now() / 1000);
      this.ws.send(JSON.stringify(this.finalize(frame)));
    }
    return true;
  }

  inject(frame: Record<string, unknown> & { type: string }): void {
    if (this.open()) this.ws.send(JSON.stringify(this.finalize(frame)));
  }

  /** Stops the playback at its next step (the connection is closing). */
  stop(): void {
    this.abort.abort();
  }

  private open(): boolean {
    return !this.abort.signal.aborted && this.ws.readyState === this.ws.OPEN;
  }

  /** Returns true when the fault ends the response. */
  private strike(fault: Fault): boolean {
    if (fault.kind === 'malformed') {
      if (this.open()) this.ws.send(MALFORMED_FRAME);
      return false;
    }
    if (fault.kind === 'drop') this.ws.terminate();
    if (fault.kind === 'close') this.ws.close(fault.code, fault.reason);
    return fault.kind !== 'slow';
  }

  private delay(pause: Pause, first: boolean): number {
    const { ttftMs, deltaGapMs, jitterMs } = this.opts.timing;
    const factor = this.opts.fault?.kind === 'slow' ? this.opts.fault.factor : 1;
    // response.created comes back quickly; the rest of the time to first token is "thinking".
    const createdMs = Math.min(ttftMs * 0.15, 80);
    const base = first ? createdMs : pause === 'ttft' ? ttftMs - createdMs : pause === 'gap' ? deltaGapMs : 0;
    if (base <= 0 && pause === 'none' && !first) return 0;
    const noise = jitterMs > 0 ? (this.opts.rng.next() * 2 - 1) * jitterMs : 0;
    return Math.max(0, (base + noise) * factor);
  }

  /** `type` first, the other top-level keys in alphabetical order, as the real server sends them. */
  private finalize(frame: Record<string, unknown> & { type: string }): Record<string, unknown> {
    const { type, ...rest } = frame;
    const all: Record<string, unknown> = { ...rest, sequence_number: this.seq++ };
    if (this.opts.streamId !== undefined) all.stream_id = this.opts.streamId;
    const sorted = Object.keys(all).sort();
    return { type, ...Object.fromEntries(sorted.map((k) => [k, all[k]])) };
  }
}
