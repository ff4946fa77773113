import type OpenAI from 'openai';
import type { Response, ResponsesClientEvent, ResponsesServerEvent } from 'openai/resources/responses/responses';
import { ResponsesWS } from 'openai/resources/responses/ws';

/**
 * One WebSocket connection of the demo agent, through the real openai SDK `ResponsesWS` client.
 * `create` sends a response.create and resolves with the completed Response; turns are matched to
 * answers per lane (stream_id), first-in first-out, as the protocol runs them.
 */
export type CreateBody = Omit<ResponsesClientEvent.ResponseCreate, 'type'>;

/** An `error` frame from the API for one turn (e.g. previous_response_not_found). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly frame: unknown,
  ) {
    super(message);
  }
}

/** The connection ended before the turn's answer came. */
export class ConnectionClosed extends Error {
  constructor(
    readonly code: number,
    message = `connection closed (${code})`,
  ) {
    super(message);
  }
}

/** The SDK lost the socket and is opening a new one by itself: the turn's answer is lost with it. */
export class Reconnecting extends Error {
  constructor(readonly code: number) {
    super(`connection lost (${code}); the SDK is reconnecting`);
  }
}

/** A turn got no server event for this long: the stream stalled, so the agent gives the socket up. */
export const STALL_TIMEOUT_MS = 5000;

interface Pending {
  resolve(response: Response): void;
  reject(error: Error): void;
}

const TERMINAL = new Set(['response.completed', 'response.failed', 'response.incomplete']);

export class AgentConnection {
  private readonly ws: ResponsesWS;
  private readonly pending = new Map<string, Pending[]>();
  private ended: ConnectionClosed | undefined;
  private pendingSteer: string | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  readonly closed: Promise<number>;

  constructor(
    client: OpenAI,
    private readonly stallTimeoutMs = STALL_TIMEOUT_MS,
  ) {
    // Reconnect options make the SDK retry recoverable closes (1006, 1011, …) by itself; the
    // connection limit closes with 1000, which it does not retry, so the agent reconnects itself.
    // The turns in flight are lost with the old socket: they fail, and the agent resends them.
    this.ws = new ResponsesWS(client, {
      reconnect: {
        onReconnecting: (event) => {
          this.failPending(new Reconnecting(event.closeCode));
          return undefined;
        },
        maxRetries: 2,
        initialDelay: 200,
      },
    });
    this.ws.on('event', (event) => {
      this.watchStall();
      this.onEvent(event);
    });
    // Error frames also arrive as 'event'; this listener takes socket errors (and keeps the SDK
    // from turning them into unhandled rejections).
    this.ws.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code) => {
        this.ended = new ConnectionClosed(code);
        this.failPending(this.ended);
        resolve(code);
      }),
    );
  }

  private failPending(error: Error): void {
    for (const queue of this.pending.values()) for (const p of queue.splice(0)) p.reject(error);
    this.watchStall();
  }

  /** Restarts the stall timer while turns wait; a stall fails them and gives the socket up. */
  private watchStall(): void {
    clearTimeout(this.stallTimer);
    if (![...this.pending.values()].some((q) => q.length > 0)) return;
    this.stallTimer = setTimeout(() => {
      this.failPending(new ConnectionClosed(0, `no server event for ${this.stallTimeoutMs} ms: the stream stalled`));
      this.close('the stream stalled');
    }, this.stallTimeoutMs);
    this.stallTimer.unref();
  }

  get isClosed(): boolean {
    return this.ended !== undefined;
  }

  create(body: CreateBody): Promise<Response> {
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const lane = body.stream_id ?? '';
      const queue = this.pending.get(lane) ?? [];
      this.pending.set(lane, queue);
      queue.push({ resolve, reject });
      this.ws.send({ type: 'response.create', ...body });
      this.watchStall();
    });
  }

  /** Sends a response.steer (user input for a response that is still streaming). */
  private steer(previousResponseId: string, text: string): void {
    this.ws.send({ type: 'response.steer', previous_response_id: previousResponseId, input: [{ type: 'message', role: 'user', content: text }] });
  }

  /** Steers the next response this connection starts, as soon as it is created. */
  steerNext(text: string): void {
    this.pendingSteer = text;
  }

  /** `reason` goes in the close frame, so the capture says why the agent closed this socket. */
  close(reason: string): void {
    clearTimeout(this.stallTimer);
    if (!this.ended) this.ws.close({ code: 1000, reason });
  }

  private onEvent(event: ResponsesServerEvent): void {
    const lane = ('stream_id' in event && typeof event.stream_id === 'string' ? event.stream_id : '') as string;
    if (event.type === 'error') {
      const error = (event as { error?: { code?: string | null; message?: string } }).error;
      const target = this.pending.get(lane)?.length ? lane : [...this.pending.keys()].find((k) => this.pending.get(k)!.length > 0);
      const p = target === undefined ? undefined : this.pending.get(target)!.shift();
      p?.reject(new ApiError(error?.code ?? 'unknown', error?.message ?? 'error frame', event));
      return;
    }
    if (event.type === 'response.created' && this.pendingSteer !== undefined) {
      this.steer(event.response.id, this.pendingSteer);
      this.pendingSteer = undefined;
    }
    if (!TERMINAL.has(event.type)) return;
    this.pending
      .get(lane)
      ?.shift()
      ?.resolve((event as { response: Response }).response);
  }
}
