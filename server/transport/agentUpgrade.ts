import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { redactHeaders } from '../../src/core/redact.ts';
import { now } from '../clock.ts';
import type { CaptureLog } from '../tee/captureLog.ts';
import type { FaultInjector } from '../faults/injector.ts';
import { endToEndHeaders } from './headers.ts';
import { replyAndClose } from './httpReply.ts';
import { pairSockets, type Pair } from './pairSockets.ts';
import { dialUpstream } from './upstreamDial.ts';
import { checkAgentUpgrade } from './upgradeCheck.ts';

export interface AgentUpgradeContext {
  log: CaptureLog;
  /** noServer WebSocketServer for the agent side; its handleProtocols reads `chosenProtocol`. */
  wss: WebSocketServer;
  upstream: string;
  nextConnId(): string;
  pairs: Set<Pair>;
  chosenProtocol: WeakMap<IncomingMessage, string>;
  warn(message: string): void;
  /** How long an upstream may take to answer the upgrade. */
  upstreamTimeoutMs?: number;
  /** Fault injection: each paired connection gets a frame gate from it. */
  faults?: FaultInjector;
}

/**
 * One agent connection: record it, dial the upstream with the agent's end-to-end headers, and only
 * then answer the agent: with the upstream's own refusal (same status and body), with 502/504 when
 * the upstream cannot be reached, or with the upgrade, after which the two sockets are paired.
 */
export function handleAgentUpgrade(ctx: AgentUpgradeContext, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  // A malformed upgrade is answered before anything is dialled or recorded.
  const checked = checkAgentUpgrade(req.method, req.headers);
  if ('status' in checked) return replyAndClose(socket, checked.status, `responses-inspector: ${checked.message}\n`, checked.headers);
  const conn = ctx.nextConnId();
  const url = new URL(req.url ?? '/', 'http://relay');
  ctx.log.record({ kind: 'conn.open', t: now(), conn, path: url.pathname + url.search, headers: redactHeaders(req.headers), transport: 'ws' });

  const target = withQuery(ctx.upstream, url.search);
  const protocols = checked.protocols;
  const dial = dialUpstream(target, endToEndHeaders(req.headers), protocols, ctx.upstreamTimeoutMs);

  let agentGone = false;
  const onEarlyClose = () => {
    agentGone = true;
    dial.abort();
  };
  socket.once('close', onEarlyClose);

  void dial.result.then((result) => {
    socket.removeListener('close', onEarlyClose);
    // A socket the agent already half-closed cannot be upgraded (the WebSocket server would drop it).
    if (agentGone || socket.destroyed || !socket.readable || !socket.writable) {
      if (result.ok) result.ws.terminate();
      socket.destroy();
      ctx.log.record({ kind: 'conn.error', t: now(), conn, side: 'client', message: 'the agent went away before the upgrade completed' });
      return;
    }
    if (!result.ok) {
      ctx.log.record({ kind: 'conn.error', t: now(), conn, side: 'upstream', status: result.status, message: result.message });
      ctx.warn(`${conn}: ${result.message}`);
      replyAndClose(socket, result.status, result.body, result.headers);
      return;
    }
    const upstream = result.ws;
    ctx.log.record({
      kind: 'conn.upstream_open',
      t: now(),
      conn,
      upstream: target,
      status: result.status,
      handshakeMs: result.handshakeMs,
      headers: redactHeaders(result.headers),
    });
    if (upstream.protocol) ctx.chosenProtocol.set(req, upstream.protocol);
    // Whatever makes the upgrade fail from here on, the upstream dialled for it must not outlive it.
    let paired = false;
    socket.once('close', () => {
      if (!paired) upstream.terminate();
    });
    ctx.wss.handleUpgrade(req, socket, head, (agent) => {
      paired = true;
      let seq = 0;
      const nextSeq = () => ++seq;
      const faults = ctx.faults?.attach(req, conn, agent, nextSeq);
      const pair = pairSockets(
        { ws: agent, socket },
        { ws: upstream, socket: result.socket },
        {
          frame: (dir, t, data, binary) => ctx.log.frame(conn, nextSeq(), dir, t, data, binary),
          close: (side, code, reason, t) => ctx.log.record({ kind: 'conn.close', t, conn, side, code, reason }),
          error: (side, message, t) => ctx.log.record({ kind: 'conn.error', t, conn, side, message }),
          ended: () => {
            ctx.pairs.delete(pair);
            faults?.end();
          },
          gate: faults?.gate,
        },
        result.earlyError(),
      );
      faults?.bind(pair);
      ctx.pairs.add(pair);
    });
  });
}

/** The agent's query string (SDKs send none by default, but extra_query exists) goes upstream too. */
function withQuery(upstream: string, search: string): string {
  if (!search) return upstream;
  const url = new URL(upstream);
  for (const [k, v] of new URLSearchParams(search)) url.searchParams.append(k, v);
  return url.toString();
}
