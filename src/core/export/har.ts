/**
 * The capture as HAR 1.2 with Chrome's WebSocket extension, so Chrome DevTools (Network panel,
 * "Import HAR file"), HTTP Toolkit and other HAR readers can open it:
 *
 * - one entry per connection, `_resourceType: "websocket"`, request `GET <upstream URL>` with the
 *   agent's upgrade headers (credentials already `[redacted]` in the capture), response 101 (or
 *   the refusal status), `time` and `timings.wait` = the upstream handshake;
 * - `_webSocketMessages: [{ type: "send"|"receive", time: <epoch SECONDS with fraction>,
 *   opcode: 1 (text) | 2 (binary), data: text | base64 }]`, in capture order;
 * - `_webSocketClose: { code, reason, timestamp: <epoch seconds> }` as HTTP Toolkit writes it
 *   (Chrome's HAR has no close record);
 * - HTTP passthrough exchanges are plain request entries (harHttp.ts);
 * - `_responsesInspector: { conn, path }` and, after the messages, `_responsesInspectorEnd:
 *   { closeSide, error }`, so our own import restores connection ids and who closed; at the end of
 *   the log, `_responsesInspector: { upstream, maxAgeMs }` from capture.start, so a reopened HAR
 *   counts down to the same limit and links the same reconnects. Other readers ignore underscore
 *   fields. (What is known only at a connection's end is written after its
 *   messages, so an entry can be streamed while its connection is still going.)
 *
 * HAR groups messages by connection while a capture interleaves them, so the builder is split in
 * pieces (`harLogHead`, `harEntryHead`, `harMessage`, `harEntryTail`, `harLogTail`) that a
 * streaming writer assembles with messages spooled per connection (server/captures/harWriter.ts);
 * `buildHar` assembles them in memory for the dashboard and tests.
 */

import type { Creator, Entry } from 'har-format';
import type { CaptureRecord, FrameRecord } from '../capture.ts';
import { applyClose, applyConnError, applyUpstreamOpen, openConnection } from '../connections.ts';
import type { ConnectionInfo } from '../model.ts';
import { maskPayload } from './maskPayload.ts';
import { dataJson, dataJsonOfLiteral } from './rawData.ts';
import { readFrameLine } from './frameLine.ts';
import type { LineDecoder } from '../lineSplitter.ts';
import { createCaptureModel, type CaptureModel } from '../turns.ts';
import { settleEndedTurn } from './settle.ts';
import { compileExportFilter, type ExportFilter } from './filter.ts';
import { addHttpRecord, harHttpEntryHead, harHttpEntryTail, harHttpMessage, newHttpParts, type HttpExchangeParts } from './harHttp.ts';

export interface HarOptions {
  filter?: ExportFilter;
  includeSecrets?: boolean;
  tool?: { name: string; version: string };
}

/** Vendor field on each entry: what our own importer reads back. */
export const HAR_EXTENSION_KEY = '_responsesInspector';
/** Vendor field after an entry's messages: what is known only at its connection's end. */
export const HAR_EXTENSION_END_KEY = `${HAR_EXTENSION_KEY}End` as const;

export function harLogHead(tool: Creator = { name: 'responses-inspector', version: 'unknown' }): string {
  return `{"log":{"version":"1.2","creator":${JSON.stringify(tool)},"pages":[],"entries":[`;
}

/** What capture.start says about the whole capture, kept in the HAR (see the module comment). */
export interface HarCaptureMeta {
  upstream?: string;
  maxAgeMs?: number;
}

export function harLogTail(meta: HarCaptureMeta = {}): string {
  return Object.keys(meta).length ? `\n],"${HAR_EXTENSION_KEY}":${JSON.stringify(meta)}}}\n` : '\n]}}\n';
}

/** The entry up to and including `"_webSocketMessages":[`; `upstream` is the URL the agent's socket was relayed to. */
export function harEntryHead(c: ConnectionInfo, upstream: string | undefined): string {
  const url = upstream ?? `ws://127.0.0.1${c.path || '/v1/responses'}`;
  const status = c.error?.status ?? (c.upstreamOpenT !== undefined ? 101 : 0);
  const wait = c.handshakeMs ?? 0;
  // Without `_webSocketMessages`: the JSON is cut before its closing brace and the messages follow.
  const entry: Entry = {
    startedDateTime: new Date(c.openT).toISOString(),
    time: wait,
    request: {
      method: 'GET',
      url,
      httpVersion: 'HTTP/1.1',
      headers: Object.entries(c.headers).map(([name, value]) => ({ name, value })),
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: status === 101 ? 'Switching Protocols' : '',
      httpVersion: 'HTTP/1.1',
      headers: [],
      cookies: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait, receive: 0 },
    _resourceType: 'websocket',
    [HAR_EXTENSION_KEY]: { conn: c.conn, path: c.path },
  };
  const json = JSON.stringify(entry);
  return `\n${json.slice(0, -1)},"_webSocketMessages":[`;
}

/** HAR custom fields (underscore) for a frame a fault injected or kept from the upstream. */
function faultMark(f: FrameRecord): string {
  return f.injected ? ',"_injected":true' : f.forwarded === false ? ',"_forwarded":false' : '';
}

/**
 * One `_webSocketMessages` item (without separator); `line` as in `dataJson`. Written as text, not
 * through JSON.stringify: `data` is the capture's own escaped JSON string, copied without decoding
 * (rawData.ts). The fields are har-format's `Entry['_webSocketMessages']` item, plus the fault marks.
 */
export function harMessage(f: FrameRecord, includeSecrets = false, line?: string, literal?: string): string {
  const mask = includeSecrets ? keep : maskPayload;
  const data = literal === undefined ? dataJson(f, line, mask) : dataJsonOfLiteral(f, literal, mask);
  return `{"type":"${f.dir}","time":${f.t / 1000},"opcode":${f.binary ? 2 : 1},"data":${data}${faultMark(f)}}`;
}

const keep = (s: string) => s;

/** Closes the messages array and the entry, with `_webSocketClose` when the connection closed. */
export function harEntryTail(c: ConnectionInfo): string {
  const close = c.close ? `,"_webSocketClose":${JSON.stringify({ code: c.close.code, reason: c.close.reason, timestamp: c.close.t / 1000 })}` : '';
  const end = {
    ...(c.close ? { closeSide: c.close.side } : {}),
    ...(c.error?.message !== undefined ? { error: c.error.message } : {}),
  };
  return `]${close}${Object.keys(end).length ? `,"${HAR_EXTENSION_END_KEY}":${JSON.stringify(end)}` : ''}}`;
}

/**
 * Feeds records in capture order; calls `message(conn, text)` for each kept frame (to be placed in
 * that connection's entry) and knows, at the end, which connections to write and how.
 */
export interface HarCollector {
  /** `line`: the record's capture line, when the caller has it (see `dataJson`). */
  add(rec: CaptureRecord, line?: string): void;
  /**
   * A capture line's bytes: when it is a WebSocket frame line in the relay's layout (frameLine.ts),
   * it is added without parsing the whole line and its record returned; otherwise undefined, and
   * the caller parses it and calls `add`.
   */
  addLine(bytes: Uint8Array, start: number, end: number, decode: LineDecoder): CaptureRecord | undefined;
  /** Connections to write, in open order, with the upstream URL of each. */
  entries(): { conn: ConnectionInfo; upstream: string | undefined }[];
  /**
   * The same list one entry at a time: it only grows at its end (a connection is added when first
   * seen), so a streaming writer keeps its place with an index instead of walking the whole list
   * on every record, which made a HAR of many connections quadratic.
   */
  entryCount(): number;
  entryAt(i: number): { conn: ConnectionInfo; upstream: string | undefined };
  /** Turns seen, when the filter needed the turn model (a turn or type filter); else undefined. */
  turns(): number | undefined;
  /** An entry's head and tail: a WebSocket entry, or an HTTP exchange's request entry (harHttp.ts). */
  head(c: ConnectionInfo, upstream: string | undefined): string;
  tail(c: ConnectionInfo, upstream: string | undefined): string;
  /** The capture.start facts for the log's tail. */
  meta(): HarCaptureMeta;
}

/**
 * A HAR needs no turns, so unless the filter selects by turn, type or a custom test, payloads are
 * never parsed and only the connections are tracked: the export then costs little more than
 * re-escaping each payload.
 */
export function createHarCollector(opts: HarOptions, message: (conn: string, text: string) => void): HarCollector {
  const filter = compileExportFilter(opts.filter);
  const upstreams = new Map<string, string>();
  let defaultUpstream: string | undefined;
  const meta: HarCaptureMeta = {};
  const needsModel = opts.filter !== undefined && (opts.filter.turns !== undefined || (opts.filter.types?.length ?? 0) > 0 || opts.filter.keep !== undefined);
  const model: CaptureModel | null = needsModel ? createCaptureModel() : null;
  const conns = new Map<string, ConnectionInfo>();
  /** The connections the filter keeps, in the order they were first seen. */
  const kept: ConnectionInfo[] = [];
  const track = (info: ConnectionInfo) => {
    conns.set(info.conn, info);
    if (filter.conn(info.conn)) kept.push(info);
    return info;
  };
  const connOf = (conn: string, t: number) => conns.get(conn) ?? track(openConnection({ kind: 'conn.open', t, conn, path: '', headers: {} }));
  const entryOf = (conn: ConnectionInfo) => ({ conn, upstream: upstreams.get(conn.conn) ?? defaultUpstream });
  // HTTP passthrough exchanges (transport 'http') become request entries (harHttp.ts): what their
  // tails need is gathered here, per exchange (one request and its response body).
  const http = new Map<string, HttpExchangeParts>();
  const mask = opts.includeSecrets ? keep : maskPayload;
  const itemOf = (rec: FrameRecord, line?: string, literal?: string) =>
    http.has(rec.conn) ? harHttpMessage(rec, mask, line) : harMessage(rec, opts.includeSecrets, line, literal);
  const addFrame = (rec: FrameRecord, line?: string, literal?: string) => {
    // Counted here, model or not: a streaming writer opens an entry once it has traffic.
    connOf(rec.conn, rec.t).frames++;
    if (model) {
      const payload = parseType(rec);
      model.add(rec, payload?.event ?? null);
      const turn = model.turnOfFrame(rec.conn, rec.seq);
      settleEndedTurn(turn, rec.seq);
      if (filter.record(rec, payload?.type, turn)) message(rec.conn, itemOf(rec, line, literal));
    } else if (filter.record(rec, undefined, undefined)) {
      message(rec.conn, itemOf(rec, line, literal));
    }
  };
  return {
    addLine(bytes, start, end, decode) {
      const frame = readFrameLine(bytes, start, end, decode);
      // An HTTP exchange's frames take the general path (their bodies are gathered from the records).
      if (!frame || http.has(frame.rec.conn)) return undefined;
      addFrame(frame.rec, undefined, frame.literal);
      return frame.rec;
    },
    add(rec, line) {
      if (rec.kind === 'conn.open' && rec.transport === 'http') http.set(rec.conn, newHttpParts());
      const parts = 'conn' in rec ? http.get(rec.conn) : undefined;
      if (parts && (rec.kind === 'conn.open' || rec.kind === 'conn.upstream_open' || rec.kind === 'frame')) addHttpRecord(parts, rec);
      if (rec.kind === 'frame') return addFrame(rec, line);
      model?.add(rec);
      switch (rec.kind) {
        case 'capture.start':
          defaultUpstream = rec.upstream;
          if (rec.upstream) meta.upstream = rec.upstream;
          if (rec.maxAgeMs !== undefined) meta.maxAgeMs = rec.maxAgeMs;
          break;
        case 'conn.open':
          if (!conns.has(rec.conn)) track(openConnection(rec));
          break;
        case 'conn.upstream_open':
          upstreams.set(rec.conn, rec.upstream);
          applyUpstreamOpen(connOf(rec.conn, rec.t), rec);
          break;
        case 'conn.close':
          applyClose(connOf(rec.conn, rec.t), rec);
          break;
        case 'conn.error':
          applyConnError(connOf(rec.conn, rec.t), rec);
          break;
      }
    },
    entries: () => kept.map(entryOf),
    entryCount: () => kept.length,
    entryAt: (i) => entryOf(kept[i]),
    turns: () => model?.turns().length,
    head(c, upstream) {
      const parts = http.get(c.conn);
      return parts ? harHttpEntryHead(c, parts) : harEntryHead(c, upstream);
    },
    tail(c, upstream) {
      const parts = http.get(c.conn);
      if (!parts) return harEntryTail(c);
      const text = harHttpEntryTail(c, parts, upstream, mask);
      // A tail is written once: the exchange's bodies need not outlive it (a HAR of many exchanges
      // would otherwise hold every body to the end).
      parts.body = [];
      parts.request = undefined;
      return text;
    },
    meta: () => meta,
  };
}

/** The whole HAR document, assembled in memory. */
export function buildHar(records: Iterable<CaptureRecord>, opts: HarOptions = {}): string {
  const messages = new Map<string, string[]>();
  const collector = createHarCollector(opts, (conn, text) => {
    let list = messages.get(conn);
    if (!list) messages.set(conn, (list = []));
    list.push(text);
  });
  for (const rec of records) collector.add(rec);
  const parts = [harLogHead(opts.tool)];
  collector.entries().forEach(({ conn, upstream }, i) => {
    if (i > 0) parts.push(',');
    parts.push(collector.head(conn, upstream), (messages.get(conn.conn) ?? []).join(','), collector.tail(conn, upstream));
  });
  parts.push(harLogTail(collector.meta()));
  return parts.join('');
}

function parseType(rec: FrameRecord): { event: Record<string, unknown>; type: string | undefined } | undefined {
  if (rec.binary || rec.data.charCodeAt(0) !== 123) return undefined;
  try {
    const v: unknown = JSON.parse(rec.data);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const event = v as Record<string, unknown>;
    return { event, type: typeof event.type === 'string' ? event.type : undefined };
  } catch {
    return undefined;
  }
}
