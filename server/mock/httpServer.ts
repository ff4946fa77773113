import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoredResponses } from './cache.ts';
import { handleMockHttp } from './httpResponses.ts';
import { DEFAULT_MAX_AGE_MS, DEFAULT_TIMING, DEFAULT_TOOL_CALLS, type MockOptions } from './options.ts';
import { Random } from './random.ts';
import type { SessionContext } from './session.ts';

const TLS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata', 'tls');

/**
 * A self-signed certificate for 127.0.0.1, for this loopback mock only (never trusted by anything
 * but a relay or test that is handed it as `ca`). Its key is public: it protects nothing.
 */
export const MOCK_TLS = {
  get cert(): string {
    return fs.readFileSync(path.join(TLS_DIR, 'cert.pem'), 'utf8');
  },
  get key(): string {
    return fs.readFileSync(path.join(TLS_DIR, 'key.pem'), 'utf8');
  },
};

export interface MockHttpServerOptions extends Pick<MockOptions, 'port' | 'timing' | 'toolCalls' | 'apiKey' | 'seed'> {
  /**
   * Connection setup cost, ms: each new TCP connection waits this long before the server reads it,
   * emulating the round trips of a TCP + TLS handshake to a distant API. With `tls`, a client sees
   * it where it sees a real one, in the time to `secureConnect`; over plain HTTP it is hidden in
   * the time to the first response.
   */
  setupMs?: number;
  /** false: `Connection: close` on every response, so each request pays the setup again. Default true. */
  keepAlive?: boolean;
  /** Serve https with the mock certificate (MOCK_TLS). */
  tls?: boolean;
}

export interface RunningMockHttp {
  /** http(s)://127.0.0.1:P/v1/responses */
  url: string;
  port: number;
  /** New TCP connections accepted so far (each paid `setupMs`). */
  readonly connections: number;
  close(): Promise<void>;
}

/** The mock's HTTP side on a port of its own, with a configurable connection setup cost (issue 8). */
export async function startMockHttpServer(options: MockHttpServerOptions = {}): Promise<RunningMockHttp> {
  const ctx: SessionContext = {
    // Unset fields (a CLI flag not given) keep their defaults.
    timing: { ...DEFAULT_TIMING, ...Object.fromEntries(Object.entries(options.timing ?? {}).filter(([, v]) => v !== undefined)) },
    maxAgeMs: DEFAULT_MAX_AGE_MS,
    toolCalls: options.toolCalls ?? DEFAULT_TOOL_CALLS,
    faultEvery: 1,
    rng: new Random(options.seed),
    stored: new StoredResponses(),
  };
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const pathname = new URL(req.url ?? '/', 'http://mock').pathname;
    if (req.method === 'POST' && (pathname === '/v1/responses' || pathname === '/responses')) {
      return handleMockHttp(ctx, { apiKey: options.apiKey, keepAlive: options.keepAlive }, req, res);
    }
    const body = JSON.stringify({ error: { message: `Invalid URL (${req.method} ${req.url})`, type: 'invalid_request_error', param: null, code: null } });
    res.writeHead(404, { 'content-type': 'application/json' }).end(body);
  };
  const server = options.tls ? https.createServer({ cert: MOCK_TLS.cert, key: MOCK_TLS.key }, onRequest) : http.createServer(onRequest);
  server.keepAliveTimeout = 30_000;

  // The listening socket is a plain TCP server: it holds each new connection, unread, for
  // setupMs, then hands it to the HTTP(S) server, which never listens itself.
  const sockets = new Set<Socket>();
  let connections = 0;
  const timers = new Set<NodeJS.Timeout>();
  const front = net.createServer({ pauseOnConnect: true }, (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const handOver = () => {
      if (socket.destroyed) return;
      server.emit('connection', socket);
      socket.resume();
    };
    const setupMs = options.setupMs ?? 0;
    if (setupMs <= 0) return handOver();
    const timer = setTimeout(() => {
      timers.delete(timer);
      handOver();
    }, setupMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(options.port ?? 0, '127.0.0.1', () => {
      front.off('error', reject);
      resolve();
    });
  });
  const port = (front.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/v1/responses`,
    port,
    get connections() {
      return connections;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      const closed = new Promise<void>((resolve) => front.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}
