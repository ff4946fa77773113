/**
 * Turns as OpenTelemetry GenAI spans, in OTLP/HTTP JSON, so traces can go to Jaeger,
 * Tempo or any OTLP collector. Names follow the GenAI semantic conventions (prior-art.md §4): one
 * `chat {model}` CLIENT span per turn with gen_ai.* attributes, under one parent span per
 * connection (a WebSocket, or one HTTP exchange). Prompt and output content is opt-in
 * (`includeContent`), as the conventions require, and key-shaped strings in it are masked.
 *
 * The exporter is incremental: feed records in file order; `takeFinished` hands out the spans of
 * turns and connections that ended since the last call (live export), `finish` the rest with open
 * ones ended at the last record (file export). Span and trace ids are derived from the capture, so
 * exporting the same capture twice gives the same ids (a collector can deduplicate).
 */

import type { CaptureRecord } from '../capture.ts';
import type { ConnectionInfo, Turn } from '../model.ts';
import { maskSecrets } from '../redact.ts';
import { createCaptureModel } from '../turns.ts';

export interface OtlpOptions {
  /** Add gen_ai.input.messages, gen_ai.output.messages, gen_ai.system_instructions, gen_ai.tool.definitions. */
  includeContent?: boolean;
  serviceName?: string;
  tool?: { name: string; version: string };
}

export type OtlpValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean } | { arrayValue: { values: OtlpValue[] } };
export interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 1 INTERNAL, 3 CLIENT. */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  events?: { timeUnixNano: string; name: string; attributes?: OtlpAttribute[] }[];
  /** 0 UNSET, 2 ERROR. */
  status: { code: number; message?: string };
}
export interface OtlpTraces {
  resourceSpans: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[] }[];
}

/** What a span needs from a turn's request body (parsed once, at the send). */
interface RequestInfo {
  stream?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  conversation?: string;
  content?: { input?: unknown; instructions?: unknown; tools?: unknown };
}

export interface OtlpExporter {
  add(rec: CaptureRecord): void;
  takeFinished(): OtlpSpan[];
  finish(): OtlpSpan[];
}

export function createOtlpExporter(opts: OtlpOptions = {}): OtlpExporter {
  const model = createCaptureModel();
  const requests = new Map<string, RequestInfo>();
  const upstreamOf = new Map<string, string>();
  const setupOf = new Map<string, number>();
  const doneTurns = new Set<string>();
  const doneConns = new Set<string>();
  let captureUpstream = '';
  let captureId = '';
  let turnCursor = 0;
  let connCursor = 0;

  function add(rec: CaptureRecord): void {
    model.add(rec);
    if (rec.kind === 'capture.start') {
      captureUpstream = rec.upstream;
      captureId = `${rec.t}|${rec.upstream}`;
    } else if (rec.kind === 'conn.upstream_open') {
      upstreamOf.set(rec.conn, rec.upstream);
      if (rec.setupMs !== undefined) setupOf.set(rec.conn, rec.setupMs);
    } else if (rec.kind === 'frame' && rec.dir === 'send' && !rec.binary) {
      const turn = model.turnOfFrame(rec.conn, rec.seq);
      if (turn && turn.sendSeq === rec.seq) requests.set(turn.id, readRequest(rec.data, rec.http === 'request', opts.includeContent === true));
    }
  }

  const traceOf = (conn: string) => hex(`${captureId}|${conn}`, 32);
  const connSpanId = (conn: string) => hex(`${captureId}|${conn}|conn`, 16);

  function turnSpan(turn: Turn, endT: number): OtlpSpan {
    const conn = model.connection(turn.conn);
    const req = requests.get(turn.id) ?? {};
    const { host, port } = hostPort(upstreamOf.get(turn.conn) ?? captureUpstream);
    const a = new Attrs();
    a.str('gen_ai.operation.name', 'chat').str('gen_ai.provider.name', 'openai').str('openai.api.type', 'responses');
    a.str('gen_ai.request.model', turn.model).bool('gen_ai.request.stream', conn?.transport === 'http' ? req.stream === true : true);
    a.int('gen_ai.request.max_tokens', req.maxTokens).dbl('gen_ai.request.temperature', req.temperature).dbl('gen_ai.request.top_p', req.topP);
    a.str('gen_ai.response.id', turn.responseId).str('gen_ai.response.model', turn.model);
    const finish = finishReason(turn);
    if (finish) a.strs('gen_ai.response.finish_reasons', [finish]);
    a.dbl('gen_ai.response.time_to_first_chunk', turn.ttftMs === undefined ? undefined : turn.ttftMs / 1000);
    const u = turn.usage;
    if (u) {
      a.int('gen_ai.usage.input_tokens', u.inputTokens).int('gen_ai.usage.output_tokens', u.outputTokens);
      a.int('gen_ai.usage.cache_read.input_tokens', u.cachedTokens).int('gen_ai.usage.reasoning.output_tokens', u.reasoningTokens);
    }
    a.str('gen_ai.conversation.id', req.conversation ?? chainRoot(turn));
    a.str('server.address', host).int('server.port', port);
    const errorType = errorTypeOf(turn);
    a.str('error.type', errorType);
    a.str('responses_inspector.turn', turn.id)
      .str('responses_inspector.lane', turn.lane ?? undefined)
      .str('responses_inspector.transport', conn?.transport);
    a.dbl('responses_inspector.agent_ms', turn.agentMs).bool('responses_inspector.warmup', turn.warmup || undefined);
    if (opts.includeContent) {
      const c = req.content ?? {};
      a.str('gen_ai.input.messages', json(inputMessages(c.input))).str(
        'gen_ai.system_instructions',
        json(c.instructions === undefined ? undefined : [{ type: 'text', content: c.instructions }]),
      );
      a.str('gen_ai.tool.definitions', json(c.tools)).str('gen_ai.output.messages', json(outputMessages(turn, finish)));
    }
    const events: NonNullable<OtlpSpan['events']> = [];
    if (turn.createdT !== undefined) events.push({ timeUnixNano: nanos(turn.createdT), name: 'response.created' });
    if (turn.firstDeltaT !== undefined) events.push({ timeUnixNano: nanos(turn.firstDeltaT), name: 'gen_ai.first_chunk' });
    return {
      traceId: traceOf(turn.conn),
      spanId: hex(`${captureId}|${turn.id}`, 16),
      parentSpanId: connSpanId(turn.conn),
      name: turn.model ? `chat ${turn.model}` : 'chat',
      kind: 3,
      startTimeUnixNano: nanos(turn.sendT),
      endTimeUnixNano: nanos(turn.endT ?? endT),
      attributes: a.list,
      ...(events.length ? { events } : {}),
      // An API error message can quote the request; keys in it are masked like content is.
      status: errorType ? { code: 2, message: maskSecrets(turn.error?.message ?? errorType) } : { code: 0 },
    };
  }

  function connectionSpan(c: ConnectionInfo, endT: number): OtlpSpan {
    const upstream = upstreamOf.get(c.conn) ?? captureUpstream;
    const { host, port } = hostPort(upstream);
    const a = new Attrs();
    a.str('network.protocol.name', c.transport === 'http' ? 'http' : 'websocket').str('url.full', upstream || undefined);
    a.str('server.address', host).int('server.port', port).str('openai.api.type', 'responses');
    a.str('responses_inspector.conn', c.conn).dbl('responses_inspector.handshake_ms', c.handshakeMs).dbl('responses_inspector.setup_ms', setupOf.get(c.conn));
    a.int('responses_inspector.turns', c.turns).str('responses_inspector.replaces', c.replaces);
    if (c.close) a.str('responses_inspector.close.side', c.close.side).int('responses_inspector.close.code', c.close.code);
    const failed = c.status === 'refused' || c.error !== undefined;
    if (failed) a.str('error.type', c.error?.status !== undefined ? String(c.error.status) : 'connection_error');
    return {
      traceId: traceOf(c.conn),
      spanId: connSpanId(c.conn),
      name: c.transport === 'http' ? 'POST /v1/responses' : 'responses websocket',
      kind: 1,
      startTimeUnixNano: nanos(c.openT),
      endTimeUnixNano: nanos(c.close?.t ?? endT),
      attributes: a.list,
      status: failed ? { code: 2, message: c.error?.message ?? 'refused' } : { code: 0 },
    };
  }

  function chainRoot(turn: Turn): string | undefined {
    let t: Turn | undefined = turn;
    for (let hops = 0; t?.previousTurnId !== undefined && hops < 10_000; hops++) t = model.turn(t.previousTurnId);
    return t?.responseId;
  }

  function takeFinished(): OtlpSpan[] {
    const spans: OtlpSpan[] = [];
    const turns = model.turns();
    for (let i = turnCursor; i < turns.length; i++) {
      const turn = turns[i];
      if (turn.endT === undefined || doneTurns.has(turn.id)) continue;
      doneTurns.add(turn.id);
      spans.push(turnSpan(turn, turn.endT));
    }
    while (turnCursor < turns.length && doneTurns.has(turns[turnCursor].id)) turnCursor++;
    const conns = model.connections();
    for (let i = connCursor; i < conns.length; i++) {
      const c = conns[i];
      if (doneConns.has(c.conn) || (!c.close && c.status !== 'refused')) continue;
      doneConns.add(c.conn);
      spans.push(connectionSpan(c, c.close?.t ?? c.error?.t ?? c.openT));
    }
    while (connCursor < conns.length && doneConns.has(conns[connCursor].conn)) connCursor++;
    return spans;
  }

  function finish(): OtlpSpan[] {
    const spans = takeFinished();
    const lastT = model.info().lastT ?? 0;
    for (const turn of model.turns().slice(turnCursor)) {
      if (doneTurns.has(turn.id)) continue;
      doneTurns.add(turn.id);
      spans.push(turnSpan(turn, lastT));
    }
    for (const c of model.connections()) {
      if (doneConns.has(c.conn)) continue;
      doneConns.add(c.conn);
      spans.push(connectionSpan(c, lastT));
    }
    return spans;
  }

  return { add, takeFinished, finish };
}

/** The OTLP/HTTP JSON request body (ExportTraceServiceRequest) for some spans. */
export function otlpTraces(spans: OtlpSpan[], opts: OtlpOptions = {}): OtlpTraces {
  const tool = opts.tool ?? { name: 'responses-inspector', version: '0' };
  const resource = new Attrs()
    .str('service.name', opts.serviceName ?? tool.name)
    .str('telemetry.sdk.name', tool.name)
    .str('telemetry.sdk.version', tool.version);
  return { resourceSpans: [{ resource: { attributes: resource.list }, scopeSpans: [{ scope: { name: tool.name, version: tool.version }, spans }] }] };
}

function readRequest(data: string, http: boolean, content: boolean): RequestInfo {
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null) return {};
    body = parsed as Record<string, unknown>;
  } catch {
    return {};
  }
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const info: RequestInfo = {};
  if (http) info.stream = body.stream === true;
  const maxTokens = num(body.max_output_tokens);
  if (maxTokens !== undefined) info.maxTokens = maxTokens;
  const temperature = num(body.temperature);
  if (temperature !== undefined) info.temperature = temperature;
  const topP = num(body.top_p);
  if (topP !== undefined) info.topP = topP;
  const conv = body.conversation;
  const convId = typeof conv === 'string' ? conv : typeof conv === 'object' && conv !== null ? (conv as { id?: unknown }).id : undefined;
  if (typeof convId === 'string') info.conversation = convId;
  // Content is kept only when it will be exported: it is the sensitive part.
  if (content) info.content = { input: body.input, instructions: body.instructions, tools: body.tools };
  return info;
}

function inputMessages(input: unknown): unknown {
  if (input === undefined) return undefined;
  if (typeof input === 'string') return [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  return input;
}

function outputMessages(turn: Turn, finish: string | undefined): unknown {
  const parts: unknown[] = [];
  if (turn.outputText) parts.push({ type: 'text', content: turn.outputText });
  for (const call of turn.toolCalls) parts.push({ type: 'tool_call', id: call.callId, name: call.name, arguments: call.arguments });
  return parts.length ? [{ role: 'assistant', parts, ...(finish ? { finish_reason: finish } : {}) }] : undefined;
}

function finishReason(turn: Turn): string | undefined {
  switch (turn.status) {
    case 'completed':
      return turn.toolCalls.length > 0 ? 'tool_call' : 'stop';
    case 'incomplete':
      return turn.incompleteReason === 'max_output_tokens' ? 'length' : (turn.incompleteReason ?? 'incomplete');
    case 'failed':
    case 'error':
      return 'error';
    default:
      return undefined;
  }
}

function errorTypeOf(turn: Turn): string | undefined {
  if (turn.status === 'failed' || turn.status === 'error')
    return turn.error?.code ?? turn.error?.type ?? (turn.error?.status !== undefined ? String(turn.error.status) : turn.status);
  if (turn.status === 'cut') return 'connection_closed';
  return undefined;
}

/** Host and port of a ws(s)/http(s) URL; a regex, since src/core has no URL global (no DOM, no Node). */
function hostPort(url: string): { host?: string; port?: number } {
  const m = /^(wss?|https?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?/i.exec(url);
  if (!m) return {};
  const secure = m[1].toLowerCase() === 'wss' || m[1].toLowerCase() === 'https';
  return { host: m[2].replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : secure ? 443 : 80 };
}

function json(v: unknown): string | undefined {
  return v === undefined ? undefined : maskSecrets(JSON.stringify(v));
}

/** Epoch ms with a µs fraction → ns as a decimal string (too large for a double's exact integers). */
export function nanos(ms: number): string {
  const micros = Math.round(ms * 1000);
  return micros === 0 ? '0' : `${micros}000`;
}

/** A deterministic hex id of `len` characters (cyrb53 with several seeds; ids, not security). */
export function hex(text: string, len: 16 | 32): string {
  let out = '';
  for (let seed = 1; out.length < len; seed++) out += cyrb53(text, seed).toString(16).padStart(14, '0');
  out = out.slice(0, len);
  return /^0+$/.test(out) ? `1${out.slice(1)}` : out;
}

function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Attribute list builder: undefined values are left out. */
class Attrs {
  readonly list: OtlpAttribute[] = [];
  str(key: string, v: string | undefined): this {
    if (v !== undefined) this.list.push({ key, value: { stringValue: v } });
    return this;
  }
  strs(key: string, v: string[]): this {
    this.list.push({ key, value: { arrayValue: { values: v.map((s) => ({ stringValue: s })) } } });
    return this;
  }
  int(key: string, v: number | undefined): this {
    if (v !== undefined) this.list.push({ key, value: { intValue: String(Math.trunc(v)) } });
    return this;
  }
  dbl(key: string, v: number | undefined): this {
    if (v !== undefined) this.list.push({ key, value: { doubleValue: v } });
    return this;
  }
  bool(key: string, v: boolean | undefined): this {
    if (v !== undefined) this.list.push({ key, value: { boolValue: v } });
    return this;
  }
}
