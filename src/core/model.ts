/**
 * The derived view of a capture: connections and turns.
 * Everything here is computed from capture records, never stored instead of them. The types are
 * shared by the incremental model (live dashboard), the batch computation (exports, CLI) and the UI.
 */

import type { CloseSide } from './capture.ts';

export type TurnStatus =
  | 'queued' // sent, nothing back yet
  | 'in_progress' // response.created seen
  | 'completed'
  | 'failed'
  | 'incomplete'
  | 'error' // an `error` frame ended it
  | 'cut'; // the connection ended before a terminal event

export interface TurnUsage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  totalTokens: number;
}

export interface TurnError {
  code?: string;
  message?: string;
  status?: number;
  type?: string;
}

export interface ToolCall {
  name: string;
  callId: string;
  arguments: string;
}

export interface Turn {
  /** `${conn}#${n}`: n counts this connection's turns from 1 in send order. */
  id: string;
  /** 1-based over the whole capture, in send order. */
  index: number;
  conn: string;
  /** `stream_id`, or null for the default lane. */
  lane: string | null;
  /** seq of the `response.create` frame that started it. */
  sendSeq: number;
  sendT: number;
  /** The model asked for in the `response.create` (or, when it names none, the one that answered). */
  model?: string;
  /**
   * The model that served it, from the server's response object (`gpt-5.5-2026-…` for an alias):
   * what the turn ran on, which the request does not say.
   */
  servedModel?: string;
  /** previous_response_id as sent (null: explicitly none / full context; undefined: absent). */
  previousResponseId?: string | null;
  /** `generate: false` warm-up. */
  warmup: boolean;
  responseId?: string;
  createdT?: number;
  /** First output delta (text, arguments, refusal, reasoning...): time to first token from the wire. */
  firstDeltaT?: number;
  endT?: number;
  status: TurnStatus;
  error?: TurnError;
  usage?: TurnUsage;
  /** Agent time before this turn: previous terminal event on the lane to this send. */
  agentMs?: number;
  /** send → response.created, send → first delta, send → terminal; ms. */
  createdMs?: number;
  ttftMs?: number;
  totalMs?: number;
  /** output tokens / (terminal − first delta), when both are known. */
  tokensPerSecond?: number;
  outputText: string;
  toolCalls: ToolCall[];
  /** Number of frames attributed to this turn (its send plus the server events). */
  frames: number;
  /** The turn whose response `previousResponseId` names, when that response is in the capture. */
  previousTurnId?: string;
  /** `response.incomplete`: `incomplete_details.reason` (e.g. max_output_tokens). */
  incompleteReason?: string;
  /** seq of the frame that ended it (terminal event or error frame); absent for open and cut turns. */
  endSeq?: number;
}

/** One `error` frame seen on a connection, attributed to a turn when one was waiting on its lane. */
export interface FrameError extends TurnError {
  t: number;
  seq: number;
  lane: string | null;
  turnId?: string;
}

export type ConnectionStatus = 'connecting' | 'open' | 'closed' | 'refused';

export interface ConnectionInfo {
  conn: string;
  openT: number;
  path: string;
  headers: Record<string, string>;
  transport: 'ws' | 'http';
  status: ConnectionStatus;
  /** Upstream's 101 time: the API's 60-minute limit counts from here. */
  upstreamOpenT?: number;
  handshakeMs?: number;
  close?: { side: CloseSide; code: number; reason: string; t: number };
  error?: { status?: number; message?: string; t: number };
  /** The connection this one replaced, when it looks like a reconnect (protocol.md §8.2 heuristic). */
  replaces?: string;
  replacedBy?: string;
  /** Saw websocket_connection_limit_reached. */
  limitReached: boolean;
  /** Saw previous_response_not_found (cache lost). */
  cacheMiss: boolean;
  turns: number;
  frames: number;
  bytes: number;
  /** Named lanes (stream_id) in order of first use; the default lane is not listed. */
  lanes: string[];
  /** Every `error` frame received on this connection, in order. */
  frameErrors: FrameError[];
  /**
   * Why it was linked to `replaces`: the old one got the limit error, closed just before, or was
   * closed by the agent just after this one opened (an early recycle).
   */
  reconnectReason?: 'limit' | 'closed' | 'recycled';
  /** Time from the replaced connection's close (or its limit error) to this open, ms; negative for a recycle. */
  reconnectGapMs?: number;
  /** When the limit error arrived (the first one). */
  limitT?: number;
}
