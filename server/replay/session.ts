import type WebSocket from 'ws';
import { findDivergence, type MatchMode } from './divergence.ts';
import type { ReplayConnection, ReplayFrame, ReplayTurn } from './script.ts';
import { playedGap, type TimingMode } from './timing.ts';

export interface SessionOptions {
  timing: TimingMode;
  speed: number;
  /** 1-based number of this agent connection, for messages. */
  index: number;
  /** Recorded connections in total, for the "more connections than recorded" message. */
  recorded: number;
  /** What of a request must equal the recording (divergence.ts); default content. */
  match?: MatchMode;
  /** Told of each divergence answered, so the person running the replay sees it too. */
  onDivergence?(message: string): void;
}

/**
 * One agent connection answered from one recorded connection. Each `response.create` is matched to
 * the next recorded request on its lane (stream_id); when it matches, the recorded server frames
 * are played with the recorded gaps (scaled by the timing mode), each lane in order and lanes side
 * by side, as the API does. When it does not, or when there is no recorded request left, the agent
 * gets one `error` frame (the Responses WebSocket error shape, code `replay_divergence`, `param`
 * naming the field) and the recording does not advance, so a corrected request still matches.
 * After the last recorded turn, a close the API made is replayed with its code and reason.
 */
export class ReplaySession {
  readonly #ws: WebSocket;
  readonly #rec: ReplayConnection | undefined;
  readonly #opts: SessionOptions;
  readonly #cursor = new Map<string | null, number>();
  /** When each lane's previous playback ends: a lane's turns never overlap. */
  readonly #laneDone = new Map<string | null, Promise<void>>();
  #played = 0;
  #closed = false;
  #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(ws: WebSocket, rec: ReplayConnection | undefined, opts: SessionOptions) {
    this.#ws = ws;
    this.#rec = rec;
    this.#opts = opts;
    ws.on('message', (data: Buffer, binary) => this.#onMessage(data, binary));
    ws.on('close', () => this.#stop());
    ws.on('error', () => this.#stop());
    if (rec?.preamble.length) void this.#play(rec.preamble, rec.openT);
    if (rec && rec.turns === 0) void this.#maybeClose(rec.openT);
  }

  #onMessage(data: Buffer, binary: boolean): void {
    if (binary) return;
    let req: Record<string, unknown>;
    try {
      const v: unknown = JSON.parse(data.toString('utf8'));
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return;
      req = v as Record<string, unknown>;
    } catch {
      return;
    }
    if (req.type !== 'response.create') return; // steer and unknown events are not part of the match
    const lane = typeof req.stream_id === 'string' && req.stream_id !== '' ? req.stream_id : null;
    const laneName = lane === null ? '' : ` on stream_id ${JSON.stringify(lane)}`;
    const where = `connection ${this.#opts.index}`;
    if (!this.#rec) {
      return this.#error(
        lane,
        undefined,
        `replay divergence: the agent opened ${where} but the recording has only ${this.#opts.recorded} connection${this.#opts.recorded === 1 ? '' : 's'}`,
      );
    }
    const turns = this.#rec.lanes.get(lane) ?? [];
    const k = this.#cursor.get(lane) ?? 0;
    const recorded = turns[k];
    if (!recorded) {
      return this.#error(lane, undefined, `replay divergence: request ${k + 1}${laneName} on ${where} is one more than the recording has (${turns.length})`);
    }
    const diff = findDivergence(recorded.request, req, this.#opts.match);
    if (diff) return this.#error(lane, diff.param, `replay divergence: request ${k + 1}${laneName} on ${where}: ${diff.message}`);
    this.#cursor.set(lane, k + 1);
    const prev = this.#laneDone.get(lane) ?? Promise.resolve();
    const done = prev.then(() => this.#playTurn(recorded));
    this.#laneDone.set(lane, done);
  }

  async #playTurn(turn: ReplayTurn): Promise<void> {
    await this.#play(turn.frames, turn.sendT);
    this.#played++;
    const last = turn.frames.length ? turn.frames[turn.frames.length - 1].t : turn.sendT;
    await this.#maybeClose(last);
  }

  /** Sends frames with their recorded gaps, measured from `fromT`, against a fixed start so timer lateness never accumulates. */
  async #play(frames: ReplayFrame[], fromT: number): Promise<void> {
    const start = performance.now();
    let due = 0;
    let prevT = fromT;
    for (const f of frames) {
      due += playedGap(f.t - prevT, this.#opts.timing, this.#opts.speed);
      prevT = f.t;
      const wait = due - (performance.now() - start);
      if (wait >= 1) await this.#sleep(wait);
      if (this.#closed) return;
      this.#ws.send(f.binary ? Buffer.from(f.data, 'base64') : f.data, { binary: f.binary });
    }
  }

  /** After the last recorded turn, a close that the API (or relay) made is replayed. */
  async #maybeClose(lastT: number): Promise<void> {
    const rec = this.#rec!;
    const close = rec.close;
    if (this.#played < rec.turns || !close || close.side === 'client' || this.#closed) return;
    const wait = playedGap(close.t - lastT, this.#opts.timing, this.#opts.speed);
    if (wait >= 1) await this.#sleep(wait);
    if (this.#closed) return;
    if (close.code === 1006 || close.code === 1005 || close.code === 1015) {
      // Not sendable in a close frame: 1005 is a close without a code, 1006/1015 an abrupt end.
      if (close.code === 1005) this.#ws.close();
      else this.#ws.terminate();
    } else this.#ws.close(close.code, close.reason);
  }

  #error(lane: string | null, param: string | undefined, message: string): void {
    const frame = {
      type: 'error',
      status: 400,
      ...(lane !== null ? { stream_id: lane } : {}),
      error: { type: 'invalid_request_error', code: 'replay_divergence', message, param: param ?? null },
    };
    this.#ws.send(JSON.stringify(frame));
    this.#opts.onDivergence?.(message);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  #stop(): void {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
