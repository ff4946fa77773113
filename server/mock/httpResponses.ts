import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { missingKeyBody, previousResponseNotFound, wrongKeyBody } from './errors.ts';
import { Playback } from './player.ts';
import type { CreateRequest } from './request.ts';
import { planResponse } from './script.ts';
import type { SessionContext } from './session.ts';

export interface MockHttpOptions {
  /** Only this bearer token is accepted (otherwise any non-empty one is). */
  apiKey?: string;
  /** false: every response says `Connection: close`, so each request needs a new connection. */
  keepAlive?: boolean;
}

/** A request body larger than this is refused with 413 (the mock keeps bodies in memory). */
const MAX_BODY = 32 * 1024 * 1024;

/**
 * The mock's HTTP side: `POST /v1/responses` answered with the same event sequence as
 * the WebSocket endpoint, with the same timing (the same script and Playback), as SSE
 * (`event: TYPE\ndata: JSON\n\n`) when `stream: true`, else as the final response object in JSON
 * once the whole response has been "generated". There is no connection-local cache over HTTP:
 * `previous_response_id` finds only responses stored with `store` not false, as with the real API.
 */
export function handleMockHttp(ctx: SessionContext, opts: MockHttpOptions, req: IncomingMessage, res: ServerResponse): void {
  if (opts.keepAlive === false) res.shouldKeepAlive = false;
  const key = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  req.on('end', () => {
    if (key === undefined) return json(res, 401, missingKeyBody());
    if (opts.apiKey !== undefined && key !== opts.apiKey) return json(res, 401, wrongKeyBody(key));
    if (size > MAX_BODY) return json(res, 413, errorBody('request body too large for the mock', 'invalid_value'));
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return json(res, 400, errorBody('We could not parse the JSON body of your request.', 'invalid_json'));
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return json(res, 400, errorBody('The body must be a JSON object.', 'invalid_json'));
    void respond(ctx, body as CreateRequest, res);
  });
}

async function respond(ctx: SessionContext, req: CreateRequest, res: ServerResponse): Promise<void> {
  const prevId = typeof req.previous_response_id === 'string' ? req.previous_response_id : null;
  const prev = prevId === null ? undefined : ctx.stored.get(prevId);
  if (prevId !== null && prev === undefined) {
    const { error } = previousResponseNotFound(prevId);
    return json(res, 400, JSON.stringify({ error }));
  }
  const { shell, script, chain } = planResponse(req, prevId, prev, ctx);

  const stream = req.stream === true;
  if (stream) res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': requestId() });
  let final: string | undefined;
  const sink = new HttpSink(res, (text) => {
    const type = /^\{"type":"([^"]+)"/.exec(text)?.[1] ?? 'message';
    if (stream) res.write(`event: ${type}\ndata: ${text}\n\n`);
    else if (type === 'response.completed') final = text;
  });
  const playback = new Playback(sink as unknown as WebSocket, script, { timing: ctx.timing, rng: ctx.rng });
  res.once('close', () => playback.stop());
  const completed = await playback.run();
  if (completed && req.store !== false) ctx.stored.set(shell.id, chain);
  if (stream) return void res.end();
  if (!completed || final === undefined) return void res.destroy();
  // The non-streamed body is the response object itself, not the event that carried it.
  json(res, 200, JSON.stringify((JSON.parse(final) as { response: unknown }).response), { 'x-request-id': requestId() });
}

/**
 * What Playback needs of a WebSocket, over an HTTP response: `send` becomes one SSE event (or is
 * kept for the final JSON), a dropped socket is a destroyed response, a close ends the stream.
 */
class HttpSink {
  readonly OPEN = 1;
  constructor(
    private readonly res: ServerResponse,
    readonly send: (text: string) => void,
  ) {}

  get readyState(): number {
    return this.res.destroyed || this.res.writableEnded ? 3 : 1;
  }

  terminate(): void {
    this.res.destroy();
  }

  close(): void {
    this.res.end();
  }
}

function json(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function errorBody(message: string, code: string): string {
  return JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code } });
}

let requests = 0;
function requestId(): string {
  return `req_mock_${(++requests).toString(36)}`;
}
