import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { CAPTURE_FORMAT, CAPTURE_VERSION } from '../src/core/capture.ts';
import { FEED_PROTOCOL, type FeedHello } from '../src/core/feed.ts';
import type { DashboardFeed } from './broadcast/dashboardFeed.ts';
import { now } from './clock.ts';
import { dashboardRoute } from './dashboard/dashboardRoute.ts';
import { createToken } from './dashboard/security.ts';
import { maskSecrets } from '../src/core/redact.ts';
import { startLoopbackServer } from './loopbackServer.ts';
import { CaptureLog } from './tee/captureLog.ts';
import { handleAgentUpgrade } from './transport/agentUpgrade.ts';
import { createHttpPassthrough } from './transport/httpPassthrough.ts';
import { replyAndClose } from './transport/httpReply.ts';
import type { Pair } from './transport/pairSockets.ts';
import { MAX_FRAME_BYTES } from './transport/upstreamDial.ts';
import { TOOL } from './paths.ts';
import { capturesApi } from './captures/api.ts';
import { IndexCache } from './index/indexCache.ts';
import type { IndexStore } from './index/indexStore.ts';
import type { FaultRule } from '../src/core/faultPlan.ts';
import { FaultInjector } from './faults/injector.ts';
import { indexMinBytes } from './relayDefaults.ts';

export { DEFAULT_MAX_AGE_MS, DEFAULT_UPSTREAM } from './relayDefaults.ts';
/** The agent socket path; `/responses` too, for a base URL given without `/v1`. */
const AGENT_PATHS = new Set(['/v1/responses', '/responses']);

export interface RelayOptions {
  port: number;
  upstream: string;
  capturesDir: string;
  maxAgeMs: number;
  /** Write to this file instead of a new one in capturesDir; null: no capture file at all. */
  captureFile?: string | null;
  /** No console output (tests). */
  quiet?: boolean;
  /** Where the startup lines (relay, dashboard, capture…) go; default stdout. `run` keeps its child's stdout clean. */
  announce?: (line: string) => void;
  /** Listen address: 127.0.0.1 (and ::1) unless the user passed --dangerously-allow-remote. */
  host?: string;
  /** Where indexes of the Captures menu's large captures are kept between processes (none: built each time). */
  indexStore?: IndexStore | null;
  /** How long the upstream may take to answer an upgrade before the agent gets 504 (default 15 s). */
  upstreamTimeoutMs?: number;
  /** Open flags for the capture file; tests use 'w' to write to /dev/full (a real ENOSPC). */
  captureOpenFlags?: string;
  /** HTTP passthrough target for POST /v1/responses (--http-upstream); default: derived from `upstream`. */
  httpUpstream?: string;
  /** Extra CA (PEM) trusted for an https HTTP upstream (the demo's local TLS mock). */
  httpUpstreamCa?: string;
  /** `--faults PLAN`: faults to inject on a schedule (server/faults/). */
  faults?: readonly FaultRule[];
  /** `--enforce-max-age`: at maxAgeMs every connection gets the endpoint's limit error and close. */
  enforceMaxAge?: boolean;
}

export interface RunningRelay {
  port: number;
  relayUrl: string;
  baseUrl: string;
  dashboardUrl: string;
  /** A fresh one-time URL for the browser opener (no token in it). */
  browserUrl(): string;
  captureFile: string | null;
  token: string;
  log: CaptureLog;
  feed: DashboardFeed;
  faults: FaultInjector;
  /** Ends every connection (agents see 1001), writes capture.end, flushes and closes the file. */
  close(): Promise<void>;
}

/**
 * The composition root: one loopback HTTP server whose upgrades are routed by path to the agent
 * relay (/v1/responses) or the dashboard feed (/feed), and whose requests serve the dashboard.
 */
export async function startRelay(opts: RelayOptions): Promise<RunningRelay> {
  const token = createToken();
  const loopback = await startLoopbackServer(opts.port, opts.host);
  const { port, use, urlHost: shownHost } = loopback;
  const say = (line: string) => !opts.quiet && (opts.announce ? opts.announce(line) : process.stdout.write(`${line}\n`));
  // Warnings quote upstream URLs and refusal bodies, which can carry the agent's key.
  const warn = (line: string) => !opts.quiet && process.stderr.write(`responses-inspector: ${maskSecrets(line)}\n`);

  const captureFile = opts.captureFile === undefined ? path.resolve(opts.capturesDir, captureName(port)) : opts.captureFile;
  let feedRef: DashboardFeed | undefined;
  const log = new CaptureLog(
    captureFile,
    (message) => {
      if (!opts.quiet)
        process.stderr.write(`\nresponses-inspector: CAPTURE FAILED: ${maskSecrets(message)}\nresponses-inspector: forwarding continues, but frames are no longer recorded.\n\n`);
      // The file may fail before the dashboard exists (an unwritable folder): it is told on attach then.
      feedRef?.broadcast({ type: 'capture-error', message });
    },
    opts.captureOpenFlags,
  );
  log.record({
    kind: 'capture.start',
    t: now(),
    format: CAPTURE_FORMAT,
    version: CAPTURE_VERSION,
    upstream: opts.upstream,
    tool: TOOL,
    maxAgeMs: opts.maxAgeMs,
  });

  // The upstream as the dashboard and the console show it: a user:pass@ or ?key= in it masked.
  const shownUpstream = maskSecrets(opts.upstream);
  const relayUrl = `ws://${shownHost}:${port}/v1/responses`;
  const baseUrl = `http://${shownHost}:${port}/v1`;
  const hello = (): Omit<FeedHello, 'backlogBytes'> => ({
    type: 'hello',
    protocol: FEED_PROTOCOL,
    mode: 'live',
    tool: TOOL,
    relayUrl,
    baseUrl,
    upstream: shownUpstream,
    captureFile: captureFile ?? undefined,
    maxAgeMs: opts.maxAgeMs,
    indexMinBytes: indexMinBytes(),
  });

  const pairs = new Set<Pair>();
  const chosenProtocol = new WeakMap<IncomingMessage, string>();
  const agentWss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_FRAME_BYTES,
    clientTracking: false,
    autoPong: false,
    handleProtocols: (_protocols, req) => chosenProtocol.get(req) ?? false,
  });
  let connCount = 0;
  const nextConnId = () => `c${++connCount}`;
  const faults = new FaultInjector({ log, rules: opts.faults ?? [], enforceMaxAgeMs: opts.enforceMaxAge ? opts.maxAgeMs : undefined, nextConnId });
  const agentCtx = {
    log,
    wss: agentWss,
    upstream: opts.upstream,
    nextConnId,
    pairs,
    chosenProtocol,
    warn,
    upstreamTimeoutMs: opts.upstreamTimeoutMs,
    faults,
  };
  const httpPassthrough = createHttpPassthrough({ log, upstream: opts.upstream, httpUpstream: opts.httpUpstream, ca: opts.httpUpstreamCa, nextConnId: agentCtx.nextConnId, warn });
  let peakConnections = 0;
  const trackPeak = setInterval(() => (peakConnections = Math.max(peakConnections, pairs.size)), 50);
  trackPeak.unref();
  const stats = () => {
    peakConnections = Math.max(peakConnections, pairs.size);
    return {
      connections: pairs.size,
      peakConnections,
      connectionsTotal: connCount,
      frames: log.counts.frames,
      bytes: log.counts.bytes,
      dropped: log.counts.dropped,
      captureError: log.error,
      memory: process.memoryUsage(),
    };
  };

  use({
    upgrade(req, socket, head, url) {
      if (!AGENT_PATHS.has(url.pathname)) return false;
      // Browsers always send Origin on a WebSocket upgrade; agents' SDKs never do. A web page must
      // not be able to drive the relay (and spend the key the relay would forward).
      if (req.headers.origin !== undefined) replyAndClose(socket, 403, 'responses-inspector: browser origins may not use the agent socket\n');
      else if (!faults.refuseUpgrade(req, socket)) handleAgentUpgrade(agentCtx, req, socket, head);
      return true;
    },
    request(req, res, url) {
      if (!AGENT_PATHS.has(url.pathname)) return false;
      if (httpPassthrough.handle(req, res)) return true;
      res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket' });
      res.end('responses-inspector: this is the Responses WebSocket relay; connect with a WebSocket client (SDK ResponsesWS)\n');
      return true;
    },
  });
  // GET /api/captures, /api/capture?file=, /api/export?format= (server/captures/api.ts).
  const capturesApiRoute = capturesApi({
    capturesDir: path.resolve(opts.capturesDir),
    currentFile: () => captureFile,
    settle: () => log.settle(),
    indexCache: new IndexCache({ store: opts.indexStore }),
  });
  const dashboard = dashboardRoute({
    port,
    host: opts.host,
    token,
    source: log,
    hello,
    info: () => ({ captureError: log.error }),
    status: () => (log.error ? [{ type: 'capture-error', message: log.error }] : []),
    api: (req, res, url) => {
      if (url.pathname === '/api/fault') return faults.handleRequest(req, res).then(() => true);
      if (url.pathname !== '/api/stats') return capturesApiRoute(req, res, url);
      // Relay health for the dashboard and the fault-injection suite; ?gc=1 collects first when --expose-gc is on.
      if (url.searchParams.get('gc') === '1') (globalThis as { gc?: () => void }).gc?.();
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(stats()));
      return true;
    },
  });
  use(dashboard);
  const feed = dashboard.feed;
  feedRef = feed;

  const dashboardUrl = `http://${shownHost}:${port}/#token=${token}`;
  say(`relay: ${relayUrl}`);
  say(`dashboard: ${dashboardUrl}`);
  say(`capture: ${captureFile ?? '(none)'}`);
  say(`SDK base URL: ${baseUrl}`);
  say(`HTTP passthrough: POST ${baseUrl}/responses -> ${maskSecrets(httpPassthrough.upstream)}`);

  let closing: Promise<void> | null = null;
  return {
    port,
    relayUrl,
    baseUrl,
    dashboardUrl,
    browserUrl: () => `http://${shownHost}:${port}/#code=${dashboard.launchCode()}`,
    captureFile,
    token,
    log,
    feed,
    faults,
    close() {
      closing ??= (async () => {
        clearInterval(trackPeak);
        for (const pair of pairs) pair.shutdown(1001, 'responses-inspector relay shutting down');
        const httpEnded = httpPassthrough.close();
        await waitFor(() => pairs.size === 0, 1500);
        await httpEnded;
        // A side still open did not answer the close (a stalled agent or upstream): its socket
        // would hold the process after Ctrl-C.
        for (const pair of pairs) pair.terminate();
        log.record({ kind: 'capture.end', t: now(), counts: { ...log.counts } });
        await log.close();
        feed.close();
        loopback.closeAll();
      })();
      return closing;
    },
  };
}

function captureName(port: number): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${port}.ndjson`;
}

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
}
