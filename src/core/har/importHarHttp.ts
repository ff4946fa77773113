/**
 * HAR request entries as HTTP passthrough exchanges (transport 'http'): a `POST …/responses` entry
 * becomes the records the relay writes for one (conn.open, the request as a `send` frame,
 * conn.upstream_open with the status and the time to headers, one `receive` frame per SSE event or
 * one for a JSON body, conn.close), so the turn model, timeline and waterfall apply to HAR files of
 * HTTP agents too. Entries this tool wrote carry each event's exact time (harHttp.ts); for other
 * writers' entries the events are placed at the response's first byte, the last at its end.
 */

import { roundMicros, type CaptureRecord, type CloseSide, type FrameRecord } from '../capture.ts';
import { utf8Length } from '../export/bytes.ts';
import { HAR_HTTP_FRAMES_KEY } from '../export/harHttp.ts';
import { redactHeaders } from '../redact.ts';
import {
  fieldsOf,
  isObj,
  type OurFields,
  type RawContent,
  type RawEntry,
  type RawHeader,
  type RawPostData,
  type RawRequest,
  type RawResponse,
  type RawTimings,
} from './harShape.ts';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A Responses API request over HTTP: ours, or any writer's `POST …/v1/responses`. */
export function isHttpResponsesEntry(e: RawEntry, ours: OurFields): boolean {
  if (ours.transport === 'http') return true;
  const req = fieldsOf<RawRequest>(e.request);
  return req.method === 'POST' && typeof req.url === 'string' && /^https?:\/\/[^/]+(\/[^?#]*)?\/responses(\?|#|$)/i.test(req.url);
}

function headers(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(v)) return out;
  for (const h of v.map((item) => fieldsOf<RawHeader>(item))) if (typeof h.name === 'string' && !h.name.startsWith(':')) out[h.name.toLowerCase()] = String(h.value ?? '');
  return redactHeaders(out);
}

/** The events of an SSE body: each event's `data:` lines joined by "\n", and its `event:` name. */
export function parseSse(text: string): { event?: string; data: string }[] {
  const out: { event?: string; data: string }[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trimStart();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) out.push({ ...(event !== undefined ? { event } : {}), data: data.join('\n') });
  }
  return out;
}

const text = (conn: string, seq: number, t: number, dir: 'send' | 'receive', data: string, extra: Partial<FrameRecord>): FrameRecord => ({
  kind: 'frame',
  t,
  conn,
  seq,
  dir,
  binary: false,
  size: utf8Length(data),
  data,
  ...extra,
});

export function httpEntryRecords(e: RawEntry, conn: string, ours: OurFields, startMs: number): CaptureRecord[] {
  const req = fieldsOf<RawRequest>(e.request);
  const res = fieldsOf<RawResponse>(e.response);
  const timings = fieldsOf<RawTimings>(e.timings);
  const url = str(req.url) ?? '';
  const openT = roundMicros(num(ours.openT) ?? startMs);
  const path = str(ours.path) ?? /^[a-z]+:\/\/[^/?#]*(\/[^#]*)?/i.exec(url)?.[1] ?? '/v1/responses';
  const out: CaptureRecord[] = [
    {
      kind: 'conn.open',
      t: openT,
      conn,
      path,
      headers: headers(req.headers),
      transport: 'http',
      method: str(ours.method) ?? str(req.method) ?? 'POST',
      ...(str(ours.agentSocket) ? { agentSocket: str(ours.agentSocket) } : {}),
    },
  ];
  const status = num(ours.status) ?? num(res.status) ?? 0;
  const setupMs = num(ours.setupMs) ?? (num(timings.connect) !== undefined && num(timings.connect)! >= 0 ? num(timings.connect) : undefined);
  const handshakeMs = num(ours.handshakeMs) ?? Math.max(0, (setupMs ?? 0) + Math.max(0, num(timings.wait) ?? 0));
  const upstreamOpen = (t: number): CaptureRecord => ({
    kind: 'conn.upstream_open',
    t,
    conn,
    upstream: url,
    status,
    handshakeMs,
    headers: headers(res.headers),
    ...(setupMs !== undefined ? { setupMs } : {}),
    ...(typeof ours.reused === 'boolean' ? { reused: ours.reused } : {}),
  });
  const frames = Array.isArray(e[HAR_HTTP_FRAMES_KEY]) ? (e[HAR_HTTP_FRAMES_KEY] as unknown[]).filter(isObj) : null;
  let seq = 0;
  let last = openT;
  if (frames) {
    // Our own entry: every event at its recorded time, the upstream's answer where it came.
    const upT = num(ours.upstreamOpenT);
    let upDone = upT === undefined || status === 0;
    for (const m of frames) {
      const t = num(m.time);
      const data = str(m.data);
      if (t === undefined || data === undefined || (m.type !== 'send' && m.type !== 'receive')) continue;
      const ms = (last = Math.max(last, roundMicros(t * 1000)));
      if (!upDone && upT! <= ms) {
        out.push(upstreamOpen(roundMicros(upT!)));
        upDone = true;
      }
      const http = m.http === 'request' || m.http === 'sse' || m.http === 'response' ? m.http : undefined;
      out.push(
        text(conn, ++seq, ms, m.type, data, {
          ...(http ? { http } : {}),
          ...(str(m.event) !== undefined ? { event: str(m.event) } : {}),
          ...(num(m.status) !== undefined ? { status: num(m.status) } : {}),
        }),
      );
    }
    if (!upDone) out.push(upstreamOpen((last = Math.max(last, roundMicros(upT!)))));
  } else {
    // Another writer's entry: the request at the start, events at the first byte, the last at the end.
    const body = str(fieldsOf<RawPostData>(req.postData).text);
    if (body !== undefined) out.push(text(conn, ++seq, openT, 'send', body, { http: 'request' }));
    const firstByte = (last = roundMicros(openT + handshakeMs));
    if (status > 0) out.push(upstreamOpen(firstByte));
    // Status 0: the request failed before any response (how browsers record it).
    else out.push({ kind: 'conn.error', t: firstByte, conn, message: 'no response (HTTP status 0 in the HAR)' });
    const content = fieldsOf<RawContent>(res.content);
    const bodyText = str(content.text) ?? '';
    const endT = roundMicros(Math.max(firstByte, openT + (num(e.time) ?? 0)));
    const events = /event-stream/i.test(str(content.mimeType) ?? '') ? parseSse(bodyText) : null;
    if (events) {
      events.forEach((ev, i) =>
        out.push(text(conn, ++seq, i === events.length - 1 ? endT : firstByte, 'receive', ev.data, { http: 'sse', ...(ev.event !== undefined ? { event: ev.event } : {}) })),
      );
    } else if (bodyText) out.push(text(conn, ++seq, endT, 'receive', bodyText, { http: 'response', status }));
    last = endT;
  }
  const errorMessage = str(ours.error);
  if (num(ours.errorT) !== undefined || (status === 0 && errorMessage !== undefined)) {
    out.push({
      kind: 'conn.error',
      t: (last = Math.max(last, roundMicros(num(ours.errorT) ?? last))),
      conn,
      ...(num(ours.errorStatus) !== undefined ? { status: num(ours.errorStatus) } : {}),
      ...(errorMessage !== undefined ? { message: errorMessage } : {}),
    });
  }
  const side = ours.closeSide === 'client' || ours.closeSide === 'upstream' || ours.closeSide === 'relay' ? (ours.closeSide as CloseSide) : 'upstream';
  if (num(ours.closeT) !== undefined || !frames) {
    out.push({ kind: 'conn.close', t: Math.max(last, roundMicros(num(ours.closeT) ?? last)), conn, side, code: num(ours.closeCode) ?? 1000, reason: str(ours.closeReason) ?? '' });
  }
  return out;
}
