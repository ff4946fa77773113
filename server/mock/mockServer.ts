import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { requestUrl } from '../loopbackServer.ts';
import { StoredResponses } from './cache.ts';
import { missingKeyBody, wrongKeyBody } from './errors.ts';
import { parseFault } from './faults.ts';
import { handleMockHttp } from './httpResponses.ts';
import { DEFAULT_MAX_AGE_MS, DEFAULT_TIMING, DEFAULT_TOOL_CALLS, type MockOptions } from './options.ts';
import { Random } from './random.ts';
import { MockSession, type SessionContext } from './session.ts';

export interface RunningMock {
  /** ws://127.0.0.1:P/v1/responses */
  url: string;
  port: number;
  /** Closes every connection (1001) and stops listening. */
  close(): Promise<void>;
}

/** `{ ttftMs: undefined }` must not override a default. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const PATHS = new Set(['/v1/responses', '/responses']);

function replyJson(socket: Duplex, status: number, body: string): void {
  const text = http.STATUS_CODES[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function invalidUrlBody(req: IncomingMessage): string {
  const message = `Invalid URL (${req.method} ${req.url}): the mock serves only the WebSocket endpoint /v1/responses.`;
  return JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: null } });
}

/**
 * Starts the mock Responses WebSocket endpoint on 127.0.0.1 (see server/mock/README.md). An upgrade
 * without `Authorization: Bearer …` is refused with HTTP 401 and the API's JSON error body, as the
 * real endpoint does. Throws for an invalid `fault` option or a port that cannot be used.
 */
export async function startMockServer(options: MockOptions = {}): Promise<RunningMock> {
  const ctx: SessionContext = {
    timing: { ...DEFAULT_TIMING, ...definedOnly(options.timing ?? {}) },
    maxAgeMs: options.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
    toolCalls: options.toolCalls ?? DEFAULT_TOOL_CALLS,
    fault: options.fault === undefined ? undefined : parseFault(options.fault),
    faultEvery: options.faultEvery ?? 1,
    rng: new Random(options.seed),
    stored: new StoredResponses(),
  };
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });
  const server = http.createServer((req, res) => {
    // The HTTP side (httpResponses.ts): POST /v1/responses as SSE or JSON, same scripts.
    const path = requestUrl(req)?.pathname ?? '';
    if (req.method === 'POST' && PATHS.has(path)) return handleMockHttp(ctx, { apiKey: options.apiKey }, req, res);
    res.writeHead(404, { 'content-type': 'application/json' }).end(invalidUrlBody(req));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = requestUrl(req)?.pathname ?? '';
    if (!PATHS.has(path)) return replyJson(socket, 404, invalidUrlBody(req));
    const key = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (key === undefined) return replyJson(socket, 401, missingKeyBody());
    if (options.apiKey !== undefined && key !== options.apiKey) return replyJson(socket, 401, wrongKeyBody(key));
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      new MockSession(ws, ctx);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `ws://127.0.0.1:${port}/v1/responses`,
    port,
    async close() {
      for (const ws of sockets) ws.close(1001, 'mock shutting down');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Sockets that do not finish the closing handshake in time are cut.
      const timer = setTimeout(() => {
        for (const ws of sockets) ws.terminate();
        server.closeAllConnections();
      }, 500);
      await closed;
      clearTimeout(timer);
    },
  };
}
