/**
 * One-line summaries of capture records for the timeline: what a developer scanning the
 * rows needs to see without opening the detail: the delta text, the function name with its
 * arguments so far, the error code, the close code. Pure: the timeline keeps the small amount of
 * context a summary needs (function names by item id) and passes it in.
 */

import type { CaptureRecord } from './capture.ts';
import { clip, formatMs, oneLineClip } from './format.ts';
import { formatCount } from './spanFormat.ts';

/** Longest summary kept per row; the detail pane has the full payload. */
export const SUMMARY_MAX = 240;

export interface FrameInfo {
  /** The event `type`, or `(binary)` / `(not JSON)` / `(no type)`. */
  type: string;
  /** `stream_id` when the frame names a lane. */
  lane: string | null;
  itemId?: string;
  /** Streaming deltas of one item fold into one row: frames with equal keys fold when consecutive. */
  foldKey?: string;
  /** The text a delta adds (text, arguments, reasoning...). */
  delta?: string;
  errorCode?: string;
  /** A function or custom tool call item was announced: later argument deltas show its name. */
  announces?: { itemId: string; name: string };
  summary: string;
}

export interface SummaryContext {
  /** Name of the function call item `itemId`, when an earlier frame announced it. */
  toolName(itemId: string): string | undefined;
}

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/**
 * Describes one frame's payload. Never throws: captured content is untrusted. `parsed` is the
 * payload already parsed by the caller (the turn model needs it too), so it is parsed only once.
 */
export function describeFrame(data: string, binary: boolean, ctx: SummaryContext, parsed?: unknown): FrameInfo {
  if (binary) return { type: '(binary)', lane: null, summary: `binary frame (base64, ${data.length} chars)` };
  let value: unknown = parsed;
  if (value === undefined) {
    try {
      value = JSON.parse(data);
    } catch {
      return { type: '(not JSON)', lane: null, summary: oneLineClip(data, SUMMARY_MAX) };
    }
  }
  const ev = obj(value);
  if (!ev) return { type: '(not an object)', lane: null, summary: oneLineClip(data, SUMMARY_MAX) };
  const type = str(ev.type) ?? '(no type)';
  const info: FrameInfo = { type, lane: str(ev.stream_id) ?? null, summary: '' };
  const itemId = str(ev.item_id);
  if (itemId) info.itemId = itemId;

  // A delta without `item_id` (a proxy or an older server left it out) still shows its text.
  if (type.endsWith('.delta') && (itemId !== undefined || 'delta' in ev)) {
    const delta = typeof ev.delta === 'string' ? ev.delta : JSON.stringify(ev.delta ?? '');
    info.delta = delta;
    info.foldKey = `${type}|${itemId ?? ''}|${ev.content_index ?? ''}|${ev.summary_index ?? ''}`;
    info.summary = deltaSummary(type, itemId ?? '', delta, ctx);
    return info;
  }
  info.summary = oneLineClip(summarizeEvent(type, ev, info, ctx), SUMMARY_MAX);
  return info;
}

/** The summary of a run of folded deltas, given the text they add up to so far. */
export function deltaSummary(type: string, itemId: string, text: string, ctx: SummaryContext): string {
  const clipped = oneLineClip(text, SUMMARY_MAX);
  if (type === 'response.function_call_arguments.delta' || type === 'response.custom_tool_call_input.delta') {
    return `${ctx.toolName(itemId) ?? 'call'}(${clipped}`;
  }
  return clipped;
}

function summarizeEvent(type: string, ev: Json, info: FrameInfo, ctx: SummaryContext): string {
  switch (type) {
    case 'response.create':
      return createSummary(ev);
    case 'response.created':
    case 'response.in_progress':
    case 'response.queued':
    case 'response.completed':
    case 'response.failed':
    case 'response.incomplete':
    case 'response.done':
      return responseSummary(obj(ev.response));
    case 'response.output_item.added':
    case 'response.output_item.done': {
      const item = obj(ev.item) ?? {};
      const name = str(item.name);
      const id = str(item.id);
      if (name && id && (item.type === 'function_call' || item.type === 'custom_tool_call')) info.announces = { itemId: id, name };
      const args = str(item.arguments) ?? str(item.input);
      const head = [str(item.type), name ?? str(item.role), id].filter(Boolean).join(' ');
      return args ? `${head} ${name ?? ''}(${args})` : head;
    }
    case 'response.function_call_arguments.done':
    case 'response.custom_tool_call_input.done': {
      const id = str(ev.item_id) ?? '';
      return `${ctx.toolName(id) ?? 'call'}(${str(ev.arguments) ?? str(ev.input) ?? ''})`;
    }
    case 'response.output_text.done':
    case 'response.reasoning_text.done':
    case 'response.reasoning_summary_text.done':
      return str(ev.text) ?? '';
    case 'response.refusal.done':
      return str(ev.refusal) ?? '';
    case 'response.content_part.added':
    case 'response.content_part.done': {
      const part = obj(ev.part) ?? {};
      return [str(part.type), str(part.text)].filter((s) => s !== undefined && s !== '').join(' ');
    }
    case 'error':
      return errorSummary(ev, info);
    default:
      return str(ev.message) ?? str(ev.text) ?? '';
  }
}

function createSummary(ev: Json): string {
  const parts: string[] = [];
  if (str(ev.model)) parts.push(str(ev.model)!);
  if ('previous_response_id' in ev) parts.push(`prev=${str(ev.previous_response_id) ?? 'null'}`);
  if (ev.generate === false) parts.push('warm-up');
  const input = ev.input;
  if (Array.isArray(input)) {
    parts.push(`${input.length} input item${input.length === 1 ? '' : 's'}`);
    const text = firstInputText(input);
    if (text) parts.push(text);
  } else if (typeof input === 'string') {
    parts.push(quoted(input));
  }
  if (Array.isArray(ev.tools) && ev.tools.length > 0) parts.push(`${ev.tools.length} tools`);
  return parts.join(' · ');
}

/** A text in quotes, as it reads: its own quotes are not escaped (the detail has the exact JSON). */
function quoted(text: string): string {
  return `"${clip(text, 80)}"`;
}

function firstInputText(input: unknown[]): string | undefined {
  for (const raw of input) {
    const item = obj(raw);
    if (!item) continue;
    if (typeof item.content === 'string') return quoted(item.content);
    if (Array.isArray(item.content)) {
      for (const c of item.content) {
        const t = str(obj(c)?.text);
        if (t) return quoted(t);
      }
    }
    // A tool's output is often JSON: shown as it is, its quotes not escaped.
    if (item.type === 'function_call_output') return `${str(item.call_id) ?? ''} → ${clip(str(item.output) ?? '', 80)}`;
  }
  return undefined;
}

function responseSummary(resp: Json | undefined): string {
  if (!resp) return '';
  const parts = [str(resp.id), str(resp.status)].filter(Boolean) as string[];
  const usage = obj(resp.usage);
  if (usage) parts.push(`in ${usage.input_tokens ?? '?'} · out ${usage.output_tokens ?? '?'} tokens`);
  const err = obj(resp.error);
  if (err) parts.push(`${str(err.code) ?? ''} ${str(err.message) ?? ''}`.trim());
  const incomplete = obj(resp.incomplete_details);
  if (incomplete && str(incomplete.reason)) parts.push(`reason ${str(incomplete.reason)}`);
  return parts.join(' · ');
}

function errorSummary(ev: Json, info: FrameInfo): string {
  const err = obj(ev.error) ?? ev;
  const code = str(err.code) ?? str(err.type);
  if (code) info.errorCode = code;
  const status = typeof ev.status === 'number' ? ev.status : undefined;
  return [status !== undefined ? String(status) : '', code ?? '', str(err.message) ?? ''].filter(Boolean).join(' · ');
}

/** Type column and summary for the records that are not frames. */
export function describeRecord(rec: Exclude<CaptureRecord, { kind: 'frame' }>): string {
  switch (rec.kind) {
    case 'capture.start':
      return `${rec.tool.name} ${rec.tool.version} · upstream ${rec.upstream}`;
    case 'conn.open':
      return [rec.transport ?? 'ws', rec.path, rec.headers['user-agent']].filter(Boolean).join(' · ');
    case 'conn.upstream_open':
      return `${rec.status} from ${rec.upstream} · handshake ${formatMs(rec.handshakeMs)} ms`;
    case 'conn.close':
      return `${rec.code}${rec.reason ? ` ${JSON.stringify(rec.reason)}` : ''} · closed by ${rec.side}`;
    case 'conn.error':
      return [rec.status !== undefined ? `HTTP ${rec.status}` : '', rec.message ?? '', rec.side ? `(${rec.side})` : ''].filter(Boolean).join(' ');
    case 'capture.end':
      return `${formatCount(rec.counts.connections)} connections · ${formatCount(rec.counts.frames)} frames · ${formatCount(rec.counts.dropped)} dropped`;
    case 'capture.gap':
      return `${formatCount(rec.dropped)} records not recorded: ${rec.message}`;
    case 'fault':
      return `${rec.action === 'armed' ? 'armed' : 'injected'} ${rec.fault}: ${rec.detail} (${rec.source})`;
  }
}
