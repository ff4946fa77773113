import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebSocketServer } from 'ws';
import { FEED_BACKLOG_PATH, FEED_PATH, type FeedControl, type FeedHello } from '../../src/core/feed.ts';
import { DashboardFeed } from '../broadcast/dashboardFeed.ts';
import type { Route } from '../loopbackServer.ts';
import { UI_DIR } from '../paths.ts';
import type { CaptureSource } from '../tee/captureLog.ts';
import { replyAndClose } from '../transport/httpReply.ts';
import { serveFeedBacklog } from './feedBacklog.ts';
import { createDashboardHandler } from './httpHandler.ts';
import { allowedOrigins, LaunchCodes, requestAuthorised } from './security.ts';

export interface DashboardRouteOptions {
  port: number;
  /** The listen address (--host): a remote one adds its names to the Origin allow-list. */
  host?: string;
  token: string;
  source: CaptureSource;
  hello(): Omit<FeedHello, 'backlogBytes'>;
  /** Messages a newly attached browser gets after the hello. */
  status?(): FeedControl[];
  /** Extra facts for GET /api/info. */
  info?(): Record<string, unknown>;
  api?(req: IncomingMessage, res: ServerResponse, url: URL): boolean | Promise<boolean>;
}

/** The dashboard's pages, API and feed socket, all behind the per-launch token. */
export function dashboardRoute(opts: DashboardRouteOptions): Route & { feed: DashboardFeed; launchCode(): string } {
  const codes = new LaunchCodes();
  const origins = allowedOrigins(opts.port, opts.host);
  const feed = new DashboardFeed(opts.source, opts.hello, opts.status);
  const feedWss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024, clientTracking: false });
  const handler = createDashboardHandler({
    port: opts.port,
    host: opts.host,
    token: opts.token,
    codes,
    uiDir: UI_DIR,
    info: () => ({ ...opts.hello(), backlogBytes: opts.source.length, ...opts.info?.() }),
    api: (req, res, url) => (url.pathname === FEED_BACKLOG_PATH ? serveFeedBacklog(opts.source, res, url) : (opts.api?.(req, res, url) ?? false)),
  });
  return {
    feed,
    /** A one-time code for the URL handed to the browser opener (its argv is public: `ps`). */
    launchCode: () => codes.issue(),
    upgrade(req, socket, head, url) {
      if (url.pathname !== FEED_PATH) return false;
      const origin = req.headers.origin;
      if (typeof origin !== 'string' || !origins.has(origin)) replyAndClose(socket, 403, 'responses-inspector: origin not allowed\n');
      else if (!requestAuthorised(req, opts.token, opts.port)) replyAndClose(socket, 401, 'responses-inspector: unauthorised\n');
      else feedWss.handleUpgrade(req, socket, head, (ws) => feed.attach(ws, url.searchParams.get('backlog') === 'http'));
      return true;
    },
    request(req, res, url) {
      handler(req, res, url).catch((err: Error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`responses-inspector: ${err.message}\n`);
      });
      return true;
    },
  };
}
