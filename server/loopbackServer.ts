import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { allowedHosts, hostAllowed } from './dashboard/security.ts';
import { replyAndClose } from './transport/httpReply.ts';

/** One part of the inspector's HTTP surface; returns true when it handled the request. */
export interface Route {
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): boolean;
  request?(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
}

export interface LoopbackServer {
  server: http.Server;
  port: number;
  /** The listen address as it goes in a URL: 127.0.0.1, [::1], or the --host given. */
  urlHost: string;
  /** Adds routes; they are tried in order after the Host check. */
  use(route: Route): void;
  /** Stops listening (IPv4 and IPv6) and drops every open connection. */
  closeAll(): void;
}

/**
 * An HTTP server on the literal loopback addresses 127.0.0.1 and ::1 (never all interfaces), whose every request and upgrade must name a loopback Host for this
 * port: anything else is DNS rebinding and gets 403 before any route sees it.
 */
export async function startLoopbackServer(port: number, host = '127.0.0.1'): Promise<LoopbackServer> {
  const server = createServer();
  await listen(server, port, host);
  const bound = (server.address() as AddressInfo).port;
  const hosts = allowedHosts(bound, host);
  const servers = [server];
  // Also on ::1 where the machine has it, so `localhost` works whichever family it resolves to.
  if (host === '127.0.0.1') {
    const v6 = createServer();
    if (
      await listen(v6, bound, '::1').then(
        () => true,
        () => false,
      )
    )
      servers.push(v6);
  }
  const routes: Route[] = [];
  // Upgraded sockets (agents, dashboards) are no longer the HTTP server's: closeAllConnections
  // does not reach them, so they are tracked here to be cut at shutdown.
  const upgraded = new Set<Duplex>();
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    if (!hostAllowed(req, hosts)) return replyAndClose(socket, 403, 'responses-inspector: Host not allowed\n');
    const url = requestUrl(req);
    if (!url) return replyAndClose(socket, 400, BAD_TARGET);
    for (const r of routes) if (r.upgrade?.(req, socket, head, url)) return;
    replyAndClose(socket, 404, `responses-inspector: no WebSocket endpoint at ${url.pathname}; agents connect to /v1/responses\n`);
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(req, hosts)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('responses-inspector: Host not allowed\n');
    }
    const url = requestUrl(req);
    if (!url) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end(BAD_TARGET);
    }
    for (const r of routes) if (r.request?.(req, res, url)) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
  };
  for (const srv of servers) {
    srv.on('upgrade', onUpgrade);
    srv.on('request', onRequest);
  }
  return {
    server,
    port: bound,
    urlHost: urlHost(host),
    use: (route) => routes.push(route),
    closeAll() {
      for (const srv of servers) {
        srv.close();
        srv.closeAllConnections();
      }
      // The WebSocket close frames (1001) already sent get a moment for their handshake; a peer
      // that does not answer (a stalled agent, a dashboard in a throttled background tab) would
      // otherwise keep the process alive after Ctrl-C until the CLI's last-resort exit.
      if (upgraded.size > 0) {
        setTimeout(() => {
          for (const socket of upgraded) socket.destroy();
        }, UPGRADED_GRACE_MS).unref(); // unref: sockets that closed in time do not wait for it
      }
    },
  };
}

const BAD_TARGET = 'responses-inspector: malformed request target\n';

/** The request's path and query; null for a target the HTTP parser lets through but URL cannot parse (`//[`). */
export function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://relay');
  } catch {
    return null;
  }
}

/** How long an upgraded socket may take to finish its closing handshake at shutdown. */
export const UPGRADED_GRACE_MS = 250;

export const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The address a server listens on, as printed in its URLs: an IPv6 address goes in brackets, and
 * `localhost` (which may resolve to either family) is shown as the 127.0.0.1 it listens on. A
 * server on ::1 alone must not print 127.0.0.1: nothing answers there.
 */
export function urlHost(host = '127.0.0.1'): string {
  if (host === 'localhost') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
/** A request (or upgrade) whose headers have not all arrived by then is answered 408 and closed. */
export const HEADERS_TIMEOUT_MS = 5_000;

/**
 * Garbage that is not HTTP, or an upgrade that stalls half-way, gets a 400 or a timeout and a closed
 * socket; none of it reaches a route or keeps memory.
 */
function createServer(): http.Server {
  const server = http.createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: 30_000, connectionsCheckingInterval: 1000 });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nresponses-inspector: malformed request\n`);
  });
  return server;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
}
