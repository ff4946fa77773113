import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { TLSSocket } from 'node:tls';
import type { FrameRecord } from '../../src/core/capture.ts';
import { redactHeaders } from '../../src/core/redact.ts';
import { now } from '../clock.ts';
import { BodyTap } from '../http/bodyTap.ts';
import { httpUpstreamOf, UpstreamAgents } from '../http/upstreamAgents.ts';
import type { CaptureLog } from '../tee/captureLog.ts';

/** An upstream that does not accept the connection in this time is given up (502 to the agent). */
export const HTTP_CONNECT_TIMEOUT_MS = 15_000;

export interface HttpPassthroughOptions {
  log: CaptureLog;
  /** The relay's WebSocket upstream; the HTTP target is derived from it unless `httpUpstream` is set. */
  upstream: string;
  httpUpstream?: string;
  /** Extra CA (PEM) trusted for an https HTTP upstream (a local TLS mock). */
  ca?: string;
  /** The relay's connection id counter, shared with the WebSocket path. */
  nextConnId(): string;
  warn(message: string): void;
}

export interface HttpPassthrough {
  /** The HTTP target, e.g. https://api.openai.com/v1/responses. */
  readonly upstream: string;
  /** Handles a request to the agent path; false when it is not a POST (the caller answers it). */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * Ends the exchanges in flight (recorded as cut by the relay) and the kept-alive upstream sockets.
   * Resolves once every exchange's close is recorded: a response that already ended may still be
   * decoding its last compressed chunk, and its events go to the capture before its close.
   */
  close(): Promise<void>;
}

/** How long a shutdown waits for an ended response's body tap to flush before recording its close. */
const TAP_FLUSH_WAIT_MS = 1000;

/** The relay's HTTP side: `POST /v1/responses` (and `/responses`) passed through and recorded. */
export function createHttpPassthrough(opts: HttpPassthroughOptions): HttpPassthrough {
  const ids = new WeakMap<object, string>();
  let sockets = 0;
  const ctx: HttpPassthroughContext = {
    log: opts.log,
    upstream: opts.httpUpstream ?? httpUpstreamOf(opts.upstream),
    agents: new UpstreamAgents(opts.ca),
    nextConnId: opts.nextConnId,
    agentSocketId(socket) {
      let id = ids.get(socket);
      if (id === undefined) ids.set(socket, (id = `a${++sockets}`));
      return id;
    },
    active: new Set(),
    warn: opts.warn,
  };
  return {
    upstream: ctx.upstream,
    handle(req, res) {
      if (req.method !== 'POST') return false;
      // As on the agent socket: browsers send Origin, SDKs do not; a web page must not drive the relay.
      if (req.headers.origin !== undefined) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('responses-inspector: browser origins may not use the agent endpoint\n');
      } else handleHttpExchange(ctx, req, res);
      return true;
    },
    async close() {
      const ending = [...ctx.active].map((exchange) => exchange.abort());
      ctx.agents.destroyAll();
      await Promise.all(ending);
    },
  };
}

export interface HttpPassthroughContext {
  log: CaptureLog;
  /** http:// or https:// endpoint, e.g. https://api.openai.com/v1/responses. */
  upstream: string;
  agents: UpstreamAgents;
  nextConnId(): string;
  /** The agent's socket id (`a1`…), stable over its kept-alive requests. */
  agentSocketId(socket: Socket): string;
  /** Exchanges in flight, so a relay shutdown can end them. */
  active: Set<{ abort(): Promise<void> }>;
  warn(message: string): void;
}

/**
 * Headers that describe one hop (RFC 9110 §7.6.1). Unlike the WebSocket path, content-length is
 * end-to-end here: the body is forwarded byte for byte, so its length does not change.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)) out[name] = value;
  }
  return out;
}

/**
 * One `POST /v1/responses` exchange over HTTP: forwarded to the HTTP upstream unchanged
 * (headers minus hop-by-hop ones, body bytes as is, the SSE stream chunk by chunk as it arrives,
 * never buffered whole) and recorded in the capture format as its own connection with transport
 * 'http': conn.open, the request body as a `send` frame, conn.upstream_open with the status, the
 * time to headers and the connection setup this request paid, one `receive` frame per SSE event
 * (or one for a whole JSON body), then conn.close (1000 complete, 1006 cut).
 */
export function handleHttpExchange(ctx: HttpPassthroughContext, req: IncomingMessage, res: ServerResponse): void {
  const conn = ctx.nextConnId();
  const url = new URL(req.url ?? '/', 'http://relay');
  const { log } = ctx;
  log.record({
    kind: 'conn.open',
    t: now(),
    conn,
    path: url.pathname + url.search,
    headers: redactHeaders(req.headers),
    transport: 'http',
    method: req.method ?? 'POST',
    agentSocket: ctx.agentSocketId(req.socket),
  });

  const target = new URL(ctx.upstream);
  for (const [k, v] of new URLSearchParams(url.search)) target.searchParams.append(k, v);
  const secure = target.protocol === 'https:';
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
  let seq = 0;
  let ended = false;
  /** The upstream side ended the exchange (the agent's response is being closed because of it). */
  let upstreamDone = false;
  /**
   * How the upstream ended the response, once it has: the close is recorded when the body tap has
   * flushed (asynchronous for a compressed body), and a shutdown meanwhile must not relabel it.
   */
  let upstreamEnd: [side: 'upstream', code: number, reason: string] | undefined;
  let setupMs: number | undefined;
  let reused = false;

  const frame = (dir: FrameRecord['dir'], t: number, bytes: Buffer, http: NonNullable<FrameRecord['http']>, extra: Partial<FrameRecord> = {}) => {
    const text = bytes.toString('utf8');
    const binary = !Buffer.from(text, 'utf8').equals(bytes);
    log.record({ kind: 'frame', t, conn, seq: ++seq, dir, binary, size: bytes.length, data: binary ? bytes.toString('base64') : text, http, ...extra });
    // record() counts connections only; these frames carry extension fields, so they skip frame().
    log.counts.frames++;
    log.counts.bytes += bytes.length;
  };
  let closeRecorded!: () => void;
  const recorded = new Promise<void>((resolve) => (closeRecorded = resolve));
  const finish = (side: 'client' | 'upstream' | 'relay', code: number, reason: string) => {
    if (ended) return;
    ended = true;
    ctx.active.delete(exchange);
    log.record({ kind: 'conn.close', t: now(), conn, side, code, reason });
    closeRecorded();
  };

  const upReq = (secure ? https : http).request(target, {
    method: req.method,
    headers: { ...endToEnd(req.headers), host: target.host },
    agent: ctx.agents.for(req.socket, secure),
  });
  const exchange = {
    abort() {
      upReq.destroy();
      res.destroy();
      // The upstream already ended it: the body tap records the close once it has flushed (a
      // decoder that never flushes still gets its close recorded, a moment later).
      if (upstreamEnd) setTimeout(() => finish(...upstreamEnd!), TAP_FLUSH_WAIT_MS).unref();
      else finish('relay', 1006, 'responses-inspector relay shutting down');
      return recorded;
    },
  };
  ctx.active.add(exchange);

  upReq.on('socket', (socket: Socket) => {
    // A kept-alive socket is already connected: this request paid no setup.
    if (!socket.connecting) {
      reused = true;
      setupMs = 0;
      return;
    }
    const timer = setTimeout(() => upReq.destroy(new Error(`no connection within ${HTTP_CONNECT_TIMEOUT_MS} ms`)), HTTP_CONNECT_TIMEOUT_MS);
    socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      setupMs = elapsed();
    });
    socket.once('close', () => clearTimeout(timer));
  });

  // The request body: forwarded chunk by chunk, recorded whole once the agent finished sending it.
  const body: Buffer[] = [];
  req.on('data', (chunk: Buffer) => {
    if (!upReq.write(chunk)) {
      req.pause();
      upReq.once('drain', () => req.resume());
    }
    body.push(chunk);
  });
  req.on('end', () => {
    const t = now();
    upReq.end();
    frame('send', t, Buffer.concat(body), 'request');
  });

  upReq.on('response', (upRes) => {
    const status = upRes.statusCode ?? 502;
    log.record({
      kind: 'conn.upstream_open',
      t: now(),
      conn,
      upstream: target.toString(),
      status,
      handshakeMs: elapsed(),
      headers: redactHeaders(upRes.headers),
      ...(setupMs === undefined ? {} : { setupMs }),
      reused,
    });
    res.writeHead(status, upRes.statusMessage, endToEnd(upRes.headers));
    // Headers reach the agent now, not with the first body chunk (an SSE stream may wait for it).
    res.flushHeaders();
    const tap = new BodyTap(upRes.headers, (t, bytes, ev) =>
      ev ? frame('receive', t, bytes, 'sse', ev.event === undefined ? {} : { event: ev.event }) : frame('receive', t, bytes, 'response', { status }),
    );
    upRes.on('data', (chunk: Buffer) => {
      const t = now();
      if (!res.write(chunk)) {
        upRes.pause();
        res.once('drain', () => upRes.resume());
      }
      tap.push(chunk, t);
    });
    upRes.on('end', () => {
      upstreamDone = true;
      upstreamEnd = ['upstream', 1000, ''];
      res.end();
      tap.end(() => finish(...upstreamEnd!));
    });
    upRes.on('error', () => undefined);
    upRes.on('close', () => {
      if (upRes.complete || ended) return;
      upstreamDone = true;
      upstreamEnd = ['upstream', 1006, 'the upstream cut the response'];
      res.destroy();
      tap.end(() => finish(...upstreamEnd!));
    });
  });

  upReq.on('error', (err) => {
    if (ended) return;
    upstreamDone = true;
    if (res.headersSent) {
      // Mid-stream: the agent sees the same cut the relay saw.
      res.destroy();
      return finish('upstream', 1006, err.message);
    }
    const message = `upstream ${target} is unreachable: ${err.message}`;
    log.record({ kind: 'conn.error', t: now(), conn, side: 'upstream', status: 502, message });
    ctx.warn(`${conn}: ${message}`);
    const payload = JSON.stringify({ error: { message: `responses-inspector: ${message}`, type: 'relay_error', code: 'upstream_unreachable', param: null } });
    res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
    finish('relay', 1006, message);
  });

  // The agent gave up (aborted the request or closed its socket) before the response ended.
  res.on('close', () => {
    if (res.writableFinished || ended || upstreamDone) return;
    upReq.destroy();
    finish('client', 1006, 'the agent went away before the response ended');
  });
}
