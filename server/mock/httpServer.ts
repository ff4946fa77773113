import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import { requestUrl } from '../loopbackServer.ts';
import { StoredResponses } from './cache.ts';
import { handleMockHttp } from './httpResponses.ts';
import { DEFAULT_MAX_AGE_MS, DEFAULT_TIMING, DEFAULT_TOOL_CALLS, type MockOptions } from './options.ts';
import { Random } from './random.ts';
import type { SessionContext } from './session.ts';

let tls: Promise<{ cert: string; key: string }> | undefined;

/**
 * A throwaway self-signed certificate for 127.0.0.1, made once per process when a TLS mock first
 * starts: no private key is stored anywhere, and nothing but a relay or test handed the certificate
 * as `ca` trusts it.
 */
function mockTls(): Promise<{ cert: string; key: string }> {
  tls ??= import('selfsigned').then(async ({ generate }) => {
    const day = 24 * 60 * 60 * 1000;
    const pems = await generate([{ name: 'commonName', value: 'responses-inspector loopback mock' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate: new Date(Date.now() - day),
      notAfterDate: new Date(Date.now() + 30 * day),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 2, value: 'localhost' },
          ],
        },
      ],
    });
    return { cert: pems.cert, key: pems.private };
  });
  return tls;
}

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
  /** Serve https with a throwaway self-signed certificate (RunningMockHttp.ca). */
  tls?: boolean;
}

export interface RunningMockHttp {
  /** http(s)://127.0.0.1:P/v1/responses */
  url: string;
  port: number;
  /** With `tls`: the certificate (PEM) a client must trust (as `ca`) to reach it. */
  ca?: string;
  /** New TCP connections accepted so far (each paid `setupMs`). */
  readonly connections: number;
  close(): Promise<void>;
}

/** The mock's HTTP side on a port of its own, with a configurable connection setup cost. */
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
    const pathname = requestUrl(req)?.pathname ?? '';
    if (req.method === 'POST' && (pathname === '/v1/responses' || pathname === '/responses')) {
      return handleMockHttp(ctx, { apiKey: options.apiKey, keepAlive: options.keepAlive }, req, res);
    }
    const body = JSON.stringify({ error: { message: `Invalid URL (${req.method} ${req.url})`, type: 'invalid_request_error', param: null, code: null } });
    res.writeHead(404, { 'content-type': 'application/json' }).end(body);
  };
  const pems = options.tls ? await mockTls() : undefined;
  const server = pems ? https.createServer({ cert: pems.cert, key: pems.key }, onRequest) : http.createServer(onRequest);
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
    url: `${pems ? 'https' : 'http'}://127.0.0.1:${port}/v1/responses`,
    ca: pems?.cert,
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
