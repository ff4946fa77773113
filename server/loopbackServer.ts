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
  /** Adds routes; they are tried in order after the Host check. */
  use(route: Route): void;
}

/**
 * An HTTP server on the literal loopback address (never all interfaces, and not `localhost`, which
 * may resolve to ::1 only), whose every request and upgrade must name a loopback Host for this
 * port: anything else is DNS rebinding and gets 403 before any route sees it.
 */
export async function startLoopbackServer(port: number): Promise<LoopbackServer> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const hosts = allowedHosts(bound);
  const routes: Route[] = [];
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!hostAllowed(req, hosts)) return replyAndClose(socket, 403, 'responses-inspector: Host not allowed\n');
    const url = new URL(req.url ?? '/', 'http://relay');
    for (const r of routes) if (r.upgrade?.(req, socket, head, url)) return;
    replyAndClose(socket, 404, `responses-inspector: no WebSocket endpoint at ${url.pathname}; agents connect to /v1/responses\n`);
  });
  server.on('request', (req, res) => {
    if (!hostAllowed(req, hosts)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('responses-inspector: Host not allowed\n');
    }
    const url = new URL(req.url ?? '/', 'http://relay');
    for (const r of routes) if (r.request?.(req, res, url)) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
  });
  return { server, port: bound, use: (route) => routes.push(route) };
}
