import type { WebSocket } from 'ws';
import type { CachedResponse, ChainState, StoredResponses } from './cache.ts';
import * as errors from './errors.ts';
import { faultFor, type Fault } from './faults.ts';
import { LaneScheduler } from './lanes.ts';
import { MAX_IN_FLIGHT, MAX_STREAM_IDS, type MockTiming } from './options.ts';
import { Playback } from './player.ts';
import type { Random } from './random.ts';
import { metadataValue, type CreateRequest } from './request.ts';
import { planResponse } from './script.ts';
import { steerReply } from './steer.ts';

/** Server-wide settings and state every connection shares. */
export interface SessionContext {
  timing: MockTiming;
  maxAgeMs: number;
  toolCalls: number;
  fault?: Fault;
  faultEvery: number;
  rng: Random;
  stored: StoredResponses;
}

const STREAM_ID = /^[A-Za-z0-9_.-]{1,256}$/;

/**
 * One WebSocket connection to the mock: dispatches client events, keeps the connection-local
 * cache (the latest response of each lane), runs lanes through a LaneScheduler and enforces the
 * connection's age limit and stream_id limits with the documented error frames.
 */
export class MockSession {
  private readonly openedAt = Date.now();
  private readonly scheduler = new LaneScheduler(MAX_IN_FLIGHT);
  private readonly namedLanes = new Set<string>();
  private readonly latest = new Map<string, CachedResponse>();
  private readonly active = new Map<string, { playback: Playback; streamId?: string }>();
  private responses = 0;
  private closing = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: SessionContext,
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(String(data), isBinary));
    ws.on('close', () => this.shutdown());
    ws.on('error', () => this.shutdown());
  }

  private send(frame: unknown): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private shutdown(): void {
    this.closing = true;
    this.scheduler.stop();
    for (const { playback } of this.active.values()) playback.stop();
  }

  private onMessage(text: string, isBinary: boolean): void {
    if (this.closing) return;
    let event: unknown;
    try {
      event = isBinary ? undefined : JSON.parse(text);
    } catch {
      event = undefined;
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return this.send(errors.invalidJson());
    const type = (event as { type?: unknown }).type;
    if (type === 'response.create') return this.onCreate(event as CreateRequest);
    if (type === 'response.steer') return this.onSteer(event as Record<string, unknown>);
    this.send(errors.unknownEventType(type));
  }

  private onCreate(req: CreateRequest): void {
    const rawLane = req.stream_id;
    const streamId = typeof rawLane === 'string' && STREAM_ID.test(rawLane) ? rawLane : undefined;
    // The limit is checked when a request arrives, as third-party clients observe (protocol.md §6);
    // then the socket closes with 1000, which the SDKs do not auto-reconnect on.
    if (Date.now() - this.openedAt >= this.ctx.maxAgeMs) {
      this.send(errors.connectionLimitReached(streamId));
      this.shutdown();
      this.ws.close(1000);
      return;
    }
    if (rawLane !== undefined && rawLane !== null && streamId === undefined) return this.send(errors.invalidStreamId());
    if (streamId !== undefined && !this.namedLanes.has(streamId)) {
      if (this.namedLanes.size >= MAX_STREAM_IDS) return this.send(errors.streamLimitReached(streamId, MAX_STREAM_IDS));
      this.namedLanes.add(streamId);
    }
    let fault: Fault | undefined;
    try {
      fault = faultFor(metadataValue(req, 'mock_fault'), this.ctx.fault, this.ctx.faultEvery, ++this.responses);
    } catch (err) {
      return this.send(mockFaultError((err as Error).message, streamId));
    }
    this.scheduler.enqueue(streamId ?? '', () => this.respond(req, streamId, fault));
  }

  /** Finds a response a request may continue from: this connection's lanes, then stored ones. */
  private lookup(id: string): ChainState | undefined {
    for (const cached of this.latest.values()) if (cached.id === id) return cached.chain;
    return this.ctx.stored.get(id);
  }

  private async respond(req: CreateRequest, streamId: string | undefined, fault: Fault | undefined): Promise<void> {
    const lane = streamId ?? '';
    const prevId = typeof req.previous_response_id === 'string' ? req.previous_response_id : null;
    const prev = prevId === null ? undefined : this.lookup(prevId);
    if (prevId !== null && prev === undefined) return this.send(errors.previousResponseNotFound(prevId, streamId));

    const { shell, script, chain } = planResponse(req, prevId, prev, this.ctx);

    const playback = new Playback(this.ws, script, { streamId, timing: this.ctx.timing, rng: this.ctx.rng, fault });
    this.active.set(shell.id, { playback, streamId });
    const completed = await playback.run();
    this.active.delete(shell.id);
    if (!completed) {
      // A failed turn evicts the response it continued from (protocol.md §5.3).
      if (prevId !== null && this.latest.get(lane)?.id === prevId) this.latest.delete(lane);
      return;
    }
    this.latest.set(lane, { id: shell.id, chain });
    if (req.store !== false) this.ctx.stored.set(shell.id, chain);
  }

  private onSteer(event: Record<string, unknown>): void {
    const target = typeof event.previous_response_id === 'string' ? event.previous_response_id : '';
    const active = this.active.get(target);
    const known = [...this.latest.values()].some((c) => c.id === target);
    const reply = steerReply(event, { active: active !== undefined, known });
    if (active) return active.playback.inject(reply);
    this.send({ ...reply, sequence_number: 0 });
  }
}

function mockFaultError(message: string, streamId: string | undefined): errors.ErrorFrame {
  return {
    type: 'error',
    status: 400,
    ...(streamId === undefined ? {} : { stream_id: streamId }),
    error: { type: 'invalid_request_error', code: 'invalid_value', message: `metadata.mock_fault: ${message}`, param: 'metadata.mock_fault' },
  };
}
