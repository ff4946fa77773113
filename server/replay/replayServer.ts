import { WebSocketServer } from 'ws';
import { startLoopbackServer } from '../loopbackServer.ts';
import { replyAndClose } from '../transport/httpReply.ts';
import { MAX_FRAME_BYTES } from '../transport/upstreamDial.ts';
import type { ReplayConnection } from './script.ts';
import { ReplaySession } from './session.ts';
import type { TimingMode } from './timing.ts';
import type { MatchMode } from './divergence.ts';

export interface ReplayServerOptions {
  script: ReplayConnection[];
  port: number;
  timing: TimingMode;
  speed: number;
  /** What of a request must equal the recording; default content (divergence.ts). */
  match?: MatchMode;
  /** Each replay_divergence answered to an agent, with its message. */
  onDivergence?(message: string): void;
}

export interface RunningReplay {
  port: number;
  /** ws://127.0.0.1:P/v1/responses */
  url: string;
  /** http://127.0.0.1:P/v1: the SDK base URL. */
  baseUrl: string;
  /** Agent connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

const PATHS = new Set(['/v1/responses', '/responses']);

/**
 * A Responses WebSocket endpoint on loopback that answers from a recording: the n-th agent
 * connection plays the n-th recorded connection (server/replay/session.ts). No API key is
 * checked (there is nothing to protect), but browser origins are refused as on the relay.
 */
export async function startReplayServer(opts: ReplayServerOptions): Promise<RunningReplay> {
  const { port, use, closeAll } = await startLoopbackServer(opts.port);
  // The relay's own frame limit: a recording never holds a bigger frame, and an agent's frame is
  // buffered whole before it is matched, so an unbounded one would take the process's memory.
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_FRAME_BYTES, clientTracking: true });
  let next = 0;
  use({
    upgrade(req, socket, head, url) {
      if (!PATHS.has(url.pathname)) return false;
      if (req.headers.origin !== undefined) {
        replyAndClose(socket, 403, 'responses-inspector replay: browser origins may not use the agent socket\n');
        return true;
      }
      const index = ++next;
      const rec = opts.script[index - 1];
      if (rec?.refusedStatus !== undefined && rec.refusedStatus !== 101) {
        replyAndClose(socket, rec.refusedStatus, `responses-inspector replay: the recorded upgrade was refused with HTTP ${rec.refusedStatus}\n`);
        return true;
      }
      wss.handleUpgrade(
        req,
        socket,
        head,
        (ws) => new ReplaySession(ws, rec, { timing: opts.timing, speed: opts.speed, index, recorded: opts.script.length, match: opts.match, onDivergence: opts.onDivergence }),
      );
      return true;
    },
    request(_req, res, url) {
      if (!PATHS.has(url.pathname)) return false;
      res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket' });
      res.end('responses-inspector replay: connect with a WebSocket client (SDK ResponsesWS)\n');
      return true;
    },
  });
  return {
    port,
    url: `ws://127.0.0.1:${port}/v1/responses`,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    get connections() {
      return next;
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      closeAll();
    },
  };
}
