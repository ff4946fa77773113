/**
 * What one server event does to the turn it belongs to. The lane bookkeeping (which turn an event
 * belongs to) lives in lanes.ts; this module only updates a turn, in place, in O(1).
 */

import type { ToolCall, Turn, TurnError, TurnStatus, TurnUsage } from '../model.ts';
import { num, obj, str, type WireEvent } from './payload.ts';

/** A turn still waiting for its terminal event, with the per-item state its deltas need. */
export interface OpenTurn {
  turn: Turn;
  /** Tool calls by output item id, so argument deltas find their call. */
  items: Map<string, ToolCall>;
}

/** Event types that end a turn. `response.done` was sent by early betas (protocol.md §4.4). */
const TERMINAL: Record<string, TurnStatus> = {
  'response.completed': 'completed',
  'response.failed': 'failed',
  'response.incomplete': 'incomplete',
  'response.done': 'completed',
};

export function isTerminalType(type: string): boolean {
  return Object.hasOwn(TERMINAL, type);
}

/**
 * Any `response.*.delta` is output reaching the agent: text, function-call arguments, refusal,
 * reasoning, custom tool input, audio, code... Time to first token is the first of these on the
 * wire, not `response.created`, which the API sends before any work is done.
 */
export function isOutputDelta(type: string): boolean {
  return type.endsWith('.delta') && type.startsWith('response.');
}

/** A new turn for a `response.create` frame. */
export function newTurn(ev: WireEvent, at: { conn: string; lane: string | null; seq: number; t: number; n: number; index: number }): Turn {
  const turn: Turn = {
    id: `${at.conn}#${at.n}`,
    index: at.index,
    conn: at.conn,
    lane: at.lane,
    sendSeq: at.seq,
    sendT: at.t,
    warmup: ev.generate === false,
    status: 'queued',
    outputText: '',
    toolCalls: [],
    frames: 1,
  };
  const model = str(ev.model);
  if (model !== undefined) turn.model = model;
  if ('previous_response_id' in ev) {
    const prev = ev.previous_response_id;
    turn.previousResponseId = typeof prev === 'string' ? prev : null;
  }
  return turn;
}

/**
 * Applies a non-error server event to its open turn. Returns true when the event ended the turn;
 * the caller then removes it from its lane.
 */
export function applyServerEvent(open: OpenTurn, ev: WireEvent, type: string, t: number, seq: number): boolean {
  const turn = open.turn;
  turn.frames++;
  if (isOutputDelta(type)) {
    if (turn.firstDeltaT === undefined) {
      turn.firstDeltaT = t;
      turn.ttftMs = t - turn.sendT;
      if (turn.status === 'queued') turn.status = 'in_progress';
    }
    applyDelta(open, ev, type);
    return false;
  }
  switch (type) {
    case 'response.created':
    case 'response.in_progress':
    case 'response.queued': {
      noteResponse(turn, obj(ev.response));
      if (type === 'response.created' && turn.createdT === undefined) {
        turn.createdT = t;
        turn.createdMs = t - turn.sendT;
      }
      if (type !== 'response.queued') turn.status = 'in_progress';
      return false;
    }
    case 'response.output_item.added':
    case 'response.output_item.done':
      noteItem(open, obj(ev.item), type === 'response.output_item.done');
      return false;
    case 'response.function_call_arguments.done':
    case 'response.custom_tool_call_input.done': {
      const call = open.items.get(str(ev.item_id) ?? '');
      const full = str(ev.arguments) ?? str(ev.input);
      if (call && full !== undefined) call.arguments = full;
      return false;
    }
  }
  const status = TERMINAL[type];
  if (status === undefined) return false;
  const response = obj(ev.response);
  noteResponse(turn, response);
  const usage = readUsage(obj(response?.usage));
  if (usage) turn.usage = usage;
  if (status === 'failed') {
    const err = readError(obj(response?.error));
    if (err) turn.error = err;
  }
  if (status === 'incomplete') {
    const reason = str(obj(response?.incomplete_details)?.reason);
    if (reason !== undefined) turn.incompleteReason = reason;
  }
  endTurn(turn, status, t, seq);
  return true;
}

/** Ends a turn: terminal event, error frame (status 'error') or the connection's end ('cut'). */
export function endTurn(turn: Turn, status: TurnStatus, t: number, seq?: number): void {
  turn.status = status;
  turn.endT = t;
  turn.totalMs = t - turn.sendT;
  if (seq !== undefined) turn.endSeq = seq;
  const out = turn.usage?.outputTokens;
  if (out !== undefined && out > 0 && turn.firstDeltaT !== undefined && t > turn.firstDeltaT) {
    turn.tokensPerSecond = out / ((t - turn.firstDeltaT) / 1000);
  }
}

/**
 * The error of an `error` frame. The WebSocket shape nests it (`{type:'error', status, error:{code,
 * message, type}}`, protocol.md §5.1); older SDKs and gateways send the flat SSE shape.
 */
export function readFrameError(ev: WireEvent): TurnError {
  const nested = obj(ev.error);
  const err = readError(nested ?? ev) ?? {};
  const status = num(ev.status) ?? num(ev.status_code);
  if (status !== undefined) err.status = status;
  return err;
}

function readError(e: WireEvent | undefined): TurnError | undefined {
  if (!e) return undefined;
  const out: TurnError = {};
  const code = str(e.code);
  const message = str(e.message);
  const type = str(e.type);
  if (code !== undefined) out.code = code;
  if (message !== undefined) out.message = message;
  // For the flat shape `type` is "error" (the event type), which says nothing.
  if (type !== undefined && type !== 'error') out.type = type;
  return out;
}

function noteResponse(turn: Turn, response: WireEvent | undefined): void {
  if (!response) return;
  const id = str(response.id);
  if (id !== undefined && turn.responseId === undefined) turn.responseId = id;
  const model = str(response.model);
  if (model === undefined) return;
  if (turn.model === undefined) turn.model = model;
  turn.servedModel = model;
}

function noteItem(open: OpenTurn, item: WireEvent | undefined, done: boolean): void {
  if (!item) return;
  const type = item.type;
  if (type !== 'function_call' && type !== 'custom_tool_call') return;
  const id = str(item.id) ?? '';
  let call = open.items.get(id);
  if (!call) {
    call = { name: str(item.name) ?? '', callId: str(item.call_id) ?? '', arguments: '' };
    open.items.set(id, call);
    open.turn.toolCalls.push(call);
  }
  const full = str(item.arguments) ?? str(item.input);
  if (done && full !== undefined) call.arguments = full;
}

function applyDelta(open: OpenTurn, ev: WireEvent, type: string): void {
  const delta = str(ev.delta);
  if (delta === undefined) return;
  if (type === 'response.output_text.delta') {
    open.turn.outputText += delta;
  } else if (type === 'response.function_call_arguments.delta' || type === 'response.custom_tool_call_input.delta') {
    const call = open.items.get(str(ev.item_id) ?? '');
    if (call) call.arguments += delta;
  }
}

function readUsage(u: WireEvent | undefined): TurnUsage | undefined {
  if (!u) return undefined;
  const inputTokens = num(u.input_tokens) ?? 0;
  const outputTokens = num(u.output_tokens) ?? 0;
  return {
    inputTokens,
    outputTokens,
    cachedTokens: num(obj(u.input_tokens_details)?.cached_tokens) ?? 0,
    reasoningTokens: num(obj(u.output_tokens_details)?.reasoning_tokens) ?? 0,
    totalTokens: num(u.total_tokens) ?? inputTokens + outputTokens,
  };
}
