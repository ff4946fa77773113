/**
 * HAR files as captures: a HAR written by Chrome DevTools, HTTP Toolkit, mitmproxy (`savehar`),
 * Playwright or this tool becomes capture v1 records, so `open`, `export` and `replay` take a HAR
 * wherever they take a capture. The writers differ in where they keep WebSocket messages; what is accepted:
 *
 * - WebSocket entries: `_resourceType: "websocket"`, or a `_webSocketMessages` array, or a ws(s)://
 *   request URL, or a 101 response. `POST …/responses` entries become HTTP exchanges
 *   (importHarHttp.ts); other entries are skipped and counted.
 * - Messages: `type` send|receive (others skipped; `error` becomes a conn.error record), `opcode` 1
 *   is text, any other data opcode is binary with base64 `data` (8/9/10, close/ping/pong, are not
 *   data and are skipped), an optional `encoding: "base64"` on any message.
 * - Message `time`: epoch seconds with fraction (Chrome), epoch milliseconds (Playwright's unit bug,
 *   some third-party writers), or small values taken as seconds after the entry's start. The unit is
 *   decided per entry from the magnitude, since 1e11 s is year 5138 and 1e11 ms is 1973.
 * - `_webSocketClose: { code, reason, timestamp } | "aborted"` (HTTP Toolkit, this tool).
 * - Our own `_responsesInspector` fields restore connection ids and the closing side (per entry)
 *   and the capture's upstream and connection age limit (on the log).
 *
 * Headers are redacted again on the way in: a foreign HAR may carry `Authorization` in clear.
 * Records come out in time order; per connection, nothing is reordered, and times never go back.
 */

import { InspectorError } from '../errors.ts';
import { CAPTURE_FORMAT, CAPTURE_VERSION, isDateMs, roundMicros, type CaptureRecord, type CloseSide, type FrameRecord } from '../capture.ts';
import { base64Decode, base64Encode, utf8Decode, utf8Encode, utf8Length } from '../export/bytes.ts';
import { HAR_EXTENSION_END_KEY, HAR_EXTENSION_KEY } from '../export/har.ts';
import { redactHeaders } from '../redact.ts';
import {
  fieldsOf,
  isObj,
  type RawCreator,
  type RawEntry,
  type RawHeader,
  type OurFields,
  type RawLog,
  type RawRequest,
  type RawResponse,
  type RawWebSocketMessage,
} from './harShape.ts';
import { httpEntryRecords, isHttpResponsesEntry } from './importHarHttp.ts';

export class HarFormatError extends InspectorError {
  constructor(message: string, code = 'NOT_A_HAR') {
    super(message, code);
  }
}

export interface HarImport {
  records: CaptureRecord[];
  warnings: string[];
}

/**
 * The largest HAR text a reader takes. A HAR is one JSON document, held and parsed whole, and V8's
 * strings end at ~512 MiB: past that a read fails with an engine message instead of this one.
 */
export const MAX_HAR_CHARS = 500 * 1024 * 1024;

export function harTooLargeMessage(): string {
  return `a HAR file is one JSON document, read whole, and this one is over ${MAX_HAR_CHARS / 1024 / 1024} MiB: open or export the capture (.ndjson) it came from instead`;
}

/** JSON.parse for a HAR's text: a UTF-8 byte order mark (editors add one) is not JSON. */
export function parseHarText(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/** True when a text looks like a HAR document rather than an NDJSON capture (first bytes suffice). */
export function looksLikeHar(head: string): boolean {
  return /^\uFEFF?\s*\{\s*"log"\s*:/.test(head);
}

/** Converts a parsed HAR document. Throws HarFormatError when it is not a HAR at all. */
export function importHar(har: unknown, opts: { tool?: { name: string; version: string } } = {}): HarImport {
  const log: RawLog | undefined = isObj(har) && isObj(har.log) ? har.log : undefined;
  if (!log || !Array.isArray(log.entries)) {
    throw new HarFormatError('not a HAR file: expected {"log":{"entries":[...]}}');
  }
  const warnings: string[] = [];
  const entries: RawEntry[] = (log.entries as unknown[]).filter(isObj);
  const ws = entries.filter(isWebSocketEntry);
  const oursOf = (e: RawEntry): OurFields => ({ ...fieldsOf<OurFields>(e[HAR_EXTENSION_KEY]), ...fieldsOf<OurFields>(e[HAR_EXTENSION_END_KEY]) });
  const http = entries.filter((e) => !isWebSocketEntry(e) && isHttpResponsesEntry(e, oursOf(e)));
  const other = entries.length - ws.length - http.length;
  if (other > 0) warnings.push(`${other} HTTP ${other === 1 ? 'entry' : 'entries'} skipped (neither a WebSocket nor a POST to the Responses API)`);

  const perConn: CaptureRecord[][] = [];
  const used = new Set<string>();
  [...ws, ...http]
    .map((e, i) => ({ e, i, start: startOf(e) }))
    .sort((a, b) => a.start - b.start || a.i - b.i)
    .forEach(({ e, start }, n) => {
      const ours = oursOf(e);
      let conn = typeof ours.conn === 'string' && ours.conn !== '' ? ours.conn : `c${n + 1}`;
      while (used.has(conn)) conn = `${conn}_`;
      used.add(conn);
      const records = isWebSocketEntry(e) ? entryRecords(e, conn, ours, warnings) : httpEntryRecords(e, conn, ours, start);
      // Times come from the writer's fields, in whatever unit it used: one that is no date (a
      // year-300000 timestamp, an overflow) would make the entry unusable downstream (exports format it).
      if (records.every((r) => isDateMs(r.t))) perConn.push(records);
      else warnings.push(`${conn} (${urlOf(e) ?? ''}): entry skipped, its times are not dates`);
    });

  const merged = mergeByTime(perConn);
  const creator = fieldsOf<RawCreator>(log.creator);
  const firstUrl = ws.length ? urlOf(ws[0]) : undefined;
  const t0 = merged.length ? merged[0].t : Date.now();
  const start: CaptureRecord = {
    kind: 'capture.start',
    t: t0,
    format: CAPTURE_FORMAT,
    version: CAPTURE_VERSION,
    upstream: firstUrl ?? '',
    tool: opts.tool ?? { name: 'responses-inspector', version: 'unknown' },
  };
  // Our own HAR keeps what capture.start said (har.ts): the limit the countdown and reconnect links use.
  const ours = fieldsOf<OurFields>((log as Record<string, unknown>)[HAR_EXTENSION_KEY]);
  if (typeof ours.upstream === 'string' && ours.upstream !== '') start.upstream = ours.upstream;
  if (typeof ours.maxAgeMs === 'number' && Number.isFinite(ours.maxAgeMs) && ours.maxAgeMs > 0) start.maxAgeMs = ours.maxAgeMs;
  (start as unknown as Record<string, unknown>).importedFrom = { format: 'har', creator: { name: String(creator.name ?? ''), version: String(creator.version ?? '') } };
  const frames = merged.filter((r): r is FrameRecord => r.kind === 'frame');
  const end: CaptureRecord = {
    kind: 'capture.end',
    t: merged.length ? merged[merged.length - 1].t : t0,
    counts: { connections: perConn.length, frames: frames.length, bytes: frames.reduce((s, f) => s + f.size, 0), dropped: 0 },
  };
  return { records: [start, ...merged, end], warnings };
}

function isWebSocketEntry(e: RawEntry): boolean {
  if (e._resourceType === 'websocket' || Array.isArray(e._webSocketMessages)) return true;
  const url = urlOf(e);
  if (url && /^wss?:/i.test(url)) return true;
  return fieldsOf<RawResponse>(e.response).status === 101;
}

function urlOf(e: RawEntry): string | undefined {
  const url = fieldsOf<RawRequest>(e.request).url;
  return typeof url === 'string' ? url : undefined;
}

function startOf(e: RawEntry): number {
  const t = typeof e.startedDateTime === 'string' ? Date.parse(e.startedDateTime) : NaN;
  if (Number.isFinite(t)) return t;
  const first: RawWebSocketMessage | undefined = Array.isArray(e._webSocketMessages) ? (e._webSocketMessages as unknown[]).find(isObj) : undefined;
  return first && typeof first.time === 'number' ? toMs(first.time, 'auto', 0) : 0;
}

function headerList(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(v)) return out;
  for (const item of v) {
    const h = fieldsOf<RawHeader>(item);
    if (typeof h.name === 'string' && h.value !== undefined) {
      const name = h.name.toLowerCase();
      // HTTP/2 pseudo-headers (":authority") are not upgrade headers.
      if (!name.startsWith(':')) out[name] = out[name] !== undefined ? `${out[name]}, ${String(h.value)}` : String(h.value);
    }
  }
  return redactHeaders(out);
}

type Unit = 'ms' | 's' | 'relative';

/** Epoch seconds, epoch milliseconds, or seconds after the entry's start (see the module comment). */
function unitOf(times: number[]): Unit {
  const max = Math.max(...times);
  if (max > 1e11) return 'ms';
  if (max > 1e8) return 's';
  return 'relative';
}

function toMs(time: number, unit: Unit | 'auto', startMs: number): number {
  const u = unit === 'auto' ? unitOf([time]) : unit;
  return roundMicros(u === 'ms' ? time : u === 's' ? time * 1000 : startMs + time * 1000);
}

function entryRecords(e: RawEntry, conn: string, ours: OurFields, warnings: string[]): CaptureRecord[] {
  const out: CaptureRecord[] = [];
  const url = urlOf(e) ?? '';
  let path = typeof ours.path === 'string' ? ours.path : '';
  // No URL class here (src/core has neither DOM nor Node types): the path is what follows the host.
  if (!path) path = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(url)?.[1] ?? '/v1/responses';
  const rawMessages: RawWebSocketMessage[] = Array.isArray(e._webSocketMessages) ? (e._webSocketMessages as unknown[]).filter(isObj) : [];
  const times = rawMessages.map((m) => m.time).filter((t): t is number => typeof t === 'number' && Number.isFinite(t));
  const unit: Unit = times.length ? unitOf(times) : 's';
  let openT = startOf(e);
  if (!Number.isFinite(openT) || openT === 0) openT = times.length ? toMs(Math.min(...times), unit, 0) : 0;
  openT = roundMicros(openT);
  const headers = headerList(fieldsOf<RawRequest>(e.request).headers);
  out.push({ kind: 'conn.open', t: openT, conn, path, headers });

  const response = fieldsOf<RawResponse>(e.response);
  const status = typeof response.status === 'number' ? response.status : 0;
  // The handshake ended no later than the first message (writers' entry `time` varies in meaning).
  const firstMsgT = times.length ? toMs(Math.min(...times), unit, openT) : Infinity;
  const handshake = roundMicros(Math.max(0, Math.min(typeof e.time === 'number' && e.time >= 0 ? e.time : 0, firstMsgT - openT)));
  let last = openT;
  // Messages are the evidence; a 101 is implied when there are any.
  if (status === 101 || (status === 0 && rawMessages.length > 0)) {
    out.push({
      kind: 'conn.upstream_open',
      t: (last = roundMicros(openT + handshake)),
      conn,
      upstream: url,
      status: 101,
      handshakeMs: handshake,
      headers: headerList(response.headers),
    });
  } else if (status > 0) {
    out.push({
      kind: 'conn.error',
      t: (last = roundMicros(openT + handshake)),
      conn,
      status,
      message: typeof ours.error === 'string' ? ours.error : `upgrade refused with HTTP ${status}`,
    });
  }

  let seq = 0;
  let skipped = 0;
  for (const m of rawMessages) {
    if (typeof m.time !== 'number' || typeof m.data !== 'string' || (m.type !== 'send' && m.type !== 'receive' && m.type !== 'error')) {
      skipped++;
      continue;
    }
    // Times never go back within a connection (clock sources of one writer can disagree slightly).
    const t = (last = Math.max(last, toMs(m.time, unit, openT)));
    if (m.type === 'error') {
      out.push({ kind: 'conn.error', t, conn, message: m.data });
      continue;
    }
    const frame = toFrame(m, conn, ++seq, t);
    if (frame) out.push(frame);
    else {
      seq--;
      skipped++;
    }
  }
  if (skipped) warnings.push(`${conn} (${url}): ${skipped} WebSocket messages skipped (control frames or missing fields)`);

  const close = e._webSocketClose;
  if (close === 'aborted') {
    out.push({ kind: 'conn.close', t: last, conn, side: closeSide(ours), code: 1006, reason: 'aborted' });
  } else if (isObj(close)) {
    const ts = typeof close.timestamp === 'number' ? Math.max(last, toMs(close.timestamp, times.length ? unit : 'auto', openT)) : last;
    out.push({
      kind: 'conn.close',
      t: ts,
      conn,
      side: closeSide(ours),
      code: typeof close.code === 'number' ? close.code : 1005,
      reason: typeof close.reason === 'string' ? close.reason : '',
    });
  }
  return out;
}

/** HTTP Toolkit does not say who closed; the API side is the likelier one for a recorded agent. */
function closeSide(ours: OurFields): CloseSide {
  const s = ours.closeSide;
  return s === 'client' || s === 'upstream' || s === 'relay' ? s : 'upstream';
}

function toFrame(m: RawWebSocketMessage, conn: string, seq: number, t: number): FrameRecord | null {
  const opcode = typeof m.opcode === 'number' ? m.opcode : 1;
  if (opcode === 8 || opcode === 9 || opcode === 10 || opcode < 0) return null;
  const dir = m.type as 'send' | 'receive';
  const data = m.data as string;
  const base64 = m.encoding === 'base64';
  if (opcode === 1) {
    const text = base64 ? utf8Decode(base64Decode(data) ?? utf8Encode(data)) : data;
    return { kind: 'frame', t, conn, seq, dir, binary: false, size: utf8Length(text), data: text };
  }
  // Binary: base64 in every known writer; a writer that put raw text there gets it encoded.
  const bytes = base64Decode(data) ?? utf8Encode(data);
  return { kind: 'frame', t, conn, seq, dir, binary: true, size: bytes.length, data: base64Encode(bytes) };
}

/** A stable merge of per-connection lists (each already in time order) into one, by time. */
function mergeByTime(lists: CaptureRecord[][]): CaptureRecord[] {
  const all = lists.flatMap((list, li) => list.map((rec, ri) => ({ rec, li, ri })));
  all.sort((a, b) => a.rec.t - b.rec.t || a.li - b.li || a.ri - b.ri);
  return all.map((x) => x.rec);
}
