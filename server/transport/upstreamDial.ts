import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { refusalHeaders } from './headers.ts';

/** Frames up to this size pass both ways (the issue asks for at least 64 MiB). */
export const MAX_FRAME_BYTES = 128 * 1024 * 1024;
/** An upstream that accepts TCP but never answers the upgrade is given up after this long. */
export const UPSTREAM_HANDSHAKE_TIMEOUT_MS = 15_000;
/** Enough of a refusal body to carry the API's JSON error; the rest is not waited for. */
const MAX_REFUSAL_BODY = 64 * 1024;

export interface DialAccepted {
  ok: true;
  ws: WebSocket;
  /** The TCP (or TLS) socket under `ws`: the upgrade response's, which ws goes on using. */
  socket: Duplex;
  /**
   * An error the socket had after it opened but before it was paired (a frame over the limit sent
   * right behind the 101): the pairing has to know it, since the error event has passed.
   */
  earlyError(): Error | undefined;
  status: number;
  headers: IncomingHttpHeaders;
  handshakeMs: number;
}

export interface DialRefused {
  ok: false;
  /** What the agent is answered: the upstream's own status, or 502/504 when it could not be reached. */
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  /** One line for the capture and the console. */
  message: string;
  handshakeMs: number;
}

export interface Dial {
  result: Promise<DialAccepted | DialRefused>;
  abort(): void;
}

/**
 * Opens the upstream WebSocket before the agent's upgrade is answered, so that an upstream refusal
 * can reach the agent as the same HTTP status. Compression stays off on this hop: on loopback and
 * for small frames it costs far more than it saves (measured in `npm run bench`).
 */
export function dialUpstream(url: string, headers: Record<string, string>, protocols: string[], timeoutMs = UPSTREAM_HANDSHAKE_TIMEOUT_MS): Dial {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
  let ws: WebSocket;
  try {
    ws = new WebSocket(url, protocols, {
      headers,
      perMessageDeflate: false,
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: timeoutMs,
      followRedirects: false,
      autoPong: false,
    });
  } catch (err) {
    // The request cannot even be written (checkAgentUpgrade lets nothing known through; this keeps
    // an unforeseen case an answer to one agent, not an exception that ends the relay). Nothing was dialled.
    const message = `the upgrade cannot be forwarded: ${(err as Error).message}`;
    const refused: DialRefused = { ok: false, status: 400, headers: {}, body: Buffer.from(`responses-inspector: ${message}\n`), message, handshakeMs: elapsed() };
    return { result: Promise.resolve(refused), abort() {} };
  }
  let settled = false;
  let earlyError: Error | undefined;
  const result = new Promise<DialAccepted | DialRefused>((resolve) => {
    let upgradeHeaders: IncomingHttpHeaders = {};
    let upgradeSocket: Duplex | undefined;
    const settle = (value: DialAccepted | DialRefused) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    ws.once('upgrade', (res) => {
      upgradeHeaders = res.headers;
      upgradeSocket = res.socket;
    });
    // 'upgrade' comes before 'open' (ws emits it, then takes over the response's socket).
    ws.once('open', () => settle({ ok: true, ws, socket: upgradeSocket!, status: 101, headers: upgradeHeaders, handshakeMs: elapsed(), earlyError: () => earlyError }));
    ws.once('unexpected-response', (req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        const body = Buffer.concat(chunks);
        const snippet = body.toString('utf8').replace(/\s+/g, ' ').slice(0, 300);
        settle({
          ok: false,
          status: res.statusCode ?? 502,
          headers: refusalHeaders(res.headers),
          body,
          message: `upstream refused the upgrade: ${res.statusCode} ${res.statusMessage ?? ''}${snippet ? ` ${snippet}` : ''}`.trim(),
          handshakeMs: elapsed(),
        });
        req.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_REFUSAL_BODY) chunks.push(chunk.subarray(0, MAX_REFUSAL_BODY - size));
        size += chunk.length;
        if (size >= MAX_REFUSAL_BODY) finish();
      });
      res.once('end', finish);
      res.once('error', finish);
      res.once('close', finish);
    });
    // Errors after the dial settled belong to the paired connection, which has its own listener
    // (the first one is kept for a pairing that comes after it).
    ws.on('error', (err) => {
      if (settled) {
        earlyError ??= err;
        return;
      }
      const timedOut = /timed out/i.test(err.message);
      const message = `upstream ${url} ${timedOut ? 'did not answer the upgrade in time' : 'is unreachable'}: ${err.message}`;
      settle({
        ok: false,
        status: timedOut ? 504 : 502,
        headers: {},
        body: Buffer.from(`responses-inspector: ${message}\n`),
        message,
        handshakeMs: elapsed(),
      });
    });
  });
  return {
    result,
    abort() {
      if (!settled) ws.terminate();
      else if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    },
  };
}
