import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { CloseSide, Direction } from '../../src/core/capture.ts';
import { now } from '../clock.ts';
import { protocolErrorCloseCode } from './wsErrors.ts';

/** Above this many bytes queued towards one side, the other side is paused until it drains. */
export const HIGH_WATER_BYTES = 4 * 1024 * 1024;

export interface PairHooks {
  /** Called after the frame was handed to the other side; `t` was taken on receipt. */
  frame(dir: Direction, t: number, data: Buffer, binary: boolean): void;
  /** Called once, for whichever side closed first. */
  close(side: CloseSide, code: number, reason: string, t: number): void;
  error(side: CloseSide, message: string, t: number): void;
  /** Both sockets are closed. */
  ended(): void;
  /** Fault injection (server/faults/): when it is `busy`, it decides when, or whether, each frame passes. */
  gate?: FrameGate;
}

export interface FrameGate {
  /** False while no fault concerns the connection: frames then pass with no extra work. */
  readonly busy: boolean;
  /**
   * Called instead of forwarding. `forward()` sends the frame on and records it (with the time of
   * the call when `late`, else its receipt time); not calling it keeps the frame from the other side.
   */
  frame(dir: Direction, data: Buffer, binary: boolean, forward: (late: boolean) => void): void;
}

/**
 * One side of the pair: its WebSocket and the socket under it, as the relay received it (the
 * agent's, handed to handleUpgrade; the upstream's, from the upgrade response), for corking.
 */
export interface PairSide {
  ws: WebSocket;
  socket: Duplex;
}

export interface Pair {
  /** Ends both sides from the relay (shutdown): the agent sees `code`, so SDK reconnect logic can run. */
  shutdown(code: number, reason: string): void;
  /** Drops both sockets at once: a side that did not finish the shutdown's closing handshake in time. */
  terminate(): void;
}

/** Per direction: frames of one event-loop turn are written with one syscall: a syscall per small frame costs more than the frame. */
interface TurnState {
  inTurn: boolean;
  corked: boolean;
}

/**
 * Joins the agent's socket and the upstream's. Frames pass in order with their text/binary flag and
 * the received Buffer untouched; nothing is parsed on this path. Closes are mirrored: a code and
 * reason from one side reach the other unchanged, and a side that vanishes without a close frame
 * (1006) makes the relay drop the other side without one too, so SDK reconnect logic fires exactly
 * as it would without the relay.
 */
export function pairSockets(agentSide: PairSide, upstreamSide: PairSide, hooks: PairHooks, upstreamError?: Error): Pair {
  const agent = agentSide.ws;
  const upstream = upstreamSide.ws;
  let firstClose: CloseSide | null = null;
  let open = 2;
  const failCode: Partial<Record<CloseSide, number>> = {};

  const relay = (source: WebSocket, { ws: target, socket: sock }: PairSide, dir: Direction) => {
    const turn: TurnState = { inTurn: false, corked: false };
    const endTurn = () => {
      turn.inTurn = false;
      if (turn.corked) {
        turn.corked = false;
        sock.uncork();
      }
    };
    const deliver = (data: Buffer, isBinary: boolean, t: number) => {
      if (target.readyState === WebSocket.OPEN) {
        // Cork only once a second frame arrives in the same turn: a lone frame (ping-pong) goes out at once.
        if (turn.inTurn) {
          if (!turn.corked) {
            turn.corked = true;
            sock.cork();
          }
        } else {
          turn.inTurn = true;
          process.nextTick(endTurn);
        }
        target.send(data, { binary: isBinary, compress: false });
        if (target.bufferedAmount > HIGH_WATER_BYTES && !source.isPaused) {
          source.pause();
          sock.once('drain', () => source.resume());
        }
      }
      hooks.frame(dir, t, data, isBinary);
    };
    source.on('message', (data: Buffer, isBinary: boolean) => {
      const t = now();
      if (hooks.gate?.busy) hooks.gate.frame(dir, data, isBinary, (late) => deliver(data, isBinary, late ? now() : t));
      else deliver(data, isBinary, t);
    });
  };
  relay(agent, upstreamSide, 'send');
  relay(upstream, agentSide, 'receive');

  // Pings and pongs pass through instead of being answered by the relay (both sockets are made
  // with autoPong off): a keepalive then measures the whole path, so an agent whose upstream went
  // silent times out and reconnects exactly as it would without the relay.
  agent.on('ping', (data: Buffer) => upstream.readyState === WebSocket.OPEN && upstream.ping(data));
  upstream.on('ping', (data: Buffer) => agent.readyState === WebSocket.OPEN && agent.ping(data));
  agent.on('pong', (data: Buffer) => upstream.readyState === WebSocket.OPEN && upstream.pong(data));
  upstream.on('pong', (data: Buffer) => agent.readyState === WebSocket.OPEN && agent.pong(data));

  const onClose = (side: CloseSide, other: WebSocket) => (code: number, reason: Buffer) => {
    if (firstClose === null) {
      firstClose = side;
      // A side that broke the protocol (1009 too big, 1007 bad UTF-8) was sent that code; its socket
      // then ends without a close frame of its own, which ws reports as 1006.
      hooks.close(side, failCode[side] ?? code, reason.toString('utf8'), now());
    }
    mirrorClose(other, failCode[side] ?? code, reason);
    if (--open === 0) hooks.ended();
  };
  agent.on('close', onClose('client', upstream));
  upstream.on('close', onClose('upstream', agent));

  const onError = (side: CloseSide) => (err: Error & { code?: string }) => {
    const status = protocolErrorCloseCode(err);
    if (status !== undefined) failCode[side] = status;
    hooks.error(side, `${side === 'client' ? 'agent' : 'upstream'} socket: ${err.message}${err.code ? ` (${err.code})` : ''}`, now());
  };
  agent.on('error', onError('client'));
  upstream.on('error', onError('upstream'));
  // The upstream may have failed, or even closed, between its 101 and this pairing: its events passed.
  if (upstreamError) onError('upstream')(upstreamError);
  if (upstream.readyState === WebSocket.CLOSED) onClose('upstream', agent)(1006, Buffer.alloc(0));

  return {
    shutdown(code, reason) {
      if (firstClose === null) {
        firstClose = 'relay';
        hooks.close('relay', code, reason, now());
      }
      mirrorClose(agent, code, Buffer.from(reason));
      mirrorClose(upstream, 1000, Buffer.from(reason));
    },
    terminate() {
      agent.terminate();
      upstream.terminate();
    },
  };
}

function canSend(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}

function mirrorClose(target: WebSocket, code: number, reason: Buffer): void {
  if (target.readyState === WebSocket.CLOSED) return;
  if (code === 1006 || !(code === 1005 || canSend(code))) {
    target.terminate();
  } else if (target.readyState !== WebSocket.CLOSING) {
    if (code === 1005) target.close();
    else target.close(code, reason.length > 123 ? reason.subarray(0, 123) : reason);
  }
}
